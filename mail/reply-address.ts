import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The reply-address scheme: `request-<id>-<code>@<domain>`, the code being
 * the start of an HMAC of the id. It stops anyone from guessing an address
 * that reaches a request's page, while the address stays short enough for
 * authorities to retype (and mistype) it. New addresses carry 16 hex digits
 * (64 bits); the 8-digit (32-bit) codes handed out before still route, but
 * only to requests marked `short_reply_code` (mail/route.ts).
 */

/** The 32-bit code of addresses handed out before 64-bit codes. */
export function requestHmac8(secret: string, requestId: number | string): string {
  return requestCode(secret, requestId).slice(0, 8);
}

/** The 64-bit code of every new reply address. */
export function requestCode(secret: string, requestId: number | string): string {
  return createHmac("sha256", secret).update(String(requestId)).digest("hex").slice(0, 16);
}

export function replyAddressFor(secret: string, requestId: number | string, domain: string): string {
  return `request-${requestId}-${requestCode(secret, requestId)}@${domain.toLowerCase()}`;
}

export interface RequestAddressMatch {
  requestId: number;
  /** The text that matched, as found (before typo correction). */
  found: string;
  /** True when the id or hash only verified after fixing l/1 and o/0 confusions. */
  corrected: boolean;
  /** An old 32-bit code: routes only to a request from before 64-bit codes. */
  shortCode: boolean;
}

// "request-" anywhere in a local part: after a display name or quote, after
// a BATV tag (prvs=tag=request-…), inside an SRS address
// (SRS0=hash=tt=domain=request-…), after a sub-address prefix (foi+request-…).
// The id and the hash may contain l and o typed for 1 and 0. The hash must
// end the token (then @, +, =, a quote, a bracket or the end of the string).
const CANDIDATE = /(?:^|[^a-z0-9])request-([0-9lo]{1,12})-([0-9a-flo]{16}|[0-9a-flo]{8})(?![0-9a-z])/gi;

function fixTypos(s: string): string {
  return s.toLowerCase().replace(/l/g, "1").replace(/o/g, "0");
}

function hmacMatches(secret: string, id: string, hash: string): boolean {
  const expected = Buffer.from(requestCode(secret, id).slice(0, hash.length));
  const given = Buffer.from(hash);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * Find the request ids carried by reply addresses in any of `candidates`
 * (raw header values or addresses). Only addresses whose hmac verifies are
 * returned, each request once, in order of first appearance.
 */
export function findRequestAddresses(secret: string, candidates: Iterable<string | null | undefined>): RequestAddressMatch[] {
  return scanRequestAddresses(secret, candidates).matches;
}

/**
 * At most this many reply-address tokens are examined in one message; the
 * rest count as wrong. A code is 32 bits: a message that carries many
 * guesses (a hundred Cc: lines) must not get them all checked.
 */
export const MAX_ADDRESS_TOKENS_PER_MESSAGE = 50;

/** The verified reply addresses of `candidates`, and the distinct tokens whose code was wrong. */
export function scanRequestAddresses(secret: string, candidates: Iterable<string | null | undefined>): { matches: RequestAddressMatch[]; wrong: Set<string> } {
  const out: RequestAddressMatch[] = [];
  const seen = new Set<number>();
  const wrong = new Set<string>();
  const examined = new Set<string>();
  for (const candidate of candidates) {
    if (!candidate) continue;
    // Quoted-printable soft breaks and folding can split an address; undo the folding only.
    const text = candidate.replace(/\r?\n[ \t]+/g, " ");
    for (const m of text.matchAll(CANDIDATE)) {
      const token = `${m[1]}-${m[2]}`.toLowerCase();
      if (!examined.has(token) && examined.size >= MAX_ADDRESS_TOKENS_PER_MESSAGE) {
        wrong.add(token);
        continue;
      }
      examined.add(token);
      const rawId = m[1].toLowerCase();
      const rawHash = m[2].toLowerCase();
      const id = fixTypos(rawId);
      const hash = fixTypos(rawHash);
      if (!/^[1-9][0-9]*$/.test(id)) continue;
      const requestId = Number(id);
      if (!Number.isSafeInteger(requestId) || seen.has(requestId)) continue;
      if (!hmacMatches(secret, id, hash)) {
        wrong.add(token);
        continue;
      }
      seen.add(requestId);
      out.push({ requestId, found: m[0].replace(/^[^a-z0-9]/i, ""), corrected: id !== rawId || hash !== rawHash, shortCode: hash.length === 8 });
    }
  }
  return { matches: out, wrong };
}

/** For the SMTP listener's RCPT TO: a reply address with a valid code, one with a wrong code, or neither. */
export function recipientCode(secret: string, address: string): "valid" | "wrong" | "none" {
  const { matches, wrong } = scanRequestAddresses(secret, [address.split("@")[0] ?? ""]);
  return matches.length > 0 ? "valid" : wrong.size > 0 ? "wrong" : "none";
}

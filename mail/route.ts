import { sql } from "kysely";
import type { Db } from "../db/connect";
import type { ParsedMessage } from "./parse";
import { findRequestAddresses, scanRequestAddresses } from "./reply-address";
import type { Envelope } from "./smtp-server";

export interface Route {
  requestId: number | null;
  /** How the request was found, or why not (shown to admins in the holding pen). */
  reason: string;
  /** For the holding pen: the most likely request and why, for an admin to confirm. */
  guess: { requestId: number; reason: string } | null;
}

/** Where to look for our reply address, most reliable first. */
function addressSources(parsed: ParsedMessage, envelope: Envelope | null): Array<[string, string[]]> {
  return [
    ["envelope recipient", envelope?.rcptTo ?? []],
    ["To", parsed.routing.to],
    ["Cc", parsed.routing.cc],
    ["Bcc", parsed.routing.bcc],
    ["Delivered-To", parsed.routing.deliveredTo],
    ["X-Original-To", parsed.routing.xOriginalTo],
    ["Envelope-To", parsed.routing.envelopeTo],
    ["Received", parsed.routing.receivedFor],
  ];
}

/** More wrong reply codes than this in one message (typos happen, a few) and it is not delivered. */
export const MAX_WRONG_CODES_PER_MESSAGE = 3;

export function normaliseMessageId(id: string): string {
  return id.trim().replace(/^<|>$/g, "").toLowerCase();
}

/**
 * Find the request a message belongs to: first a verified reply address in
 * the envelope or any address header, then In-Reply-To/References against the
 * Message-IDs we sent. Mail to a valid request address is delivered whoever
 * sent it (authorities answer from personal addresses).
 */
export async function routeMessage(db: Db, secret: string, parsed: ParsedMessage, envelope: Envelope | null): Promise<Route> {
  // A message that tries many codes is guessing: it is delivered nowhere, whichever guess was right.
  const scan = scanRequestAddresses(secret, addressSources(parsed, envelope).flatMap(([, values]) => values));
  if (scan.wrong.size > MAX_WRONG_CODES_PER_MESSAGE) {
    return { requestId: null, reason: `${scan.wrong.size} reply addresses with a wrong code: held as a guessing attempt`, guess: null };
  }
  for (const [source, values] of addressSources(parsed, envelope)) {
    const matches = findRequestAddresses(secret, values);
    if (matches.length === 0) continue;
    const ids = matches.map((m) => m.requestId);
    const existing = await db.selectFrom("requests").select(["id", "short_reply_code"]).where("id", "in", ids).execute();
    // A 32-bit code only opens a request that was given one (before 64-bit codes).
    const found = matches.find((m) => existing.some((r) => r.id === m.requestId && (!m.shortCode || r.short_reply_code)));
    if (found) {
      return { requestId: found.requestId, reason: `reply address in ${source}${found.corrected ? " (typo corrected)" : ""}`, guess: null };
    }
  }

  const ids = [...parsed.inReplyTo, ...parsed.references].map(normaliseMessageId).filter(Boolean);
  if (ids.length > 0) {
    const row = await db
      .selectFrom("messages")
      .select(["request_id"])
      .where("direction", "=", "outbound")
      .where("request_id", "is not", null)
      .where(sql<string>`lower(trim(both '<>' from message_id))`, "in", ids)
      .orderBy("created_at", "desc")
      .executeTakeFirst();
    if (row?.request_id) return { requestId: row.request_id, reason: "In-Reply-To/References matches a message we sent", guess: null };
  }

  return { requestId: null, reason: "no valid reply address and no known thread", guess: await guessRequest(db, parsed, envelope) };
}

/** A hint for the admin: an address with our shape but a wrong code, or the sender's authority's latest request. */
async function guessRequest(db: Db, parsed: ParsedMessage, envelope: Envelope | null): Promise<Route["guess"]> {
  const all = addressSources(parsed, envelope).flatMap(([, v]) => v).join(" ");
  for (const m of all.matchAll(/request-([0-9lo]{1,9})-/gi)) {
    const id = Number(m[1].toLowerCase().replace(/l/g, "1").replace(/o/g, "0"));
    if (!Number.isSafeInteger(id) || id <= 0) continue;
    const row = await db.selectFrom("requests").select("id").where("id", "=", id).executeTakeFirst();
    if (row) return { requestId: row.id, reason: `addressed to request-${m[1]}-… with a wrong or missing code` };
  }
  const domain = parsed.from.address?.split("@")[1];
  if (domain) {
    const row = await db
      .selectFrom("requests")
      .innerJoin("authorities", "authorities.id", "requests.authority_id")
      .select(["requests.id"])
      .where(sql<string>`lower(split_part(authorities.email, '@', 2))`, "=", domain.toLowerCase())
      .orderBy("requests.created_at", "desc")
      .executeTakeFirst();
    if (row) return { requestId: row.id, reason: `sender's domain ${domain} is the authority's; its most recent request` };
  }
  return null;
}

/** True when the sender's domain is not the authority's e-mail or website domain (shown next to the reply). */
export function senderOutsideAuthority(fromAddress: string | null, authority: { email: string | null; website: string | null }): boolean {
  const domain = fromAddress?.split("@")[1]?.toLowerCase();
  if (!domain) return true;
  const known = [authority.email?.split("@")[1], authority.website ? hostOf(authority.website) : null]
    .filter((d): d is string => Boolean(d))
    .map((d) => d.toLowerCase().replace(/^www\./, ""));
  if (known.length === 0) return false;
  return !known.some((d) => domain === d || domain.endsWith(`.${d}`) || d.endsWith(`.${domain}`));
}

function hostOf(url: string): string | null {
  try {
    return new URL(/^https?:/i.test(url) ? url : `https://${url}`).hostname;
  } catch {
    return null;
  }
}

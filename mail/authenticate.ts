import { Resolver } from "node:dns/promises";
import { isIP } from "node:net";
import { authenticate } from "mailauth";
import { cleanText } from "./text";
import type { Envelope } from "./smtp-server";

/**
 * Sender authentication of inbound mail: SPF (the connecting IP against the
 * envelope sender's domain), DKIM signatures, DMARC for the From domain, and
 * ARC where a forwarder sealed the message — computed with mailauth from the
 * SMTP transaction the listener recorded (client IP, HELO, MAIL FROM) and the
 * raw bytes. Why it runs in the worker and not before the 250:
 * docs/decisions/310-sender-authentication.md.
 */

/** mailauth's DNS interface: TXT answers are arrays of chunks; a missing name throws with code ENOTFOUND or ENODATA. */
export type DnsResolver = (name: string, rrtype: string) => Promise<unknown>;

export interface AuthVerdict {
  spf: string;
  /** The domain SPF checked (the envelope sender's, or the HELO name's for the null sender). */
  spfDomain: string | null;
  /** The client address SPF judged: the connecting one, or behind a trusted relay the one its Received header names (absent on older rows). */
  spfClient?: string | null;
  /** SPF judged the client named by a trusted relay (SMTP_TRUSTED_RELAYS), not the relay itself. */
  spfViaRelay?: boolean;
  dkim: Array<{ domain: string | null; result: string; aligned: boolean }>;
  dmarc: string;
  /** The From header's domain DMARC was evaluated for. */
  dmarcDomain: string | null;
  dmarcPolicy: string | null;
  arc: string;
  /** What an administrator reads: mailauth's Authentication-Results header, trimmed. */
  summary: string;
}

const RESULT = /^(pass|fail|softfail|neutral|none|temperror|permerror|policy)$/;
const result = (value: unknown): string => (typeof value === "string" && RESULT.test(value) ? value : "none");

/**
 * The client that handed a message to our trusted relay (the MX in front
 * of Dossier), from the Received header that relay put on top: Postfix
 * writes `from HELO (rdns [IP])` there. Lower Received headers are
 * whatever the sender wrote and are never read. Null when the top header
 * names no address.
 */
export function relayedClient(raw: Buffer): { ip: string; helo: string | null } | null {
  const head = raw.subarray(0, 64 * 1024).toString("latin1");
  const end = head.search(/\r?\n\r?\n/);
  const lines = (end === -1 ? head : head.slice(0, end)).split(/\r?\n/);
  const start = lines.findIndex((line) => /^received[ \t]*:/i.test(line));
  if (start === -1) return null;
  let header = lines[start].replace(/^received[ \t]*:/i, "");
  for (let i = start + 1; i < lines.length && /^[ \t]/.test(lines[i]); i++) header += ` ${lines[i].trim()}`;
  header = header.slice(0, 2000).trim();
  const from = /^from[ \t]+([^\s()]{1,255})/i.exec(header);
  const comment = /^from[ \t]+[^\s()]{0,255}[ \t]*\(([^()]{0,600})\)/i.exec(header);
  const ip = comment ? /\[(?:ipv6:)?([0-9a-f.:]{2,45})\]/i.exec(comment[1])?.[1] : undefined;
  if (!ip || isIP(ip) === 0) return null;
  const helo = from?.[1] && !from[1].startsWith("[") ? from[1] : null;
  return { ip: ip.toLowerCase(), helo };
}

/** Whom SPF judges: the connecting client, or behind a trusted relay the client that relay names. */
function spfClient(raw: Buffer, envelope: Envelope | null): { ip: string | undefined; helo: string | undefined; relayed: boolean } {
  if (envelope?.viaTrustedRelay) {
    const original = relayedClient(raw);
    return { ip: original?.ip, helo: original?.helo ?? undefined, relayed: true };
  }
  return { ip: envelope?.remoteAddress?.replace(/^::ffff:/, "") || undefined, helo: envelope?.helo ?? undefined, relayed: false };
}

export async function authenticateMessage(raw: Buffer, envelope: Envelope | null, resolver: DnsResolver, mta: string): Promise<AuthVerdict> {
  const client = spfClient(raw, envelope);
  const r = await authenticate(raw, {
    ip: client.ip,
    helo: client.helo,
    sender: envelope ? envelope.mailFrom : undefined,
    mta,
    resolver,
    disableBimi: true,
  });
  const spf = r.spf as { status?: { result?: string }; domain?: string } | false;
  const dmarc = r.dmarc as { status?: { result?: string; header?: { from?: string } }; domain?: string; policy?: string } | false;
  const arc = r.arc as { status?: { result?: string } } | undefined;
  // Behind a relay whose header names no client, there is no one for SPF to judge.
  const judged = Boolean(client.ip);
  return {
    spf: judged ? result(spf ? spf.status?.result : "none") : "none",
    spfDomain: judged && spf ? (spf.domain ?? null) : null,
    spfClient: client.ip ?? null,
    spfViaRelay: client.relayed,
    dkim: (r.dkim?.results ?? []).map((d: { signingDomain?: string; status?: { result?: string; aligned?: string | false } }) => ({
      domain: d.signingDomain ?? null,
      result: result(d.status?.result),
      aligned: Boolean(d.status?.aligned),
    })),
    dmarc: result(dmarc ? dmarc.status?.result : "none"),
    dmarcDomain: dmarc ? (dmarc.domain ?? dmarc.status?.header?.from ?? null) : null,
    dmarcPolicy: dmarc ? (dmarc.policy ?? null) : null,
    arc: result(arc?.status?.result),
    summary: cleanText(String(r.headers ?? "")).slice(0, 4000),
  };
}

/** The verdict when the checks could not run (DNS down, a bug): kept so the message still goes through, "not verified". */
export function uncheckedVerdict(error: unknown): AuthVerdict {
  const message = cleanText(error instanceof Error ? error.message : String(error)).slice(0, 500);
  return { spf: "temperror", spfDomain: null, dkim: [], dmarc: "temperror", dmarcDomain: null, dmarcPolicy: null, arc: "none", summary: `not checked: ${message}` };
}

/** DMARC passed for the From domain: the message comes from a server that domain authorises. */
export function isVerified(v: AuthVerdict | null | undefined): boolean {
  return v?.dmarc === "pass";
}

/** DMARC failed for the From domain: the From is not backed by SPF or DKIM of that domain, which publishes a DMARC policy. */
export function failsDmarc(v: AuthVerdict | null | undefined): boolean {
  return v?.dmarc === "fail";
}

/**
 * Production DNS: node's resolver with short timeouts and a small cache of
 * answers and failures (a burst of replies from one authority costs one
 * lookup per name), so that a slow or absent DNS delays a message by seconds
 * at most and never stops processing.
 */
export function cachingResolver(options: { timeoutMs?: number; ttlMs?: number; failureTtlMs?: number; maxEntries?: number } = {}): DnsResolver {
  const resolver = new Resolver({ timeout: options.timeoutMs ?? 2000, tries: 2 });
  const ttl = options.ttlMs ?? 5 * 60_000;
  const failureTtl = options.failureTtlMs ?? 60_000;
  const max = options.maxEntries ?? 10_000;
  const cache = new Map<string, { until: number; value: Promise<unknown> }>();
  return (name, rrtype) => {
    const key = `${name.toLowerCase()}|${rrtype}`;
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && hit.until > now) return hit.value;
    const value = resolver.resolve(name, rrtype as "TXT");
    const entry = { until: now + ttl, value };
    value.catch(() => {
      entry.until = Date.now() + failureTtl;
    });
    if (cache.size >= max) cache.delete(cache.keys().next().value as string);
    cache.set(key, entry);
    return value;
  };
}

import { sql } from "kysely";
import type { Db } from "../db/connect";
import type { Authority, Request } from "../db/schema";
import { emailForLaterLetters } from "./channels";
import { RequestError } from "./errors";

type Executor = Pick<Db, "selectFrom">;

/**
 * Who a follow-up may go to (finding 4 of issue 17): the authority's
 * directory address (verified, or agreed to), or someone who replied from
 * the authority's own domain, passed its DMARC check, and whom the citizen
 * picked by name on the page (shown with the domain). A stranger who writes
 * to the reply address, or a forged From, never becomes the recipient.
 */
export type FollowUpRecipient = { address: string; domain: string; source: "directory" | "replier" };

/** At most this many follow-ups per request in a day. */
export const FOLLOW_UPS_PER_DAY = 3;

function domainOf(address: string | null | undefined): string | null {
  const at = address?.lastIndexOf("@") ?? -1;
  return address && at > 0 ? address.slice(at + 1).trim().toLowerCase() : null;
}

/** `domain` is the authority's domain or one of its subdomains. */
export function onAuthorityDomain(domain: string, authorityDomain: string): boolean {
  return domain === authorityDomain || domain.endsWith(`.${authorityDomain}`);
}

export async function followUpRecipients(db: Executor, request: Pick<Request, "id" | "email_consent_address">, authority: Authority): Promise<FollowUpRecipient[]> {
  const out: FollowUpRecipient[] = [];
  const directory = emailForLaterLetters(authority, request);
  if (directory) out.push({ address: directory.toLowerCase(), domain: domainOf(directory) ?? "", source: "directory" });
  const authorityDomain = domainOf(authority.email);
  if (!authorityDomain) return out;
  const senders = await db
    .selectFrom("messages")
    .select(sql<string>`lower(from_address)`.as("address"))
    .where("request_id", "=", request.id)
    .where("direction", "=", "inbound")
    .where("from_address", "is not", null)
    .where("dmarc_failed", "=", false)
    .where("hidden", "=", false)
    .where("spam_at", "is", null)
    .groupBy(sql`lower(from_address)`)
    .orderBy(sql`max(created_at)`, "desc")
    .execute();
  for (const { address } of senders) {
    const domain = domainOf(address);
    if (!domain || !onAuthorityDomain(domain, authorityDomain) || out.some((r) => r.address === address)) continue;
    out.push({ address, domain, source: "replier" });
  }
  return out;
}

/**
 * The recipient of a follow-up: the citizen's choice when it is one of
 * `followUpRecipients`, else the directory address. Refuses an address
 * outside the list (`invalid_input`), and a request without any.
 */
export function chooseFollowUpRecipient(recipients: FollowUpRecipient[], chosen: string | null | undefined, authority: Pick<Authority, "email">): string {
  if (chosen) {
    const found = recipients.find((r) => r.address === chosen.trim().toLowerCase());
    if (!found) throw new RequestError("invalid_input", "A follow-up goes to the authority's address or to someone who replied from its domain");
    return found.address;
  }
  const directory = recipients.find((r) => r.source === "directory");
  if (directory) return directory.address;
  throw new RequestError(authority.email ? "unverified_email" : "no_email", authority.email ? "The authority's e-mail address is not verified: choose who replied, or write by post" : "The authority has no e-mail address");
}

/** Refuses a fourth follow-up on one request within a day. */
export async function limitFollowUps(db: Executor, requestId: number): Promise<void> {
  const row = await db
    .selectFrom("events")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("request_id", "=", requestId)
    .where("type", "=", "follow_up")
    .where("at", ">", new Date(Date.now() - 24 * 3600_000))
    .executeTakeFirstOrThrow();
  if (Number(row.n) >= FOLLOW_UPS_PER_DAY) throw new RequestError("follow_up_limit", `At most ${FOLLOW_UPS_PER_DAY} follow-ups a day on one request`);
}

/** The choices of the follow-up form of a request (empty when it has none). */
export async function followUpChoices(db: Db, requestId: number): Promise<FollowUpRecipient[]> {
  const request = await db.selectFrom("requests").select(["id", "authority_id", "email_consent_address"]).where("id", "=", requestId).executeTakeFirst();
  if (!request) return [];
  const authority = await db.selectFrom("authorities").selectAll().where("id", "=", request.authority_id).executeTakeFirst();
  return authority ? followUpRecipients(db, request, authority) : [];
}

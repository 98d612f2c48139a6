/**
 * An authority's unverified request address becomes verified when the
 * authority answers from that domain (issue 15): the first reply threaded
 * onto a request to it, from an address at the same domain, shows the
 * address reaches the body. The change is written to the audit log.
 */
import { sql } from "kysely";
import type { Db } from "../db/connect";
import { defineSubscriber, type StoredDomainEvent } from "../core/events";

function domainOf(address: string | null | undefined): string | null {
  const at = address?.lastIndexOf("@") ?? -1;
  return at > 0 ? address!.slice(at + 1).trim().toLowerCase() : null;
}

/** Verifies the authority's address if `from` replied from its domain; returns whether it did. */
export async function verifyByReply(db: Db, input: { requestId: number; from: string | null; eventId: number }): Promise<boolean> {
  const sender = domainOf(input.from);
  if (!sender) return false;
  return db.transaction().execute(async (trx) => {
    const authority = await trx
      .selectFrom("requests")
      .innerJoin("authorities", "authorities.id", "requests.authority_id")
      .select(["authorities.id", "authorities.email", "authorities.email_verified", "authorities.email_source"])
      .where("requests.id", "=", input.requestId)
      .forUpdate()
      .executeTakeFirst();
    if (!authority?.email || authority.email_verified || domainOf(authority.email) !== sender) return false;
    await trx
      .updateTable("authorities")
      .set({ email_verified: true, email_source: `${authority.email_source ?? "unknown source"}; verified by a reply from ${input.from} (request #${input.requestId})`, updated_at: sql`now()` })
      .where("id", "=", authority.id)
      .execute();
    await trx
      .insertInto("audit_log")
      .values({
        actor_user_id: null,
        action: "authority.email_verified_by_reply",
        target_type: "authority",
        target_id: authority.id,
        request_id: input.requestId,
        reason: `reply from ${input.from}`,
        data: JSON.stringify({ email: authority.email, event_id: input.eventId }),
      })
      .execute();
    return true;
  });
}

export const emailVerificationSubscribers = [
  defineSubscriber({
    name: "authorities.verify_by_reply",
    on: ["request.event_recorded"],
    async handle(event, context) {
      await verifyByReplies(context.db, [event]);
    },
    async handleBatch(events, context) {
      await verifyByReplies(context.db, events);
    },
  }),
];

/**
 * The replies among `events`, read in one query; a burst of replies to the
 * same request from the same domain is checked once (the first is enough).
 */
async function verifyByReplies(db: Db, events: StoredDomainEvent<"request.event_recorded">[]): Promise<void> {
  const replies = events.filter((e) => e.requestId != null && (e.data.eventType === "reply_received" || e.data.eventType === "acknowledgement_received"));
  if (replies.length === 0) return;
  const rows = await db.selectFrom("events").select(["id", "data"]).where("id", "in", replies.map((e) => e.data.eventId)).execute();
  const fromOf = new Map(rows.map((r) => [Number(r.id), (r.data as { from?: string | null } | null)?.from ?? null]));
  const seen = new Set<string>();
  for (const event of replies) {
    const from = fromOf.get(event.data.eventId) ?? null;
    const key = `${event.requestId} ${domainOf(from)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    await verifyByReply(db, { requestId: event.requestId!, from, eventId: event.data.eventId });
  }
}

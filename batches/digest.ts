/**
 * One digest per batch. The replies to a batch's requests do not e-mail
 * the requester one by one (mail/notify.ts leaves them out); this room's
 * subscriber puts each reply, once, in the pending digest of every
 * follower of the batch, and the daily job sends each follower one e-mail
 * per batch listing them — marked sent in the transaction that queues the
 * e-mail, so a reply is in exactly one digest.
 */
import { sql } from "kysely";
import { displayName } from "../authorities/names";
import { defineEmail, emailLocale } from "../core/email";
import { defineSubscriber } from "../core/events";
import type { AppContext } from "../core/context";
import type { Db } from "../db/connect";
import { queueEmail } from "../mail/outbound";

export const BATCH_DIGEST_JOB = "batches.digest";
export const MAX_DIGEST_ITEMS = 100;

/** Puts replies to a batch's requests in the pending digest of each of the batch's followers (idempotent). */
export async function collectReplies(db: Db, eventIds: number[]): Promise<number> {
  if (eventIds.length === 0) return 0;
  const result = await sql`
    insert into batch_digest_items (batch_id, user_id, event_id, request_id)
    select r.batch_id, f.user_id, e.id, r.id
      from events e
      join requests r on r.id = e.request_id
      join batch_followers f on f.batch_id = r.batch_id
     where e.id = any(${eventIds}::bigint[]) and e.type = 'reply_received' and r.batch_id is not null
    on conflict do nothing`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

export const batchSubscribers = [
  defineSubscriber({
    name: "batches.digest_collect",
    on: ["request.event_recorded"],
    async handle(event, { db }) {
      if (event.data.eventType !== "reply_received") return;
      await collectReplies(db, [event.data.eventId]);
    },
    async handleBatch(events, { db }) {
      await collectReplies(db, events.flatMap((e) => (e.data.eventType === "reply_received" ? [e.data.eventId] : [])));
    },
  }),
];

export type DigestItem = { authority: string; requestId: number; title: string; at: Date };
export type BatchDigestParams = { name: string; batchTitle: string; batchUrl: string; baseUrl: string; items: DigestItem[]; total: number; sent: number; replied: number };

export const batchDigestEmail = defineEmail<BatchDigestParams>({
  kind: "batch_digest",
  subject: (t, p) => t("batches.digest.subject", { count: p.items.length, title: p.batchTitle }).replace(/[\r\n]+/g, " ").slice(0, 250),
  body: (t, p) => {
    const lines = [t("batches.digest.hello", { name: p.name }), "", t("batches.digest.intro", { count: p.items.length, title: p.batchTitle }), ""];
    for (const item of p.items.slice(0, MAX_DIGEST_ITEMS)) lines.push(`- ${item.authority}`, `  ${p.baseUrl}/requests/${item.requestId}`, "");
    if (p.items.length > MAX_DIGEST_ITEMS) lines.push(t("batches.digest.more", { count: p.items.length - MAX_DIGEST_ITEMS }), "");
    lines.push(t("batches.digest.progress", { replied: p.replied, sent: p.sent, total: p.total }), p.batchUrl, "", "-- ", t("batches.digest.unfollow"), p.batchUrl);
    return lines.join("\n") + "\n";
  },
});

/** Sends every pending batch digest: one e-mail per (batch, follower). Returns the number of e-mails. */
export async function sendBatchDigests(context: Pick<AppContext, "db" | "queue" | "config">): Promise<number> {
  const groups = await context.db.selectFrom("batch_digest_items").select(["batch_id", "user_id"]).distinct().where("sent_at", "is", null).execute();
  let emails = 0;
  for (const group of groups) {
    const sent = await context.db.transaction().execute(async (trx) => {
      const pending = await trx
        .selectFrom("batch_digest_items as d")
        .innerJoin("events as e", "e.id", "d.event_id")
        .innerJoin("requests as r", "r.id", "d.request_id")
        .innerJoin("authorities as a", "a.id", "r.authority_id")
        .select(["d.event_id", "d.request_id", "e.at", "r.title", "r.hidden", "a.name_fr", "a.name_nl", "a.name_de", "a.name_en", "a.languages"])
        .where("d.batch_id", "=", group.batch_id)
        .where("d.user_id", "=", group.user_id)
        .where("d.sent_at", "is", null)
        .orderBy("e.at")
        .forUpdate("d")
        .skipLocked()
        .execute();
      if (pending.length === 0) return false;
      const user = await trx.selectFrom("users").select(["id", "email", "display_name", "locale", "banned_at"]).where("id", "=", group.user_id).executeTakeFirst();
      const batch = await trx.selectFrom("batches").select(["id", "title"]).where("id", "=", group.batch_id).executeTakeFirstOrThrow();
      const visible = pending.filter((p) => !p.hidden);
      const markIds = pending.map((p) => p.event_id);
      let emailId: number | null = null;
      if (user && !user.banned_at && visible.length > 0) {
        const locale = emailLocale(user.locale);
        const progress = await trx
          .selectFrom("batch_items as i")
          .leftJoin("requests as r", "r.id", "i.request_id")
          .select([sql<string>`count(*)`.as("total"), sql<string>`count(*) filter (where i.state = 'sent')`.as("sent"), sql<string>`count(*) filter (where exists (select 1 from messages m where m.request_id = r.id and m.direction = 'inbound' and m.kind = 'reply'))`.as("replied")])
          .where("i.batch_id", "=", batch.id)
          .executeTakeFirstOrThrow();
        const ref = await queueEmail(trx, context.queue, {
          email: batchDigestEmail,
          params: {
            name: user.display_name,
            batchTitle: batch.title,
            batchUrl: `${context.config.baseUrl}/batches/${batch.id}`,
            baseUrl: context.config.baseUrl,
            items: visible.map((p) => ({ authority: displayName(p, locale), requestId: p.request_id, title: p.title, at: new Date(p.at) })),
            total: Number(progress.total),
            sent: Number(progress.sent),
            replied: Number(progress.replied),
          },
          to: { userId: user.id, address: user.email, locale },
        });
        emailId = ref.id;
      }
      await trx
        .updateTable("batch_digest_items")
        .set({ sent_at: sql`now()`, email_id: emailId })
        .where("batch_id", "=", group.batch_id)
        .where("user_id", "=", group.user_id)
        .where("event_id", "in", markIds)
        .execute();
      return emailId !== null;
    });
    if (sent) emails++;
  }
  return emails;
}

export const batchDigestJob = {
  name: BATCH_DIGEST_JOB,
  schedule: "15 7 * * *",
  retryLimit: 5,
  retryDelaySeconds: 300,
  async handler(_data: unknown, context: AppContext) {
    await sendBatchDigests(context);
  },
};

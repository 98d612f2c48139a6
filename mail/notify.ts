import { sql, type Kysely } from "kysely";
import { emailLocale } from "../core/email";
import { recordEvent } from "../core/events";
import type { Database } from "../db/schema";
import { replyReceivedEmail } from "./emails";
import type { DefinedCitizenEmail } from "./outbound";

/**
 * Tell the citizen a real reply arrived and ask them to classify it. Runs
 * inside the ingest transaction, so the e-mail exists only if the message
 * does: it goes to the outbox (outbound_emails + a mail.send job) through
 * `queueEmail`. Without one (unit tests) only the event is recorded. A
 * request sent in a batch gets no e-mail per reply: the batch's digest
 * (batches/digest.ts) lists its replies in one e-mail.
 *
 * A burst of replies on one request (an authority sending its documents in
 * twelve e-mails) gives one alert: within `REPLY_ALERT_WINDOW_MINUTES` of an
 * alert for the same request, the next reply is recorded as coalesced into
 * it (the alert links to the request, where every reply shows). The
 * per-request advisory lock makes concurrent workers see each other's alert.
 */
export const REPLY_ALERT_WINDOW_MINUTES = 10;

export async function notifyCitizenOfReply(
  trx: Kysely<Database>,
  requestId: number,
  messageId: number,
  opts: { baseUrl?: string; queueEmail?: (trx: Kysely<Database>, email: DefinedCitizenEmail<any>) => Promise<void> },
): Promise<void> {
  const row = await trx
    .selectFrom("requests")
    .innerJoin("users", "users.id", "requests.user_id")
    .select(["requests.title", "requests.batch_id", "users.id as user_id", "users.email", "users.display_name", "users.locale"])
    .where("requests.id", "=", requestId)
    .executeTakeFirst();
  if (!row) return;
  const locale = emailLocale(row.locale);
  const link = `${(opts.baseUrl ?? "http://localhost:3000").replace(/\/+$/, "")}/requests/${requestId}#message-${messageId}`;
  const params = { name: row.display_name, title: row.title, link };
  const { subject } = replyReceivedEmail.render(locale, params);
  const inBatch = row.batch_id !== null;
  await sql`select pg_advisory_xact_lock(hashtext('reply-alert'), ${requestId})`.execute(trx);
  const recent = await trx
    .selectFrom("events")
    .select("id")
    .where("request_id", "=", requestId)
    .where("type", "=", "citizen_notified")
    .where(sql<boolean>`data->>'kind' = 'reply_received' and (data->>'outbox')::boolean`)
    .where("at", ">", sql<Date>`now() - make_interval(mins => ${REPLY_ALERT_WINDOW_MINUTES})`)
    .orderBy("id", "desc")
    .executeTakeFirst();
  if (recent && opts.queueEmail && !inBatch) {
    await recordEvent(trx, {
      request_id: requestId,
      type: "citizen_notified",
      data: JSON.stringify({ kind: "reply_received", user_id: row.user_id, locale, subject, message_id: messageId, outbox: false, coalesced_into: recent.id }),
    });
    return;
  }
  if (opts.queueEmail && !inBatch) await opts.queueEmail(trx, { email: replyReceivedEmail, params, to: { userId: row.user_id, address: row.email, locale } });
  await recordEvent(trx, {
    request_id: requestId,
    type: "citizen_notified",
    data: JSON.stringify({ kind: "reply_received", user_id: row.user_id, locale, subject, message_id: messageId, outbox: Boolean(opts.queueEmail) && !inBatch, ...(inBatch ? { batch_digest: row.batch_id } : {}) }),
  });
}

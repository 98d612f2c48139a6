import { sql, type Kysely } from "kysely";
import type { Db } from "../db/connect";
import type { Database } from "../db/schema";
import { MAIL_PROCESS } from "./job-names";
import { cleanText } from "./text";
import { NotFoundError } from "../core/errors";
import { emit, recordEvent } from "../core/events";

/** Admin operations on inbound mail: the holding pen, spam, failed processing. */

export interface HoldingPenEntry {
  messageId: number;
  rawMessageId: number | null;
  from: string | null;
  fromName: string | null;
  subject: string | null;
  receivedAt: Date;
  kind: string;
  reason: string | null;
  guessedRequestId: number | null;
  guessedRequestTitle: string | null;
  guessReason: string | null;
  attachmentCount: number;
}

export async function listHoldingPen(db: Db, limit = 100): Promise<HoldingPenEntry[]> {
  const rows = await db
    .selectFrom("messages")
    .leftJoin("requests", "requests.id", "messages.guessed_request_id")
    .select([
      "messages.id",
      "messages.raw_message_id",
      "messages.from_address",
      "messages.from_name",
      "messages.subject",
      "messages.created_at",
      "messages.kind",
      "messages.route_reason",
      "messages.guessed_request_id",
      "requests.title as guessed_title",
      "messages.guess_reason",
      sql<number>`(select count(*) from attachments a where a.message_id = messages.id)`.as("attachment_count"),
    ])
    .where("messages.request_id", "is", null)
    .where("messages.direction", "=", "inbound")
    .where("messages.spam_at", "is", null)
    .orderBy("messages.created_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    messageId: r.id,
    rawMessageId: r.raw_message_id,
    from: r.from_address,
    fromName: r.from_name,
    subject: r.subject,
    receivedAt: r.created_at,
    kind: r.kind,
    reason: r.route_reason,
    guessedRequestId: r.guessed_request_id,
    guessedRequestTitle: r.guessed_title,
    guessReason: r.guess_reason,
    attachmentCount: Number(r.attachment_count),
  }));
}

export interface DmarcFailure {
  messageId: number;
  requestId: number | null;
  from: string | null;
  subject: string | null;
  receivedAt: Date;
  summary: string | null;
}

/**
 * Messages on a request whose From is on the authority's domain and failed
 * its DMARC policy (mail/authenticate.ts): possibly forged, never a follow-up
 * target; administrators look at them and hide or mark them as spam.
 */
export async function listDmarcFailures(db: Db, limit = 100): Promise<DmarcFailure[]> {
  const rows = await db
    .selectFrom("messages")
    .select(["id", "request_id", "from_address", "subject", "created_at", "received_at", sql<string | null>`auth->>'summary'`.as("summary")])
    .where("dmarc_failed", "=", true)
    .where("spam_at", "is", null)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ messageId: r.id, requestId: r.request_id, from: r.from_address, subject: r.subject, receivedAt: r.received_at ?? r.created_at, summary: r.summary }));
}

export interface FailedRaw {
  rawMessageId: number;
  receivedAt: Date;
  size: number;
  attempts: number;
  error: string;
  envelopeFrom: string | null;
}

/** Raw messages whose processing failed (kept, with their error, until retried). */
export async function listFailedProcessing(db: Db, limit = 100): Promise<FailedRaw[]> {
  const rows = await db
    .selectFrom("raw_messages")
    .select(["id", "received_at", "size", "attempts", "processing_error", "envelope"])
    .where("processed_at", "is", null)
    .where("processing_error", "is not", null)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    rawMessageId: r.id,
    receivedAt: r.received_at,
    size: r.size,
    attempts: r.attempts,
    error: r.processing_error ?? "",
    envelopeFrom: (r.envelope as { mailFrom?: string } | null)?.mailFrom ?? null,
  }));
}

/**
 * Move a held message to a request (or from one request to another). A reply
 * then counts as any reply: the request shows "awaiting classification"
 * (computed by the requests room from the inbound reply).
 */
export async function assignMessageToRequest(db: Db, messageId: number, requestId: number, actorUserId: number | null): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const request = await trx.selectFrom("requests").select("id").where("id", "=", requestId).executeTakeFirst();
    if (!request) throw new MailAdminError("no such request");
    const message = await trx.selectFrom("messages").select(["id", "request_id", "kind", "direction"]).where("id", "=", messageId).forUpdate().executeTakeFirst();
    if (!message || message.direction !== "inbound") throw new MailAdminError("no such inbound message");
    await trx.updateTable("messages").set({ request_id: requestId, route_reason: "assigned by an administrator", spam_at: null }).where("id", "=", messageId).execute();
    if (message.request_id !== requestId) await emit(trx, { type: "message.changed", requestId, data: { messageId, fields: ["request_id"], fromRequestId: message.request_id } });
    await recordEvent(trx, { request_id: requestId, type: "message_assigned", actor_user_id: actorUserId, data: JSON.stringify({ message_id: messageId, from_request_id: message.request_id }) });
  });
}

export async function markMessageAsSpam(db: Db, messageId: number, actorUserId: number | null): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable("messages").set({ spam_at: sql`now()`, hidden: true }).where("id", "=", messageId).where("direction", "=", "inbound").returning(["request_id"]).executeTakeFirst();
    if (!updated) throw new MailAdminError("no such inbound message");
    await emit(trx, { type: "message.changed", requestId: updated.request_id, data: { messageId, fields: ["hidden"] } });
    await recordEvent(trx, { request_id: updated.request_id, type: "message_marked_spam", actor_user_id: actorUserId, data: JSON.stringify({ message_id: messageId }) });
  });
}

/**
 * Queue a raw message for processing again (through the caller's queue, in a
 * transaction): one whose processing failed, or one held in the holding pen
 * as unreadable, headerless or empty (its placeholder there is removed, the
 * raw bytes stay). A message already on a request is left alone.
 */
export async function retryRawMessage(db: Db, rawId: number, send: (executor: Kysely<Database>, name: string, data: object) => Promise<void>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const raw = await trx.selectFrom("raw_messages").select(["id", "processed_at", "outcome"]).where("id", "=", rawId).forUpdate().executeTakeFirst();
    if (!raw) throw new MailAdminError("no such raw message");
    if (raw.processed_at) {
      if (raw.outcome !== "unreadable" && raw.outcome !== "holding_pen") return;
      const placed = await trx.selectFrom("messages").select(["id", "request_id"]).where("raw_message_id", "=", rawId).execute();
      if (placed.some((m) => m.request_id !== null)) return;
      if (placed.length) await trx.deleteFrom("messages").where("id", "in", placed.map((m) => m.id)).execute();
      await trx.updateTable("raw_messages").set({ processed_at: null, outcome: null, processing_error: null }).where("id", "=", rawId).execute();
    }
    await trx.updateTable("raw_messages").set({ attempts: 0 }).where("id", "=", rawId).execute();
    await send(trx, MAIL_PROCESS, { rawId });
  });
}

export async function rawMessageBytes(db: Db, rawId: number): Promise<Buffer | null> {
  const row = await db.selectFrom("raw_messages").select(["bytes"]).where("id", "=", rawId).executeTakeFirst();
  return row?.bytes ?? null;
}

/** An administrator's action on mail that names nothing there (a request, a message). */
export class MailAdminError extends NotFoundError {
  constructor(message: string) {
    super(cleanText(message), "mail_admin_not_found");
  }
}

/** Outgoing e-mails the relay refused for good, newest first (the admin moderation queue). */
export async function listFailedOutbox(db: Db, limit = 50) {
  return db
    .selectFrom("outbound_emails")
    .select(["id", "kind", "subject", "delivery_error", "created_at"])
    .where("delivery_status", "=", "failed")
    .orderBy("created_at", "desc")
    .limit(limit)
    .execute();
}

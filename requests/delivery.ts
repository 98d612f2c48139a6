import { sql } from "kysely";
import { dueDate } from "../authorities/deadline";
import { todayInBrussels } from "../authorities/civil-date";
import { isRegimeId } from "../authorities/regimes";
import type { Db } from "../db/connect";
import { canTransition } from "./states";
import { defineSubscriber, recordEvent } from "../core/events";

/**
 * What the outbox tells a request about its letters (through the
 * `letter.delivered` and `letter.failed` domain events: see the subscriber
 * below). The deadline runs from the day the first letter actually left
 * (Europe/Brussels), not from the day the citizen pressed "send": with no
 * relay, no deadline starts. Both are idempotent, as subscribers must be:
 * a letter's outcome is written on its request's timeline once.
 */
export async function onLetterDelivered(db: Db, messageId: number, sentAt: Date, smtpAnswer: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const message = await trx.selectFrom("messages").select(["id", "request_id", "kind"]).where("id", "=", messageId).forUpdate().executeTakeFirst();
    if (!message?.request_id || (await outcomeRecorded(trx, message.request_id, messageId, "delivered"))) return;
    await recordEvent(trx, { request_id: message.request_id, type: "delivered", actor_user_id: null, data: JSON.stringify({ message_id: message.id, kind: message.kind, smtp_answer: smtpAnswer }), at: sentAt });
    if (message.kind !== "request") return;
    const request = await trx
      .selectFrom("requests")
      .innerJoin("authorities", "authorities.id", "requests.authority_id")
      .select(["requests.id", "requests.sent_at", "authorities.regime"])
      .where("requests.id", "=", message.request_id)
      .forUpdate()
      .executeTakeFirst();
    if (!request || request.sent_at) return;
    const received = todayInBrussels(sentAt);
    await trx
      .updateTable("requests")
      .set({
        sent_at: sentAt,
        received_date: received,
        due_date: isRegimeId(request.regime) ? dueDate(request.regime, received) : null,
        updated_at: sql`now()`,
      })
      .where("id", "=", request.id)
      .execute();
  });
}

/** A letter the relay refused for good: the request shows a delivery error. */
export async function onLetterFailed(db: Db, messageId: number, smtpAnswer: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const message = await trx.selectFrom("messages").select(["id", "request_id", "kind"]).where("id", "=", messageId).forUpdate().executeTakeFirst();
    if (!message?.request_id || (await outcomeRecorded(trx, message.request_id, messageId, "delivery_failed"))) return;
    const request = await trx.selectFrom("requests").select(["id", "state"]).where("id", "=", message.request_id).forUpdate().executeTakeFirstOrThrow();
    await recordEvent(trx, { request_id: request.id, type: "delivery_failed", actor_user_id: null, data: JSON.stringify({ message_id: message.id, kind: message.kind, smtp_answer: smtpAnswer }) });
    if (canTransition(request.state, "delivery_error")) {
      await trx.updateTable("requests").set({ state: "delivery_error", updated_at: sql`now()` }).where("id", "=", request.id).execute();
      await recordEvent(trx, { request_id: request.id, type: "state_changed", actor_user_id: null, data: JSON.stringify({ from: request.state, to: "delivery_error" }) });
    }
  });
}

async function outcomeRecorded(trx: Db, requestId: number, messageId: number, type: "delivered" | "delivery_failed"): Promise<boolean> {
  const row = await trx
    .selectFrom("events")
    .select("id")
    .where("request_id", "=", requestId)
    .where("type", "=", type)
    .where(sql<string>`data->>'message_id'`, "=", String(messageId))
    .executeTakeFirst();
  return row !== undefined;
}

/** A bounce arrived for the request's mail (mail/ingest.ts records it): the request shows a delivery error. */
export async function onBounce(db: Db, requestId: number, eventId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const request = await trx.selectFrom("requests").select(["id", "state"]).where("id", "=", requestId).forUpdate().executeTakeFirst();
    if (!request || !canTransition(request.state, "delivery_error")) return;
    // Seen before (a re-delivered event after the citizen moved on): do not undo their later choice.
    const seen = await trx.selectFrom("events").select("id").where("request_id", "=", requestId).where("type", "=", "state_changed").where(sql<string>`data->>'event_id'`, "=", String(eventId)).executeTakeFirst();
    if (seen) return;
    await trx.updateTable("requests").set({ state: "delivery_error", updated_at: sql`now()` }).where("id", "=", requestId).execute();
    await recordEvent(trx, { request_id: requestId, type: "state_changed", data: JSON.stringify({ from: request.state, to: "delivery_error", reason: "bounce", event_id: eventId }) });
  });
}

/** The request room hears of its letters' fate from the outbox, and of bounces from the inbound pipeline. */
export const deliverySubscribers = [
  defineSubscriber({
    name: "requests.bounce",
    on: ["request.event_recorded"],
    async handle(event, context) {
      if (event.requestId == null || event.data.eventType !== "delivery_failed") return;
      // A relay refusal (onLetterFailed) has already moved the request; onBounce then finds nothing to do.
      await onBounce(context.db, event.requestId, event.data.eventId);
    },
  }),
  defineSubscriber({
    name: "requests.letter_outcome",
    on: ["letter.delivered", "letter.failed"],
    async handle(event, context) {
      if (event.type === "letter.delivered") await onLetterDelivered(context.db, event.data.messageId, new Date(event.data.sentAt), event.data.smtpAnswer);
      else await onLetterFailed(context.db, event.data.messageId, event.data.smtpAnswer);
    },
  }),
];

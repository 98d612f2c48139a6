import { sql } from "kysely";
import type { Db } from "../db/connect";
import { recordEvent } from "../core/events";
import { ForbiddenError, InvalidInputError, NotFoundError } from "../core/errors";
import { isMessageKind } from "./classify";

export interface ReclassifyInput {
  messageId: number;
  kind: string;
  actor: { userId: number; isAdmin: boolean };
}

/**
 * The requester (or an administrator) corrects what an inbound message is.
 * One transaction: the message's kind, a line on the request's timeline
 * (who, from what, to what) and a row in the audit log. Scorecards read
 * `messages.kind`, so they follow at their next computation; "awaiting
 * classification" is computed from the replies, so it follows at once.
 */
export async function reclassifyMessage(db: Db, input: ReclassifyInput): Promise<{ changed: boolean; requestId: number }> {
  if (!isMessageKind(input.kind)) throw new InvalidInputError(`Unknown message kind: ${String(input.kind).slice(0, 40)}`);
  const kind = input.kind;
  return db.transaction().execute(async (trx) => {
    const message = await trx
      .selectFrom("messages as m")
      .innerJoin("requests as r", "r.id", "m.request_id")
      .select(["m.id", "m.kind", "m.direction", "m.request_id", "r.user_id"])
      .where("m.id", "=", input.messageId)
      .forUpdate("m")
      .executeTakeFirst();
    if (!message || message.direction !== "inbound" || message.request_id === null) throw new NotFoundError("No inbound message with that id on a request");
    if (!input.actor.isAdmin && message.user_id !== input.actor.userId) throw new ForbiddenError("Only the requester or an administrator can reclassify a message");
    if (message.kind === kind) return { changed: false, requestId: message.request_id };
    const by = input.actor.isAdmin && message.user_id !== input.actor.userId ? "administrator" : "requester";
    await trx
      .updateTable("messages")
      .set({ kind, classification_reason: `reclassified by the ${by} (was ${message.kind})` })
      .where("id", "=", message.id)
      .execute();
    await recordEvent(trx, {
      request_id: message.request_id,
      type: "message_reclassified",
      actor_user_id: input.actor.userId,
      data: JSON.stringify({ message_id: message.id, from: message.kind, to: kind, by }),
    });
    await trx
      .insertInto("audit_log")
      .values({
        actor_user_id: input.actor.userId,
        action: "message.reclassify",
        target_type: "message",
        target_id: message.id,
        request_id: message.request_id,
        reason: null,
        data: sql`${JSON.stringify({ from: message.kind, to: kind, by })}::jsonb`,
      })
      .execute();
    return { changed: true, requestId: message.request_id };
  });
}

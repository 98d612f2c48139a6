import type { Db } from "../db/connect";
import { hideItem, unhideItem, setRequestLabel, type HideAudience, type HideReason, type HideTarget, type RequestLabel } from "./hide";

/**
 * The moderation page of one request (app/routes/requests.$id_.moderate.tsx):
 * what it lists, and its actions, each in its own transaction with its
 * audit event. Who may use it is the request policy's (requests/policy.ts).
 */

/** The request with its owner and whether the owner is banned, or undefined. */
export async function requestForModeration(db: Db, requestId: number) {
  return db
    .selectFrom("requests")
    .innerJoin("users", "users.id", "requests.user_id")
    .select(["requests.id", "requests.title", "requests.user_id", "users.banned_at"])
    .where("requests.id", "=", requestId)
    .executeTakeFirst();
}

/** Messages, their attachments and (for administrators) annotations: everything that can be hidden. */
export async function moderatableItems(db: Db, requestId: number, options: { annotations: boolean }) {
  const messages = await db.selectFrom("messages").select(["id", "direction", "kind", "subject", "created_at"]).where("request_id", "=", requestId).orderBy("id").execute();
  const attachments = messages.length
    ? await db.selectFrom("attachments").select(["id", "message_id", "filename"]).where("message_id", "in", messages.map((m) => m.id)).orderBy("id").execute()
    : [];
  const annotations = options.annotations
    ? await db.selectFrom("annotations as n").innerJoin("users as u", "u.id", "n.user_id").select(["n.id", "n.body", "u.display_name"]).where("n.request_id", "=", requestId).orderBy("n.id").execute()
    : [];
  return { messages, attachments, annotations };
}

export async function hide(db: Db, input: { target: HideTarget; id: number; audience: HideAudience; reason: HideReason; note?: string | null; actorUserId: number }) {
  return db.transaction().execute((trx) => hideItem(trx, input));
}

export async function unhide(db: Db, input: { target: HideTarget; id: number; actorUserId: number }) {
  return db.transaction().execute((trx) => unhideItem(trx, input));
}

export async function labelRequest(db: Db, input: { requestId: number; label: RequestLabel; on: boolean; actorUserId: number; reason?: string | null }): Promise<void> {
  await db.transaction().execute((trx) => setRequestLabel(trx, input));
}

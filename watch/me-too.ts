/**
 * "Me too" (issue 20, Froide's "same request"): a citizen joins an existing
 * public request instead of filing the same question again. They are
 * counted on its page ("N people want this too") and follow it, so its
 * alerts reach them like any follower's (watch/alerts.ts). The requester
 * cannot join their own request.
 */
import type { Db } from "../db/connect";
import { ConflictError } from "../core/errors";
import { FollowTargetNotFound, follow, unfollow } from "./follows";

export class OwnRequestError extends ConflictError {
  constructor() {
    super("This is your own request", "own_request");
  }
}

async function joinableRequest(db: Db, requestId: number): Promise<{ user_id: number }> {
  const row = await db.selectFrom("requests").select(["user_id"]).where("id", "=", requestId).where("hidden", "=", false).where("state", "!=", "draft").executeTakeFirst();
  if (!row) throw new FollowTargetNotFound();
  return row;
}

/** Joins a public request: counted, and following it (immediate alerts unless already followed). Idempotent. */
export async function joinRequest(db: Db, input: { userId: number; requestId: number }): Promise<{ joined: boolean }> {
  const request = await joinableRequest(db, input.requestId);
  if (request.user_id === input.userId) throw new OwnRequestError();
  const inserted = await db.insertInto("request_supporters").values({ request_id: input.requestId, user_id: input.userId }).onConflict((oc) => oc.doNothing()).returning("user_id").executeTakeFirst();
  const existing = await db.selectFrom("follows").select("id").where("user_id", "=", input.userId).where("target_type", "=", "request").where("request_id", "=", input.requestId).executeTakeFirst();
  if (!existing) await follow(db, input.userId, { type: "request", requestId: input.requestId });
  return { joined: inserted !== undefined };
}

/** Leaves: no longer counted, and no longer following the request. */
export async function leaveRequest(db: Db, input: { userId: number; requestId: number }): Promise<{ left: boolean }> {
  const deleted = await db.deleteFrom("request_supporters").where("request_id", "=", input.requestId).where("user_id", "=", input.userId).executeTakeFirst();
  const left = Number(deleted.numDeletedRows) > 0;
  if (left) await unfollow(db, input.userId, { type: "request", requestId: input.requestId });
  return { left };
}

/** What the request page shows: how many joined, and whether the viewer did (and may). */
export async function meTooState(db: Db, requestId: number, viewerId: number | null): Promise<{ count: number; joined: boolean; canJoin: boolean }> {
  const [count, mine, request] = await Promise.all([
    db.selectFrom("request_supporters").select((eb) => eb.fn.countAll<string>().as("n")).where("request_id", "=", requestId).executeTakeFirstOrThrow(),
    viewerId === null ? null : db.selectFrom("request_supporters").select("user_id").where("request_id", "=", requestId).where("user_id", "=", viewerId).executeTakeFirst(),
    db.selectFrom("requests").select("user_id").where("id", "=", requestId).executeTakeFirst(),
  ]);
  return { count: Number(count.n), joined: Boolean(mine), canJoin: viewerId === null || request?.user_id !== viewerId };
}

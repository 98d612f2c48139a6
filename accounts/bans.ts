import type { Kysely } from "kysely";
import type { Db } from "../db/connect";
import type { Database } from "../db/schema";
import { NotFoundError } from "../core/errors";
import { audit } from "../moderation/audit";
import { endUserSessions } from "./sessions";

export type BanInput = { userId: number; banned: boolean; actorUserId: number; reason?: string | null };

/**
 * Bans (or lifts the ban on) a user, as an audit event, in the caller's
 * transaction. A ban ends every session of the user at once: a banned user
 * must not stay signed in until the cookie expires. (Sessions of banned
 * users are also refused on read, see sessions.ts; ending them keeps the
 * table honest and survives a later unban.)
 */
export async function setBanned(trx: Kysely<Database>, input: BanInput): Promise<void> {
  const updated = await trx.updateTable("users").set({ banned_at: input.banned ? new Date() : null }).where("id", "=", input.userId).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) throw new NotFoundError(`No user ${input.userId}`, "user_not_found");
  if (input.banned) await endUserSessions(trx, input.userId);
  await audit(trx, { actorUserId: input.actorUserId, action: input.banned ? "ban" : "unban", targetType: "user", targetId: input.userId, reason: input.reason ?? null });
}

/** `setBanned` in its own transaction (the moderation page). */
export async function changeBan(db: Db, input: BanInput): Promise<void> {
  await db.transaction().execute((trx) => setBanned(trx, input));
}

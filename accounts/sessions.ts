import type { Kysely } from "kysely";
import type { Db } from "../db/connect";
import type { Database, User } from "../db/schema";
import { randomToken, sha256 } from "./secrets";

/**
 * Server-side sessions. The browser holds a random token (the cookie, set by
 * the web app's glue in app/auth/session.server.ts); the table holds its
 * hash, so a leaked table opens no session. Revoking is deleting the row.
 */
export const SESSION_DAYS = 30;

const MAX_TOKEN_LENGTH = 100;

export type SessionUser = Pick<User, "id" | "email" | "display_name" | "locale" | "role" | "confirmed_at">;

/** Opens a session for a user; returns the token the browser keeps. */
export async function openSession(db: Db | Kysely<Database>, userId: number): Promise<string> {
  const token = randomToken();
  await db
    .insertInto("sessions")
    .values({ id_hash: sha256(token), user_id: userId, expires_at: new Date(Date.now() + SESSION_DAYS * 86400_000) })
    .execute();
  return token;
}

/** The user of a live session, or null (unknown or expired token, banned user). */
export async function sessionUser(db: Db, token: string | undefined): Promise<SessionUser | null> {
  if (!token || token.length > MAX_TOKEN_LENGTH) return null;
  const user = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select(["users.id", "users.email", "users.display_name", "users.locale", "users.role", "users.confirmed_at"])
    .where("sessions.id_hash", "=", sha256(token))
    .where("sessions.expires_at", ">", new Date())
    .where("users.banned_at", "is", null)
    .executeTakeFirst();
  return user ?? null;
}

/** Ends one session (logging out). */
export async function endSession(db: Db | Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom("sessions").where("id_hash", "=", sha256(token)).execute();
}

/** Ends every session of a user (password reset, ban, account deletion). */
export async function endUserSessions(db: Db | Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
}

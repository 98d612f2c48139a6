import type { Kysely } from "kysely";
import type { Db } from "../db/connect";
import type { Database } from "../db/schema";
import { randomToken, sha256 } from "./secrets";

/**
 * One-time tokens of e-mail links (address confirmation, password reset).
 * Only their hash is stored, so a leaked table opens no link; a token is
 * used once, within its lifetime.
 */
export type TokenPurpose = "confirm" | "reset";

export const TOKEN_HOURS: Record<TokenPurpose, number> = { confirm: 48, reset: 1 };

/** Tokens longer than this were never issued here; refusing them spares a hash. */
const MAX_TOKEN_LENGTH = 100;

export async function issueToken(db: Kysely<Database>, userId: number, purpose: TokenPurpose, hours = TOKEN_HOURS[purpose]): Promise<string> {
  const token = randomToken();
  await storeToken(db, userId, purpose, token, hours);
  return token;
}

/**
 * Stores the hash of a token made elsewhere (the outbox's send-time link
 * token, mail/outbound.ts `linkToken`). A new reset link replaces the
 * user's earlier ones: only the latest e-mail opens a reset.
 */
export async function storeToken(db: Kysely<Database>, userId: number, purpose: TokenPurpose, token: string, hours = TOKEN_HOURS[purpose]): Promise<void> {
  if (purpose === "reset") await retireTokens(db, userId, "reset");
  await db
    .insertInto("user_tokens")
    .values({ token_hash: sha256(token), user_id: userId, purpose, expires_at: new Date(Date.now() + hours * 3600_000) })
    .execute();
}

/** Marks every unused token of a user for `purpose` as used (after a reset, when a newer link is issued). */
export async function retireTokens(db: Db | Kysely<Database>, userId: number, purpose: TokenPurpose): Promise<void> {
  await db.updateTable("user_tokens").set({ used_at: new Date() }).where("user_id", "=", userId).where("purpose", "=", purpose).where("used_at", "is", null).execute();
}

/** Uses a one-time token; returns its user id, or null when unknown, used or expired. */
export async function consumeToken(db: Db | Kysely<Database>, token: string, purpose: TokenPurpose): Promise<number | null> {
  if (!token || token.length > MAX_TOKEN_LENGTH) return null;
  const row = await db
    .updateTable("user_tokens")
    .set({ used_at: new Date() })
    .where("token_hash", "=", sha256(token))
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .where("expires_at", ">", new Date())
    .returning("user_id")
    .executeTakeFirst();
  return row?.user_id ?? null;
}

/** Whether a token would be accepted now, without using it (the reset form's first display). */
export async function peekToken(db: Db | Kysely<Database>, token: string, purpose: TokenPurpose): Promise<boolean> {
  if (!token || token.length > MAX_TOKEN_LENGTH) return false;
  const row = await db
    .selectFrom("user_tokens")
    .select("user_id")
    .where("token_hash", "=", sha256(token))
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .where("expires_at", ">", new Date())
    .executeTakeFirst();
  return Boolean(row);
}

/** Forgets every token of a user (account deletion). */
export async function revokeUserTokens(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom("user_tokens").where("user_id", "=", userId).execute();
}

import type { Kysely } from "kysely";
import type { Db } from "../../db/connect";
import type { Database } from "../../db/schema";
import type { User } from "../../db/schema";
import { queueEmail } from "../../mail/outbound";
import { confirmAccountEmail, resetPasswordEmail } from "../../requests/notifications";
import { createUser, findUserByEmail } from "../../accounts/users";
import type { Config } from "../../core/config";
import type { JobQueue } from "../../core/jobs";
import { hashPassword } from "../../accounts/password";
import { randomToken, sha256 } from "./tokens.server";

const CONFIRM_HOURS = 48;
const RESET_HOURS = 1;

async function issueToken(db: Kysely<Database>, userId: number, purpose: "confirm" | "reset", hours: number): Promise<string> {
  const token = randomToken();
  await db
    .insertInto("user_tokens")
    .values({ token_hash: sha256(token), user_id: userId, purpose, expires_at: new Date(Date.now() + hours * 3600_000) })
    .execute();
  return token;
}

/** Uses a one-time token; returns its user id, or null when unknown, used or expired. */
export async function consumeToken(db: Db, token: string, purpose: "confirm" | "reset"): Promise<number | null> {
  if (!token || token.length > 100) return null;
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

export async function peekToken(db: Db, token: string, purpose: "confirm" | "reset"): Promise<boolean> {
  if (!token || token.length > 100) return false;
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

export async function sendConfirmation(db: Db, queue: JobQueue, config: Config, user: User): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const token = await issueToken(trx, user.id, "confirm", CONFIRM_HOURS);
    const mail = confirmAccountEmail(user.locale, { name: user.display_name, url: `${config.baseUrl}/confirm?token=${token}` });
    await queueEmail(trx, queue, { userId: user.id, kind: "confirm_account", to: [user.email], subject: mail.subject, text: mail.text });
  });
}

/**
 * Signs up: a new, unconfirmed account and a confirmation link. When the
 * address already has an account nothing is revealed to the visitor.
 */
export async function signUp(
  db: Db,
  queue: JobQueue,
  config: Config,
  input: { email: string; displayName: string; password: string; locale: string },
): Promise<{ created: boolean }> {
  const existing = await findUserByEmail(db, input.email);
  if (existing) {
    if (!existing.confirmed_at) await sendConfirmation(db, queue, config, existing);
    return { created: false };
  }
  const user = await createUser(db, { email: input.email, displayName: input.displayName, passwordHash: await hashPassword(input.password), locale: input.locale });
  await sendConfirmation(db, queue, config, user);
  return { created: true };
}

export async function requestPasswordReset(db: Db, queue: JobQueue, config: Config, email: string): Promise<void> {
  const user = await findUserByEmail(db, email);
  if (!user || user.banned_at) return;
  await db.transaction().execute(async (trx) => {
    const token = await issueToken(trx, user.id, "reset", RESET_HOURS);
    const mail = resetPasswordEmail(user.locale, { name: user.display_name, url: `${config.baseUrl}/reset-password?token=${token}` });
    await queueEmail(trx, queue, { userId: user.id, kind: "reset_password", to: [user.email], subject: mail.subject, text: mail.text });
  });
}

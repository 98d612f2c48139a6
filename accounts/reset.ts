import type { Db } from "../db/connect";
import { queueEmail } from "../mail/outbound";
import { resetPasswordEmail } from "./emails";
import type { Config } from "../core/config";
import { InvalidInputError } from "../core/errors";
import type { JobQueue } from "../core/jobs";
import { hashPassword } from "./password";
import { endUserSessions, openSession } from "./sessions";
import { consumeToken, issueToken, peekToken } from "./tokens";
import { findUserByEmail } from "./users";

/** E-mails a reset link; says nothing when the address has no (or a banned) account. */
export async function requestPasswordReset(db: Db, queue: JobQueue, config: Config, email: string): Promise<void> {
  const user = await findUserByEmail(db, email);
  if (!user || user.banned_at) return;
  await db.transaction().execute(async (trx) => {
    const token = await issueToken(trx, user.id, "reset");
    await queueEmail(trx, queue, {
      email: resetPasswordEmail,
      params: { name: user.display_name, url: `${config.baseUrl}/reset-password?token=${token}` },
      to: { userId: user.id, address: user.email, locale: user.locale },
    });
  });
}

/** Whether the reset form should be shown for this link. */
export function isResetTokenValid(db: Db, token: string): Promise<boolean> {
  return peekToken(db, token, "reset");
}

/**
 * Sets a new password from a reset link. A reset proves control of the
 * address: it also confirms it, and ends every other session. The four
 * writes (token used, sessions ended, password and confirmation set, new
 * session) commit together or not at all, so a failure cannot leave a used
 * link with the old password, or a new password with the old sessions.
 * Throws `invalid_token` for an unknown, used or expired link.
 */
export async function resetPassword(db: Db, input: { token: string; password: string }): Promise<{ userId: number; sessionToken: string }> {
  // argon2 is slow on purpose: hash outside the transaction, and only for a link that looks valid.
  if (!(await peekToken(db, input.token, "reset"))) throw invalidLink();
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const userId = await consumeToken(trx, input.token, "reset");
    if (!userId) throw invalidLink();
    await endUserSessions(trx, userId);
    await trx
      .updateTable("users")
      .set((eb) => ({ password_hash: passwordHash, confirmed_at: eb.fn.coalesce("confirmed_at", eb.val(new Date())) }))
      .where("id", "=", userId)
      .execute();
    return { userId, sessionToken: await openSession(trx, userId) };
  });
}

function invalidLink(): InvalidInputError {
  return new InvalidInputError("This reset link is unknown, used or expired", "invalid_token");
}

import type { Db } from "../db/connect";
import { LINK_TOKEN, linkToken, queueEmail } from "../mail/outbound";
import { resetPasswordEmail } from "./emails";
import type { Config } from "../core/config";
import { InvalidInputError } from "../core/errors";
import type { JobQueue } from "../core/jobs";
import { forgetLoginFailures, newDeviceCookie } from "./login-guard";
import { hashPassword } from "./password";
import { endUserSessions, openSession } from "./sessions";
import { consumeToken, peekToken, retireTokens, storeToken } from "./tokens";
import { findUserByEmail } from "./users";

/**
 * E-mails a reset link; says nothing when the address has no (or a banned)
 * account. The outbox stores the e-mail with a placeholder, the token is
 * put in when it is sent (mail/outbound.ts LINK_TOKEN); earlier links of
 * the account stop working.
 */
export async function requestPasswordReset(db: Db, queue: JobQueue, config: Config, email: string): Promise<void> {
  const user = await findUserByEmail(db, email);
  if (!user || user.banned_at) return;
  await db.transaction().execute(async (trx) => {
    const ref = await queueEmail(trx, queue, {
      email: resetPasswordEmail,
      params: { name: user.display_name, url: `${config.baseUrl}/reset-password?token=${LINK_TOKEN}` },
      to: { userId: user.id, address: user.email, locale: user.locale },
    });
    await storeToken(trx, user.id, "reset", linkToken(config.secret, ref.id));
  });
}

/** Whether the reset form should be shown for this link. */
export function isResetTokenValid(db: Db, token: string): Promise<boolean> {
  return peekToken(db, token, "reset");
}

/**
 * Sets a new password from a reset link (and forgets the account's failed
 * logins: the link proved the owner). A reset proves control of the
 * address: it also confirms it, ends every other session and retires every
 * other reset link of the account. The five
 * writes (token used, sessions ended, password and confirmation set, new
 * session) commit together or not at all, so a failure cannot leave a used
 * link with the old password, or a new password with the old sessions.
 * Throws `invalid_token` for an unknown, used or expired link.
 */
export async function resetPassword(db: Db, config: Config, input: { token: string; password: string }): Promise<{ userId: number; sessionToken: string; deviceCookie: string }> {
  // argon2 is slow on purpose: hash outside the transaction, and only for a link that looks valid.
  if (!(await peekToken(db, input.token, "reset"))) throw invalidLink();
  const passwordHash = await hashPassword(input.password);
  const done = await db.transaction().execute(async (trx) => {
    const userId = await consumeToken(trx, input.token, "reset");
    if (!userId) throw invalidLink();
    await retireTokens(trx, userId, "reset");
    await endUserSessions(trx, userId);
    await trx
      .updateTable("users")
      .set((eb) => ({ password_hash: passwordHash, confirmed_at: eb.fn.coalesce("confirmed_at", eb.val(new Date())) }))
      .where("id", "=", userId)
      .execute();
    const { email } = await trx.selectFrom("users").select("email").where("id", "=", userId).executeTakeFirstOrThrow();
    return { userId, email, sessionToken: await openSession(trx, userId) };
  });
  // The link proved the owner: strangers' failed logins on the account no longer delay them, and this browser is a known device.
  await forgetLoginFailures(db, done.email);
  return { userId: done.userId, sessionToken: done.sessionToken, deviceCookie: newDeviceCookie(config, done.userId) };
}

function invalidLink(): InvalidInputError {
  return new InvalidInputError("This reset link is unknown, used or expired", "invalid_token");
}

import type { Db } from "../db/connect";
import type { User } from "../db/schema";
import { LINK_TOKEN, linkToken, queueEmail } from "../mail/outbound";
import { confirmAccountEmail } from "./emails";
import type { Config } from "../core/config";
import { InvalidInputError } from "../core/errors";
import type { JobQueue } from "../core/jobs";
import { hashPassword } from "./password";
import { openSession } from "./sessions";
import { consumeToken, storeToken } from "./tokens";
import { createUser, findUserByEmail } from "./users";

/** A fresh confirmation link, e-mailed in the same transaction as its token (put in at sending, like a reset link's). */
export async function sendConfirmation(db: Db, queue: JobQueue, config: Config, user: User): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const ref = await queueEmail(trx, queue, {
      email: confirmAccountEmail,
      params: { name: user.display_name, url: `${config.baseUrl}/confirm?token=${LINK_TOKEN}` },
      to: { userId: user.id, address: user.email, locale: user.locale },
    });
    await storeToken(trx, user.id, "confirm", linkToken(config.secret, ref.id));
  });
}

/**
 * Signs up: a new, unconfirmed account and a confirmation link. When the
 * address already has an account nothing is revealed to the visitor, not
 * even by the time it takes.
 */
export async function signUp(
  db: Db,
  queue: JobQueue,
  config: Config,
  input: { email: string; displayName: string; password: string; locale: string },
): Promise<{ created: boolean }> {
  const existing = await findUserByEmail(db, input.email);
  // The password is hashed on both paths: a known address must not answer faster than a new one.
  const passwordHash = await hashPassword(input.password);
  if (existing) {
    if (!existing.confirmed_at) await sendConfirmation(db, queue, config, existing);
    return { created: false };
  }
  const user = await createUser(db, { email: input.email, displayName: input.displayName, passwordHash, locale: input.locale });
  await sendConfirmation(db, queue, config, user);
  return { created: true };
}

/**
 * The link of the confirmation e-mail: uses the token, confirms the address
 * and opens a session, all or nothing. Throws `invalid_token` for an
 * unknown, used or expired link.
 */
export async function confirmEmail(db: Db, token: string): Promise<{ userId: number; sessionToken: string }> {
  return db.transaction().execute(async (trx) => {
    const userId = await consumeToken(trx, token, "confirm");
    if (!userId) throw new InvalidInputError("This confirmation link is unknown, used or expired", "invalid_token");
    await trx.updateTable("users").set({ confirmed_at: new Date() }).where("id", "=", userId).where("confirmed_at", "is", null).execute();
    return { userId, sessionToken: await openSession(trx, userId) };
  });
}

import type { Db } from "../db/connect";
import type { Config } from "../core/config";
import { ConflictError, InvalidInputError } from "../core/errors";
import type { JobQueue } from "../core/jobs";
import { sendConfirmation } from "./confirmation";
import { standInHash, verifyPassword } from "./password";
import { openSession } from "./sessions";
import { findUserByEmail } from "./users";

/**
 * Checks an e-mail and password and opens a session. A wrong password, an
 * unknown address and a banned account get the same answer (`login_failed`);
 * an unconfirmed account gets a fresh confirmation link (`unconfirmed`).
 * Every path checks one password hash (a stand-in one for an unknown,
 * banned or password-less account), so the answer takes as long.
 */
export async function logIn(db: Db, queue: JobQueue, config: Config, input: { email: string; password: string }): Promise<{ userId: number; sessionToken: string }> {
  const user = await findUserByEmail(db, input.email);
  const matches = await verifyPassword(user?.password_hash ?? (await standInHash()), input.password);
  const ok = user && !user.banned_at && matches;
  if (!user || !ok) throw new InvalidInputError("Unknown e-mail address or wrong password", "login_failed");
  if (!user.confirmed_at) {
    await sendConfirmation(db, queue, config, user);
    throw new ConflictError("The e-mail address is not confirmed yet", "unconfirmed");
  }
  return { userId: user.id, sessionToken: await openSession(db, user.id) };
}

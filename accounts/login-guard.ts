import type { Db } from "../db/connect";
import type { Config } from "../core/config";
import { isDossierError, RateLimitError } from "../core/errors";
import type { JobQueue } from "../core/jobs";
import { deviceToken, readDevice } from "./devices";
import { logIn } from "./login";
import { clearFailures, recordFailure, secondsToWait, type ThrottleRule } from "./throttle";
import { findUserByEmail, normalizeEmail } from "./users";

/** Free failures and the longest wait, per kind of key. */
const LOGIN_LIMITS = {
  account: { free: 5, maxSeconds: 15 * 60 },
  ip: { free: 20, maxSeconds: 15 * 60 },
  device: { free: 5, maxSeconds: 15 * 60 },
} as const;

export class LoginThrottledError extends RateLimitError {
  constructor(readonly retryAfterSeconds: number) {
    super("Too many failed attempts: wait before trying again", "login_throttled");
  }
}

export type LoginAttempt = { email: string; password: string; ip: string; deviceCookie?: string | null };

function rule(kind: keyof typeof LOGIN_LIMITS, value: string): ThrottleRule {
  return { key: `login:${kind}:${value}`, ...LOGIN_LIMITS[kind] };
}

/**
 * The login form's check (finding 8 of issue 17): per-IP and per-account
 * growing delays after wrong passwords, which never lock the owner out.
 * From a browser where the account once signed in (a known device) only
 * that device's own failures count, so a stranger's guesses elsewhere
 * change nothing for the owner; a reset link (accounts/reset.ts) clears
 * the account's failures. While a wait runs the password is not checked at
 * all (`login_throttled`, with the seconds to wait). Returns the session
 * and the device cookie to keep.
 */
export async function logInThrottled(db: Db, queue: JobQueue, config: Config, attempt: LoginAttempt): Promise<{ userId: number; sessionToken: string; deviceCookie: string }> {
  const device = readDevice(config.secret, attempt.deviceCookie);
  const user = device ? await findUserByEmail(db, attempt.email) : undefined;
  const known = device && user && user.id === device.userId ? device : null;
  const rules = known ? [rule("device", known.nonce)] : [rule("ip", attempt.ip), rule("account", normalizeEmail(attempt.email))];
  const wait = await secondsToWait(db, rules);
  if (wait > 0) throw new LoginThrottledError(wait);
  try {
    const session = await logIn(db, queue, config, { email: attempt.email, password: attempt.password });
    await clearFailures(db, known ? [rules[0].key] : [rule("account", normalizeEmail(attempt.email)).key]);
    return { ...session, deviceCookie: known && attempt.deviceCookie ? attempt.deviceCookie : deviceToken(config.secret, session.userId) };
  } catch (error) {
    if (isDossierError(error) && error.code === "login_failed") await recordFailure(db, rules.map((r) => r.key));
    throw error;
  }
}

/** A successful reset proves the owner: the account's failed logins are forgotten. */
export async function forgetLoginFailures(db: Db, email: string): Promise<void> {
  await clearFailures(db, [rule("account", normalizeEmail(email)).key]);
}

/** The device cookie for a user who just proved who they are another way (a reset link). */
export function newDeviceCookie(config: Config, userId: number): string {
  return deviceToken(config.secret, userId);
}

/** Whether a device cookie is a known device of the account with this address (the forgot form's bypass). */
export async function isKnownDeviceOf(db: Db, config: Config, deviceCookie: string | null | undefined, email: string): Promise<string | null> {
  const device = readDevice(config.secret, deviceCookie);
  if (!device) return null;
  const user = await findUserByEmail(db, email);
  return user && user.id === device.userId ? device.nonce : null;
}

import { randomToken, hmac, safeEqual } from "./secrets";

/**
 * A known device: a browser where someone once signed in to an account
 * (OWASP's "device cookie"). Its cookie holds `<user id>.<nonce>.<mac>`,
 * signed with SECRET, so it cannot be made up. Attempts from a known
 * device of the account are throttled on their own (per device), not with
 * everyone else's failures on that account: a stranger's wrong passwords
 * never keep the owner out.
 */
export type KnownDevice = { userId: number; nonce: string };

export const DEVICE_DAYS = 365;

export function deviceToken(secret: string, userId: number, nonce = randomToken(12)): string {
  return `${userId}.${nonce}.${hmac(secret, `device:${userId}.${nonce}`)}`;
}

/** The device a cookie names, or null when it is missing, malformed or not signed by us. */
export function readDevice(secret: string, token: string | undefined | null): KnownDevice | null {
  if (!token || token.length > 200) return null;
  const [id, nonce, mac, ...rest] = token.split(".");
  if (rest.length > 0 || !id || !nonce || !mac || !/^[1-9][0-9]{0,15}$/.test(id)) return null;
  const userId = Number(id);
  if (!safeEqual(mac, hmac(secret, `device:${userId}.${nonce}`))) return null;
  return { userId, nonce };
}

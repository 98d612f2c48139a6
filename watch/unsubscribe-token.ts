import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * One-click unsubscribe tokens, put in every alert e-mail so that a follower
 * can stop alerts without logging in. A token names what it stops — one
 * follow (`f<id>`) or every alert of a user (`u<id>`) — and is signed with
 * HMAC-SHA256 under the platform secret. Tokens do not expire: a link in an
 * old e-mail must still work. They grant nothing but unsubscribing.
 */
export type UnsubscribeScope = { follow: number } | { user: number };

const PURPOSE = "watch-unsubscribe:";

function scopeKey(scope: UnsubscribeScope): string {
  return "follow" in scope ? `f${scope.follow}` : `u${scope.user}`;
}

function sign(secret: string, key: string): string {
  return createHmac("sha256", secret).update(PURPOSE + key).digest("base64url").slice(0, 22);
}

export function createUnsubscribeToken(secret: string, scope: UnsubscribeScope): string {
  const key = scopeKey(scope);
  return `${key}.${sign(secret, key)}`;
}

/** The scope of a valid token, or null for anything forged, truncated or malformed. */
export function verifyUnsubscribeToken(secret: string, token: unknown): UnsubscribeScope | null {
  if (typeof token !== "string" || token.length > 64) return null;
  const match = /^([fu])([1-9][0-9]{0,15})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!match) return null;
  const [, type, idText, signature] = match;
  const expected = Buffer.from(sign(secret, `${type}${idText}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const id = Number(idText);
  if (!Number.isSafeInteger(id)) return null;
  return type === "f" ? { follow: id } : { user: id };
}

export function unsubscribeUrl(baseUrl: string, secret: string, scope: UnsubscribeScope): string {
  return `${baseUrl.replace(/\/+$/, "")}/unsubscribe/${createUnsubscribeToken(secret, scope)}`;
}

import { redirect } from "@remix-run/node";
import type { Db } from "../../db/connect";
import { DEVICE_DAYS } from "../../accounts/devices";
import { endSession, openSession, SESSION_DAYS, sessionUser, type SessionUser } from "../../accounts/sessions";

/**
 * The web glue of sessions: the cookie and the Remix guards. Sessions
 * themselves (opening, looking up, revoking) are the accounts room's
 * (accounts/sessions.ts).
 */
export const SESSION_COOKIE = "dossier_session";

/** On https (PUBLIC_URL's scheme, server/web.ts) a cookie is Secure and named __Host-…: no subdomain or http page can set it. */
export function cookieName(request: Request, name: string): string {
  return isHttps(request) ? `__Host-${name}` : name;
}

function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}

export type { SessionUser };

function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get("Cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return undefined;
}

export { readCookie };

export function cookieAttributes(request: Request, maxAgeSeconds: number): string {
  const secure = isHttps(request);
  return `Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure ? "; Secure" : ""}`;
}

/** The Set-Cookie header value that hands a session token to the browser. */
export function sessionCookie(request: Request, token: string): string {
  return `${cookieName(request, SESSION_COOKIE)}=${token}; ${cookieAttributes(request, SESSION_DAYS * 86400)}`;
}

/** A known device (accounts/devices.ts): outlives sessions, so the owner is never throttled with strangers. */
export const DEVICE_COOKIE = "dossier_device";

export function deviceCookie(request: Request, token: string): string {
  return `${cookieName(request, DEVICE_COOKIE)}=${token}; ${cookieAttributes(request, DEVICE_DAYS * 86400)}`;
}

export function readDeviceCookie(request: Request): string | undefined {
  return readCookie(request, cookieName(request, DEVICE_COOKIE));
}

/** The Set-Cookie header value that clears the session cookie. */
export function clearedSessionCookie(request: Request): string {
  return `${cookieName(request, SESSION_COOKIE)}=; ${cookieAttributes(request, 0)}`;
}

/** Opens a server-side session; returns the Set-Cookie header value. */
export async function createSession(db: Db, request: Request, userId: number): Promise<string> {
  return sessionCookie(request, await openSession(db, userId));
}

/** Ends the session of this request; returns the Set-Cookie header that clears it. */
export async function destroySession(db: Db, request: Request): Promise<string> {
  const token = readCookie(request, cookieName(request, SESSION_COOKIE));
  if (token) await endSession(db, token);
  return clearedSessionCookie(request);
}

/** The signed-in user, or null (expired session, banned user, no cookie). */
export async function getUser(request: Request, db: Db): Promise<SessionUser | null> {
  return sessionUser(db, readCookie(request, cookieName(request, SESSION_COOKIE)));
}

/** The signed-in user, or a redirect to the login page that comes back here. */
export async function requireUser(request: Request, db: Db): Promise<SessionUser> {
  const user = await getUser(request, db);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`, { status: 303 });
  }
  return user;
}

/** An administrator, or 403 (404 would hide the page but confuses admins who lost their session). */
export async function requireAdmin(request: Request, db: Db): Promise<SessionUser> {
  const user = await requireUser(request, db);
  if (user.role !== "admin") throw new Response("Forbidden", { status: 403 });
  return user;
}

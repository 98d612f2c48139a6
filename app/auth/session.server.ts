import { redirect } from "@remix-run/node";
import type { Db } from "../../db/connect";
import type { User } from "../../db/schema";
import { randomToken, sha256 } from "./tokens.server";

export const SESSION_COOKIE = "dossier_session";
const SESSION_DAYS = 30;

export type SessionUser = Pick<User, "id" | "email" | "display_name" | "locale" | "role" | "confirmed_at">;

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
  const secure = new URL(request.url).protocol === "https:" || request.headers.get("X-Forwarded-Proto") === "https";
  return `Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure ? "; Secure" : ""}`;
}

/** Opens a server-side session; returns the Set-Cookie header value. */
export async function createSession(db: Db, request: Request, userId: number): Promise<string> {
  const token = randomToken();
  await db
    .insertInto("sessions")
    .values({ id_hash: sha256(token), user_id: userId, expires_at: new Date(Date.now() + SESSION_DAYS * 86400_000) })
    .execute();
  return `${SESSION_COOKIE}=${token}; ${cookieAttributes(request, SESSION_DAYS * 86400)}`;
}

/** Ends the session of this request; returns the Set-Cookie header that clears it. */
export async function destroySession(db: Db, request: Request): Promise<string> {
  const token = readCookie(request, SESSION_COOKIE);
  if (token) await db.deleteFrom("sessions").where("id_hash", "=", sha256(token)).execute();
  return `${SESSION_COOKIE}=; ${cookieAttributes(request, 0)}`;
}

/** The signed-in user, or null (expired session, banned user, no cookie). */
export async function getUser(request: Request, db: Db): Promise<SessionUser | null> {
  const token = readCookie(request, SESSION_COOKIE);
  if (!token || token.length > 100) return null;
  const user = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select(["users.id", "users.email", "users.display_name", "users.locale", "users.role", "users.confirmed_at"])
    .where("sessions.id_hash", "=", sha256(token))
    .where("sessions.expires_at", ">", new Date())
    .where("users.banned_at", "is", null)
    .executeTakeFirst();
  return user ?? null;
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

export async function destroyUserSessions(db: Db, userId: number): Promise<void> {
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
}

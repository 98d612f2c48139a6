import { cookieAttributes, cookieName, readCookie, SESSION_COOKIE } from "./session.server";
import { hmac, randomToken, safeEqual } from "../../accounts/secrets";

/**
 * CSRF protection for every state-changing form: a random httpOnly cookie
 * (set by the root loader on the first visit) and, in each form, a hidden
 * field holding HMAC(secret, cookie, session). A cross-site page can neither
 * read the cookie nor compute the field, and a token seen in one session
 * (before signing in, or another account's) is worthless in another.
 * SameSite=Lax is the second line.
 */
export const CSRF_COOKIE = "dossier_csrf";
export const CSRF_FIELD = "csrf";

/** The token for this visitor, and the Set-Cookie header when the cookie is new. */
export function csrfToken(request: Request, secret: string): { token: string; setCookie: string | null } {
  let value = readCookie(request, cookieName(request, CSRF_COOKIE));
  let setCookie: string | null = null;
  if (!value || value.length < 20 || value.length > 100) {
    value = randomToken(24);
    setCookie = `${cookieName(request, CSRF_COOKIE)}=${value}; ${cookieAttributes(request, 60 * 60 * 24 * 365)}`;
  }
  return { token: tokenFor(request, secret, value), setCookie };
}

/** Throws a 403 Response unless the form carries this visitor's token. */
export function requireCsrf(request: Request, secret: string, form: FormData): void {
  const value = readCookie(request, cookieName(request, CSRF_COOKIE));
  const given = form.get(CSRF_FIELD);
  if (!value || typeof given !== "string" || !safeEqual(given, tokenFor(request, secret, value))) {
    throw new Response("The form has expired or did not come from this site. Go back, reload the page and try again.", {
      status: 403,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
}

function tokenFor(request: Request, secret: string, cookie: string): string {
  const session = readCookie(request, cookieName(request, SESSION_COOKIE)) ?? "";
  return hmac(secret, `csrf:${cookie}:${session}`);
}

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

/**
 * Pages kept by the page cache (server/page-cache.ts) are the same bytes for
 * every anonymous visitor, so their forms carry an empty token. Each such
 * response sets this cookie instead: SameSite=Strict, so a browser sends it
 * only with a request that another page of this site started, never with a
 * form another site posts. An anonymous visitor's (no session) form with an
 * empty token passes when the cookie comes with it; a signed-in visitor
 * always needs the HMAC token (docs/decisions/914).
 */
export const FORM_COOKIE = "dossier_form";

/** The form cookie's name and Set-Cookie value; `secure` on an https site (the __Host- prefix, as cookieName does). */
export function formCookie(secure: boolean): { name: string; setCookie: (value: string) => string } {
  const name = secure ? `__Host-${FORM_COOKIE}` : FORM_COOKIE;
  return { name, setCookie: (value) => `${name}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${60 * 60 * 24 * 365}${secure ? "; Secure" : ""}` };
}

function anonymousFormAllowed(request: Request, given: FormDataEntryValue | null): boolean {
  if (given !== "" && given !== null) return false;
  if (readCookie(request, cookieName(request, SESSION_COOKIE))) return false;
  const value = readCookie(request, cookieName(request, FORM_COOKIE));
  return typeof value === "string" && value.length >= 20 && value.length <= 100;
}

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
  if (anonymousFormAllowed(request, given)) return;
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

import { createCookie } from "@remix-run/node";
import { defaultLocale, isLocale, localeFromAcceptLanguage, type Locale } from "../../core/i18n/locales";

/** The chosen language, kept for a year; it carries no personal data. */
export const localeCookie = createCookie("lang", {
  path: "/",
  httpOnly: true,
  sameSite: "lax",
  maxAge: 60 * 60 * 24 * 365,
});

/** The request's language: the cookie, else the browser's preference, else French. */
export async function getLocale(request: Request): Promise<Locale> {
  const chosen = await localeCookie.parse(request.headers.get("Cookie"));
  if (isLocale(chosen)) return chosen;
  return localeFromAcceptLanguage(request.headers.get("Accept-Language")) ?? defaultLocale;
}

/** Only same-site paths may be redirected to after switching language. */
export function safeRedirectPath(value: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof value !== "string" || value.length > 2000) return fallback;
  // Browsers drop tabs and line breaks from a URL and read "\" as "/": "/\t/evil.example"
  // (sent as "/%09/evil.example") is "//evil.example", another site. None belongs in our paths.
  if (/[\u0000-\u001f\u007f\\]/.test(value) || !value.startsWith("/") || value.startsWith("//")) return fallback;
  // Whatever is left must resolve to our own origin.
  const origin = "http://dossier.invalid";
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== origin) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

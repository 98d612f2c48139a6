import { createCookie } from "@remix-run/node";
import { defaultLocale, isLocale, localeFromAcceptLanguage, type Locale } from "../../core/i18n/locales";
import { LANG_PARAM } from "./alternates";
export { LANG_PARAM };
export { LANGUAGE_VARY, varyByLanguage } from "./vary";

/** The chosen language, kept for a year; it carries no personal data. */
export const localeCookie = createCookie("lang", {
  path: "/",
  httpOnly: true,
  sameSite: "lax",
  maxAge: 60 * 60 * 24 * 365,
});


/** `?language=nl` on the address, when it names a language we speak. */
export function localeFromUrl(url: string | URL): Locale | undefined {
  const value = new URL(url).searchParams.get(LANG_PARAM);
  return isLocale(value) ? value : undefined;
}

/**
 * The request's language: `?language=` on the address (a link someone shared
 * opens in their language), else the cookie, else the browser's preference,
 * else French. The address does not set the cookie: following a shared
 * link never changes the reader's own choice (docs/decisions/920-language-by-url.md).
 */
export async function getLocale(request: Request): Promise<Locale> {
  const fromUrl = localeFromUrl(request.url);
  if (fromUrl) return fromUrl;
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

/** The same address without `?language=`: after choosing a language, the address must not overrule the choice. */
export function withoutLangParam(path: string): string {
  const url = new URL(path, "http://x");
  url.searchParams.delete(LANG_PARAM);
  return url.pathname + url.search + url.hash;
}

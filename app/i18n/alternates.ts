import { locales } from "../../core/i18n/locales";

/**
 * The query parameter that picks a page's language for one visit (a shared
 * link). Not `lang`: the search already uses `lang` to filter documents by
 * their language (a stable API parameter).
 */
export const LANG_PARAM = "language";

export type LanguageAlternate = { hrefLang: string; href: string };

/**
 * The page's address in each language (`?language=xx`), and `x-default` without
 * it (the reader's own choice), for `<link rel="alternate" hreflang>`.
 * Absolute, on the site's public address.
 */
export function languageAlternates(requestUrl: string, baseUrl: string | undefined): LanguageAlternate[] {
  const requested = new URL(requestUrl);
  // The public address when configured, else the address the request came to.
  const origin = URL.canParse(baseUrl ?? "") ? new URL(baseUrl!).origin : requested.origin;
  const url = new URL(requested.pathname + requested.search, origin);
  url.searchParams.delete(LANG_PARAM);
  // Remix's data requests carry `_data`/`.data`; the page's own address has neither.
  url.searchParams.delete("_data");
  url.pathname = url.pathname.replace(/\.data$/, "").replace(/^\/_root$/, "/");
  const href = (lang?: string) => {
    const copy = new URL(url);
    if (lang) copy.searchParams.set(LANG_PARAM, lang);
    return copy.toString();
  };
  return [...locales.map((lang) => ({ hrefLang: lang, href: href(lang) })), { hrefLang: "x-default", href: href() }];
}

import { displayName } from "../../authorities/names";
import type { Locale } from "../../core/i18n/locales";

/** An authority's name in the reader's language (falls back to its own). */
export function authorityName(a: { name_fr: string | null; name_nl: string | null; name_de: string | null; name_en: string | null; languages: string[] }, locale: Locale): string {
  return displayName(a, locale);
}

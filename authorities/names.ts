/**
 * Which of an authority's names to show, and the derived search columns.
 */
import { analyzeName, searchKeysFor } from "./name-search";
import type { Locale } from "./regimes";
import type { Language } from "./vocabulary";

export interface Named {
  name_fr: string | null;
  name_nl: string | null;
  name_de: string | null;
  name_en: string | null;
  languages: readonly string[];
}

/** The name in the body's own (first) language, else any name. */
export function primaryName(a: Named): string {
  for (const l of a.languages) {
    const n = a[`name_${l as Language}`];
    if (n) return n;
  }
  return a.name_fr ?? a.name_nl ?? a.name_de ?? a.name_en ?? "";
}

/** The name for a reader's language, falling back to the body's own. */
export function displayName(a: Named, locale: Locale): string {
  return a[`name_${locale}`] ?? primaryName(a);
}

/** Every name of the body other than the displayed one, deduplicated. */
export function otherNames(a: Named, locale: Locale): string[] {
  const shown = displayName(a, locale);
  const out: string[] = [];
  for (const n of [a.name_fr, a.name_nl, a.name_de, a.name_en]) if (n && n !== shown && !out.includes(n)) out.push(n);
  return out;
}

export const SEARCH_KEY_SEPARATOR = " | ";

/** The `search_keys` column: normalised names, generic prefixes stripped. */
export function searchKeysColumn(a: Named): string {
  return searchKeysFor([a.name_fr, a.name_nl, a.name_de, a.name_en]).join(SEARCH_KEY_SEPARATOR);
}

export function splitSearchKeys(column: string): string[] {
  return column === "" ? [] : column.split(SEARCH_KEY_SEPARATOR);
}

/** The `sort_name` column: the primary name without generic prefixes ("CPAS de Liège" sorts under L). */
export function sortNameColumn(a: Named): string {
  const analyzed = analyzeName(primaryName(a));
  return analyzed.core || analyzed.normalized;
}

/**
 * What to call a followed thing, in the reader's language: shared by the
 * "what I follow" page, feeds and alert e-mails.
 */
import { displayName } from "../authorities/names";
import { translate, type Locale, type MessageKey } from "../core/i18n/index";
import type { FollowListItem } from "./follows";

function known(key: string): key is MessageKey {
  return translate("en", key as MessageKey) !== key;
}

export function regionLabel(locale: Locale, region: string): string {
  const key = `region.${region}`;
  return known(key) ? translate(locale, key) : region;
}

export function kindLabel(locale: Locale, kind: string): string {
  const key = `kind.${kind}`;
  return known(key) ? translate(locale, key) : kind;
}

export function provinceLabel(locale: Locale, province: string): string {
  const key = `watch.province.${province}`;
  return known(key) ? translate(locale, key) : province;
}

/** "Commune — Wallonia", "CPAS", "Wallonia", "CPAS — Hainaut" (a province names the place better than its region). */
export function areaLabel(locale: Locale, region: string | null, kind: string | null, province: string | null = null): string {
  const place = province ? provinceLabel(locale, province) : region ? regionLabel(locale, region) : null;
  const parts = [kind ? kindLabel(locale, kind) : null, place].filter(Boolean);
  return parts.length ? parts.join(" — ") : translate(locale, "watch.area.all");
}

export function searchLabel(locale: Locale, search: { q: string; filters: Record<string, string[]> }): string {
  const filters = Object.entries(search.filters).map(([key, values]) => `${key}: ${values.join(", ")}`);
  const q = search.q ? `“${search.q}”` : translate(locale, "watch.following.anyQuery");
  return filters.length ? `${q} (${filters.join("; ")})` : q;
}

export function followLabel(locale: Locale, item: Pick<FollowListItem, "target" | "request" | "authority" | "user">): string {
  const t = item.target;
  switch (t.type) {
    case "request":
      return item.request?.title[locale] ?? translate(locale, "watch.following.gone");
    case "authority":
      return item.authority ? displayName(item.authority, locale) : translate(locale, "watch.following.gone");
    case "area":
      return areaLabel(locale, t.region, t.kind, t.province ?? null);
    case "user":
      return item.user?.displayName ?? translate(locale, "watch.following.gone");
    case "search":
      return searchLabel(locale, t.search);
  }
}

import type { MetaDescriptor } from "@remix-run/node";
import { defaultLocale, isLocale, translate, type Locale, type MessageKey } from "../../core/i18n/index";

type MatchLike = { id: string; data?: unknown };

/** The page's language as the root loader chose it (French when the root failed). */
export function metaLocale(matches: readonly MatchLike[]): Locale {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined;
  return isLocale(root?.locale) ? root.locale : defaultLocale;
}

/** "<specific title> — Dossier": the page's own name first, so tabs and screen readers tell pages apart (WCAG 2.4.2). */
export function pageTitle(locale: Locale, specific: string): string {
  return `${specific} — ${translate(locale, "site.name")}`;
}

export type PageMetaOptions = { noindex?: boolean };

/** The meta of a page whose title is one catalogue key (optionally with parameters). */
export function titleMeta(locale: Locale, key: MessageKey, params?: Record<string, string | number>, options: PageMetaOptions = {}): MetaDescriptor[] {
  return [{ title: pageTitle(locale, translate(locale, key, params)) }, ...(options.noindex ? [{ name: "robots", content: "noindex" }] : [])];
}

/** `export const meta = pageMeta("login.title")`: a translated title from one key. */
export function pageMeta(key: MessageKey, options: PageMetaOptions = {}) {
  return ({ matches }: { matches: readonly MatchLike[] }): MetaDescriptor[] => titleMeta(metaLocale(matches), key, undefined, options);
}

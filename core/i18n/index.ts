import { batches } from "./messages/batches";
import { channels } from "./messages/channels";
import { common } from "./messages/common";
import { directory } from "./messages/directory";
import { documents } from "./messages/documents";
import { emails } from "./messages/emails";
import { escalation } from "./messages/escalation";
import { mail } from "./messages/mail";
import { mailtrust } from "./messages/mailtrust";
import { moderation } from "./messages/moderation";
import { pages } from "./messages/pages";
import { quality } from "./messages/quality";
import { reach } from "./messages/reach";
import { requests } from "./messages/requests";
import { search } from "./messages/search";
import { security } from "./messages/security";
import { watch } from "./messages/watch";
import { formatMessage } from "./format";
import { defaultLocale, type Locale } from "./locales";

export * from "./locales";

/**
 * All UI strings: each area's file in messages/ is merged here. To add an
 * area, write messages/<area>.ts with the same shape and spread it below.
 */
// One area a line, in import order: parallel branches that each add an area
// then merge without touching each other's line.
const areas = [
  batches,
  channels,
  common,
  directory,
  documents,
  emails,
  escalation,
  mail,
  mailtrust,
  moderation,
  pages,
  quality,
  reach,
  requests,
  search,
  security,
  watch,
] as const;

type AreaKeys<T> = T extends { en: infer E } ? keyof E : never;
export type MessageKey = AreaKeys<(typeof areas)[number]>;

const catalog = Object.fromEntries(
  (["fr", "nl", "de", "en"] as const).map((locale) => [locale, Object.assign({}, ...areas.map((area) => area[locale]))]),
) as Record<Locale, Record<MessageKey, string>>;

/** Every key of the catalogue (tests look for one shown raw on a page). */
export const messageKeys = Object.keys(catalog.en) as MessageKey[];

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** Returns the string for `key` in `locale`, with `{name}` and `{count, plural, …}` placeholders filled (./format.ts). */
export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const template = catalog[locale]?.[key] ?? catalog[defaultLocale][key] ?? key;
  return formatMessage(locale, template, params);
}

export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

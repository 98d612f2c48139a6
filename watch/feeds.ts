/**
 * Atom feeds of public activity: an authority, a region/kind, a user's
 * requests, one request, a search. Entries are the events that also alert
 * followers, described the same way.
 */
import { displayName } from "../authorities/names";
import type { Locale } from "../core/i18n/index";
import type { Db } from "../db/connect";
import type { Config } from "../core/config";
import { renderAtom, tagUri, type AtomEntry } from "./atom";
import { describeItem, itemUrl } from "./digest";
import { latestEvents, type FeedScope, type WatchedEvent } from "./events";

export const FEED_ENTRIES = 50;

export type FeedDescription = {
  /** Stable name of the feed, part of its Atom id (e.g. `authority/liege`). */
  key: string;
  title: string;
  /** Path of the feed itself, with its query string. */
  selfPath: string;
  /** Path of the HTML page it mirrors. */
  pagePath: string;
};

function host(config: Pick<Config, "baseUrl">): string {
  try {
    return new URL(config.baseUrl).hostname;
  } catch {
    return "dossier";
  }
}

export function feedEntry(config: Pick<Config, "baseUrl">, locale: Locale, event: WatchedEvent): AtomEntry {
  const authority = displayName(event.authority, locale);
  return {
    id: tagUri(host(config), `event/${event.id}`),
    title: describeItem(locale, { kind: event.kind, requestTitle: event.requestTitle[locale], authority: event.authority, state: event.state }),
    updated: event.at,
    link: itemUrl(config.baseUrl, event),
    summary: `${authority} — ${event.requestTitle[locale]}`,
    // Replies are the authority's words; everything else is the requester's doing.
    author: event.kind === "reply" ? authority : event.ownerName,
    categories: [event.kind],
  };
}

export function renderFeed(config: Pick<Config, "baseUrl">, locale: Locale, feed: FeedDescription, events: WatchedEvent[]): string {
  return renderAtom({
    id: tagUri(host(config), `feed/${feed.key}`),
    title: feed.title,
    selfLink: `${config.baseUrl}${feed.selfPath}`,
    alternateLink: `${config.baseUrl}${feed.pagePath}`,
    language: locale,
    entries: events.map((event) => feedEntry(config, locale, event)),
  });
}

export async function buildFeed(db: Db, config: Pick<Config, "baseUrl">, locale: Locale, scope: FeedScope, feed: FeedDescription): Promise<string> {
  return renderFeed(config, locale, feed, await latestEvents(db, scope, FEED_ENTRIES));
}

export const ATOM_HEADERS = { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" };

/**
 * Request titles as the public may read them in feeds, alert e-mails and
 * follow labels: each through its request's Publisher (the rules of the
 * request, its requester, its authority and the site, then masking), as the
 * request, authority and profile pages show them. One rules query per list.
 * Masks are written in the reader's language, so each title is given in
 * every language; the caller picks the reader's.
 */
import type { Kysely } from "kysely";
import { stripBidiControls } from "../core/text";
import { locales, type Locale } from "../core/i18n/locales";
import type { Database } from "../db/schema";
import { publishersForRequests } from "../moderation/publish";

export type PublishedTitle = Record<Locale, string>;

export async function publishedTitles(
  db: Kysely<Database>,
  requests: ReadonlyArray<{ id: number; user_id: number; authority_id: number; title: string }>,
): Promise<Map<number, PublishedTitle>> {
  const publishers = await publishersForRequests(db, requests);
  const out = new Map<number, PublishedTitle>();
  for (const request of requests) {
    const publisher = publishers.get(request.id)!;
    out.set(request.id, Object.fromEntries(locales.map((locale) => [locale, stripBidiControls(publisher.displayText(request.title, locale))])) as PublishedTitle);
  }
  return out;
}

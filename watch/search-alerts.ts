/**
 * Alerts for saved searches. A reply cannot be matched against a search
 * before the search index has it, so processAlertQueue (alerts.ts) only
 * records an `alert_search_checks` row per reply; the search room's indexing
 * job calls `searchFollowObserver` around each request it indexes, and the
 * checks of that request's messages are matched then, by the search backend
 * itself: the follow's query and filters, narrowed to the reply's authority
 * and day, must return the reply (or one of its attachments). What fires an
 * alert is therefore exactly what the search page would show, on either
 * backend, and a hidden message — never indexed — never fires one.
 *
 * A check stays open while the reply's attachments still wait for their text
 * (the extraction updates the index again, and the check is matched again);
 * the pending attachments are counted before the documents are read, so a
 * check is closed only after an index that holds every extracted text.
 * A check inserted after its request was indexed queues indexing again
 * (trigger of migration 0610). Deliveries are unique per (event, follower):
 * matching twice alerts once.
 */
import { sql } from "kysely";
import { addDays } from "../authorities/civil-date";
import type { Db } from "../db/connect";
import { parseSearchParams } from "../search/params";
import type { IndexObserver } from "../search/indexing";
import { maxPerPage, SearchQueryError, type SearchBackend, type SearchFilters } from "../core/search";
import { insertDeliveries } from "./alerts";
import { fanOut, type Follow, type SearchFollowQuery } from "./digest";
import { loadWatchedEvents, type WatchedEvent } from "./events";
import { rowToFollow, searchToParams } from "./follows";

/** Pages of hits read when looking for one reply among a day of one authority's documents. */
const MAX_PAGES = 10;
/** Checks left open longer than this (extraction never finished) are dropped by the sweep. */
export const CHECK_LIFETIME_HOURS = 48;

export type ReplyToMatch = { messageId: number; authorityId: number; date: Date };

/**
 * Whether the saved search shows the reply (its message or an attachment of
 * it) — the search page's own parsing and backend, narrowed to the reply's
 * authority and a few days around it so that the reply is found among few hits.
 */
export async function searchShowsReply(backend: SearchBackend, search: SearchFollowQuery, reply: ReplyToMatch): Promise<boolean> {
  const parsed = parseSearchParams(searchToParams(search));
  if (!parsed.ok || !parsed.params.q.trim()) return false;
  const day = reply.date.toISOString().slice(0, 10);
  // Two days either side: wider than any time-zone shift of the document's date.
  const windowFrom = addDays(day, -2);
  const windowTo = addDays(day, 2);
  const own = parsed.request.filters ?? {};
  const filters: SearchFilters = {
    ...own,
    authorityId: reply.authorityId,
    dateFrom: own.dateFrom && own.dateFrom > windowFrom ? own.dateFrom : windowFrom,
    dateTo: own.dateTo && own.dateTo < windowTo ? own.dateTo : windowTo,
  };
  if (filters.dateFrom! > filters.dateTo!) return false;
  for (let page = 1; page <= MAX_PAGES; page++) {
    let hits;
    try {
      ({ hits } = await backend.search({ q: parsed.request.q, filters, sort: "date", page, perPage: maxPerPage, snippets: false, facets: false }));
    } catch (error) {
      // A saved query the backend rejects matches nothing (the search page says why).
      if (error instanceof SearchQueryError) return false;
      throw error;
    }
    if (hits.some((hit) => hit.messageId === reply.messageId)) return true;
    if (hits.length < maxPerPage) return false;
  }
  return false;
}

type Check = { eventId: number; messageId: number; attachmentsPending: boolean };

/** The open checks of a request's messages, read before the request is indexed. */
async function openChecks(db: Db, requestId: number): Promise<Check[]> {
  const rows = await db
    .selectFrom("alert_search_checks as c")
    .innerJoin("messages as m", "m.id", "c.message_id")
    .select([
      "c.event_id",
      "c.message_id",
      sql<boolean>`exists (select 1 from attachments a where a.message_id = c.message_id and a.extraction_status = 'pending' and not a.hidden)`.as("pending"),
    ])
    .where("m.request_id", "=", requestId)
    .execute();
  return rows.map((r) => ({ eventId: r.event_id, messageId: r.message_id, attachmentsPending: r.pending }));
}

async function searchFollows(db: Db): Promise<Follow[]> {
  const rows = await db.selectFrom("follows").selectAll().where("target_type", "=", "search").execute();
  return rows.map(rowToFollow);
}

/**
 * Matches `checks` against every saved search with the index as it is now,
 * inserts the deliveries, and closes the checks that need no further look.
 * Returns the number of deliveries inserted.
 */
export async function matchSearchChecks(db: Db, backend: SearchBackend, checks: Check[]): Promise<number> {
  if (checks.length === 0) return 0;
  // Public events only (a hidden request or draft yields none).
  const events = await loadWatchedEvents(
    db,
    checks.map((c) => c.eventId),
  );
  const messageIds = checks.map((c) => c.messageId);
  const messages = new Map(
    (
      await db
        .selectFrom("messages")
        .select(["id", "request_id", "hidden", sql<Date>`coalesce(sent_at, created_at)`.as("date")])
        .where("id", "in", messageIds)
        .execute()
    ).map((m) => [m.id, m]),
  );
  const follows = await searchFollows(db);
  const matches = new Map<number, number[]>();
  const alertable: WatchedEvent[] = [];
  for (const event of events) {
    const message = event.messageId !== null ? messages.get(event.messageId) : undefined;
    if (!message || message.hidden || message.request_id !== event.requestId) continue;
    alertable.push(event);
    const reply: ReplyToMatch = { messageId: message.id, authorityId: event.authorityId, date: new Date(message.date) };
    const matched: number[] = [];
    // Many followers save the same search: ask the backend once per search.
    const shown = new Map<string, boolean>();
    for (const follow of follows) {
      if (follow.target.type !== "search") continue;
      const key = searchToParams(follow.target.search).toString();
      if (!shown.has(key)) shown.set(key, await searchShowsReply(backend, follow.target.search, reply));
      if (shown.get(key)) matched.push(follow.id);
    }
    if (matched.length) matches.set(event.id, matched);
  }
  return db.transaction().execute(async (trx) => {
    const inserted = await insertDeliveries(trx, fanOut(alertable, follows, matches));
    const done = checks.filter((c) => !c.attachmentsPending).map((c) => c.eventId);
    if (done.length) await trx.deleteFrom("alert_search_checks").where("event_id", "in", done).execute();
    const open = checks.filter((c) => c.attachmentsPending).map((c) => c.eventId);
    if (open.length) await trx.updateTable("alert_search_checks").set((eb) => ({ attempts: eb("attempts", "+", 1) })).where("event_id", "in", open).execute();
    return inserted;
  });
}

/** For searchJobs(): matches the open checks of each request the indexing job indexes. */
export const searchFollowObserver: IndexObserver = async (db, backend, requestId) => {
  const checks = await openChecks(db, requestId);
  if (checks.length === 0) return;
  return async () => {
    await matchSearchChecks(db, backend, checks);
  };
};

/** Drops checks that stayed open too long (an attachment whose text never came). */
export async function sweepSearchChecks(db: Db): Promise<number> {
  const result = await db
    .deleteFrom("alert_search_checks")
    .where("not_before", "<", sql<Date>`now() - make_interval(hours => ${CHECK_LIFETIME_HOURS})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

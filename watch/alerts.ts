/**
 * From committed events to alert deliveries, exactly once.
 *
 * The room's subscriber (watch/subscribers.ts) puts every event recorded on
 * a request in `alert_queue` once its transaction has committed. `processAlertQueue` takes a batch of queued events (locked,
 * so parallel workers never take the same ones), computes the deliveries with
 * the pure fan-out of digest.ts, inserts them under the unique key
 * (event, follower), and removes the events from the queue — all in one
 * transaction: a crash leaves the events queued, a retry inserts nothing
 * twice. Sending is a separate step (sender.ts).
 */
import { sql, type Transaction } from "kysely";
import type { Db } from "../db/connect";
import type { Database } from "../db/schema";
import { fanOut, type Delivery, type Follow } from "./digest";
import { loadWatchedEvents, type WatchedEvent } from "./events";
import { rowToFollow } from "./follows";
import { emit } from "../core/events";

export const EVENTS_PER_BATCH = 1000;

type Trx = Transaction<Database>;

/** Follows whose structural target covers at least one of `events` (search follows excluded). */
async function candidateFollows(trx: Trx, events: WatchedEvent[]): Promise<Follow[]> {
  if (events.length === 0) return [];
  const requestIds = [...new Set(events.map((e) => e.requestId))];
  const authorityIds = [...new Set(events.map((e) => e.authorityId))];
  const ownerIds = [...new Set(events.map((e) => e.requestOwnerId))];
  const regions = [...new Set(events.map((e) => e.region).filter((r): r is string => r !== null))];
  const kinds = [...new Set(events.map((e) => e.authorityKind))];
  const provinces = [...new Set(events.map((e) => e.province).filter((p): p is string => !!p))];
  const rows = await trx
    .selectFrom("follows")
    .selectAll()
    .where((eb) =>
      eb.or([
        eb("request_id", "in", requestIds),
        eb("authority_id", "in", authorityIds),
        eb("followed_user_id", "in", ownerIds),
        eb.and([
          eb("target_type", "=", "area"),
          eb.or([eb("region", "is", null), ...(regions.length ? [eb("region", "in", regions)] : [])]),
          eb.or([eb("kind", "is", null), eb("kind", "in", kinds)]),
          eb.or([eb("province", "is", null), ...(provinces.length ? [eb("province", "in", provinces)] : [])]),
        ]),
      ]),
    )
    .execute();
  return rows.map(rowToFollow);
}

export async function insertDeliveries(trx: Trx, deliveries: Delivery[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < deliveries.length; i += 2000) {
    const chunk = deliveries.slice(i, i + 2000);
    const result = await trx
      .insertInto("alert_deliveries")
      .values(chunk.map((d) => ({ event_id: d.eventId, user_id: d.userId, follow_id: d.followId, frequency: d.frequency })))
      .onConflict((oc) => oc.constraint("alert_deliveries_once").doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return inserted;
}

export type QueueRun = { events: number; alertable: number; deliveries: number; searchChecks: number };

/** Processes one batch of queued events. Returns what it did (events = 0 when the queue is empty). */
export async function processAlertQueue(db: Db, limit = EVENTS_PER_BATCH): Promise<QueueRun> {
  return db.transaction().execute(async (trx) => {
    const queued = await trx.selectFrom("alert_queue").select("event_id").orderBy("event_id").limit(limit).forUpdate().skipLocked().execute();
    if (queued.length === 0) return { events: 0, alertable: 0, deliveries: 0, searchChecks: 0 };
    const ids = queued.map((q) => q.event_id);
    const events = await loadWatchedEvents(trx, ids);
    const follows = await candidateFollows(trx, events);
    const deliveries = await insertDeliveries(trx, fanOut(events, follows));

    // Replies are matched against saved searches once the search index has them.
    let searchChecks = 0;
    const replies = events.filter((e) => e.kind === "reply" && e.messageId !== null);
    if (replies.length > 0) {
      const anySearch = await trx.selectFrom("follows").select("id").where("target_type", "=", "search").limit(1).executeTakeFirst();
      if (anySearch) {
        await trx
          .insertInto("alert_search_checks")
          .values(replies.map((e) => ({ event_id: e.id, message_id: e.messageId! })))
          .onConflict((oc) => oc.column("event_id").doNothing())
          .execute();
        // A check recorded after the reply's indexing would wait for the next change: index its request again.
        for (const reply of replies) await emit(trx, { type: "watch.search_check_recorded", requestId: reply.requestId, data: { messageId: reply.messageId! } });
        searchChecks = replies.length;
      }
    }
    await trx.deleteFrom("alert_queue").where("event_id", "in", ids).execute();
    return { events: ids.length, alertable: events.length, deliveries, searchChecks };
  });
}

/** Empties the queue, batch after batch. */
export async function drainAlertQueue(db: Db, limit = EVENTS_PER_BATCH): Promise<QueueRun> {
  const total: QueueRun = { events: 0, alertable: 0, deliveries: 0, searchChecks: 0 };
  for (;;) {
    const run = await processAlertQueue(db, limit);
    if (run.events === 0) return total;
    total.events += run.events;
    total.alertable += run.alertable;
    total.deliveries += run.deliveries;
    total.searchChecks += run.searchChecks;
  }
}

export async function queuedEventCount(db: Db): Promise<number> {
  const row = await db.selectFrom("alert_queue").select(sql<string>`count(*)`.as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

import { sql } from "kysely";
import type { Db } from "../db/connect";
import { defineSubscriber } from "../core/events";

/**
 * Queues a recorded event for the alert fan-out (watch/alerts.ts drains the
 * queue in batches). Idempotent: an event queued twice is queued once, and
 * one deleted since (its request removed) is skipped.
 */
export async function queueForAlerts(db: Db, eventIds: number[]): Promise<void> {
  if (eventIds.length === 0) return;
  await sql`insert into alert_queue (event_id) select id from events where id = any(${eventIds}::bigint[]) on conflict do nothing`.execute(db);
}

/** Every event on a request's timeline may concern someone who follows it, its authority, its author or its area. */
export const watchSubscribers = [
  defineSubscriber({
    name: "watch.alert_queue",
    on: ["request.event_recorded"],
    async handle(event, { db }) {
      await queueForAlerts(db, [event.data.eventId]);
    },
    async handleBatch(events, { db }) {
      await queueForAlerts(db, events.map((e) => e.data.eventId));
    },
  }),
];

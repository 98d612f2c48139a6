import { sql, type Kysely } from "kysely";
import type { Database, NewEvent } from "../db/schema";
import type { AppContext } from "./context";

/**
 * Domain events: how one room reacts to what another did. The room that
 * makes a change writes an event in its own transaction (`emit`); after
 * commit one dispatcher (a worker job, server/rooms.ts) calls every
 * subscriber that the rooms declare in their room.ts. An event that rolls
 * back never reaches anyone; one that commits reaches each subscriber at
 * least once, and each subscriber's progress is recorded on its own, so a
 * failing subscriber is retried alone and, once it gives up, stays visible
 * with its error (`domain_event_deliveries`). See docs/decisions/800-domain-events.md.
 */

/** Every event and the data it carries. Events about a request carry its id beside the data. */
export type DomainEventData = {
  /** A row was added to a request's timeline (`events`): a reply, a classification, a state change… */
  "request.event_recorded": { eventId: number; eventType: string };
  /** A request's public face changed outside its timeline (hidden, state, title), or its files were redacted again. */
  "request.changed": { fields: Array<"hidden" | "state" | "title" | "redaction"> };
  /** A message was hidden or shown, or moved to another request (or out of the holding pen). */
  "message.changed": { messageId: number; fields: Array<"hidden" | "request_id">; fromRequestId?: number | null };
  /** An attachment's extracted text arrived, or it was hidden or shown. */
  "attachment.changed": { attachmentId: number; fields: Array<"extracted_text" | "hidden"> };
  /** A reply waits to be matched against saved searches once its request is indexed (watch/search-alerts.ts). */
  "watch.search_check_recorded": { messageId: number };
  /** The relay accepted a letter to an authority (the outbox recorded it "sent" in the same transaction). */
  "letter.delivered": { messageId: number; sentAt: string; smtpAnswer: string };
  /** The relay refused a letter for good. */
  "letter.failed": { messageId: number; smtpAnswer: string };
  /** An administrator accepted or rejected a change proposal to the directory (the proposer is told). */
  "directory.proposal_decided": { proposalId: number };
  /** An administrator changed a regime override or an extra non-working day: stored deadlines are recomputed. */
  "directory.rules_changed": { regime: string };
};

export type DomainEventType = keyof DomainEventData;
export const domainEventTypes = ["request.event_recorded", "request.changed", "message.changed", "attachment.changed", "watch.search_check_recorded", "letter.delivered", "letter.failed", "directory.proposal_decided", "directory.rules_changed"] as const satisfies readonly DomainEventType[];

export type DomainEvent<K extends DomainEventType = DomainEventType> = { [T in K]: { type: T; requestId: number | null; data: DomainEventData[T] } }[K];

/** An event as the dispatcher hands it to subscribers. */
export type StoredDomainEvent<K extends DomainEventType = DomainEventType> = DomainEvent<K> & { id: number; createdAt: Date };

/** The channel the worker listens on: a notification is delivered only when the emitting transaction commits. */
export const DOMAIN_EVENTS_CHANNEL = "domain_events";

/**
 * Records `event` in `trx` (the caller's transaction, or the database for
 * a single statement) and wakes the dispatcher once that commits.
 */
export async function emit<K extends DomainEventType>(trx: Kysely<Database>, event: DomainEvent<K>): Promise<number> {
  // One round trip: the row and the notification (PostgreSQL folds identical notifications of one transaction into one).
  const { rows } = await sql<{ id: number }>`
    with inserted as (
      insert into domain_events (type, request_id, data) values (${event.type}, ${event.requestId}, ${JSON.stringify(event.data)}) returning id)
    select id, pg_notify(${DOMAIN_EVENTS_CHANNEL}, '') from inserted`.execute(trx);
  return Number(rows[0].id);
}

/**
 * Adds a row to a request's timeline (`events`) and emits
 * `request.event_recorded` with it, in `trx`. Every room that writes the
 * timeline goes through here, so search, deadlines and watchdogs hear of it.
 */
export async function recordEvent(trx: Kysely<Database>, values: NewEvent): Promise<number> {
  if (values.request_id == null) return (await trx.insertInto("events").values(values).returning("id").executeTakeFirstOrThrow()).id;
  // One round trip (a burst of replies records two lines each): the line, its event and the notification.
  const row = await trx
    .with("line", (db) => db.insertInto("events").values(values).returning(["id", "request_id", "type"]))
    .with("recorded", (db) =>
      db
        .insertInto("domain_events")
        .columns(["type", "request_id", "data"])
        .expression((eb) => eb.selectFrom("line").select([sql.lit("request.event_recorded").as("type"), "line.request_id", sql`jsonb_build_object('eventId', line.id, 'eventType', line.type)`.as("data")]))
        .returning("id"),
    )
    .selectFrom("line")
    .select(["line.id", sql<number>`(select count(pg_notify(${DOMAIN_EVENTS_CHANNEL}, '')) from recorded)`.as("notified")])
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * `recordEvent` for many rows at once (a batch's drafts): one insert, one
 * insert of their `request.event_recorded` events, one notification.
 */
export async function recordEvents(trx: Kysely<Database>, values: NewEvent[]): Promise<number[]> {
  if (values.length === 0) return [];
  const rows = await trx.insertInto("events").values(values).returning(["id", "request_id", "type"]).execute();
  const withRequest = rows.filter((r) => r.request_id != null);
  if (withRequest.length > 0) {
    await trx
      .insertInto("domain_events")
      .values(withRequest.map((r) => ({ type: "request.event_recorded", request_id: r.request_id, data: JSON.stringify({ eventId: r.id, eventType: r.type }) })))
      .execute();
    await sql`select pg_notify(${DOMAIN_EVENTS_CHANNEL}, '')`.execute(trx);
  }
  return rows.map((r) => r.id);
}

/**
 * A room's reaction to events. `name` is stable (progress is recorded
 * under it); `handle` must be idempotent: it may see an event again after
 * a crash, and should re-read the state it works on rather than trust the
 * event's data alone.
 */
export type Subscriber = {
  name: string;
  on: readonly DomainEventType[];
  handle: (event: StoredDomainEvent, context: AppContext) => Promise<void>;
  /**
   * Handles many events in one go (the search index writes a whole batch
   * at once). All or nothing: when it throws, the dispatcher calls `handle`
   * for each of those events, so a bad event is retried and recorded on its
   * own and the others still get handled. It must therefore be safe to see
   * an event twice (as every subscriber must).
   */
  handleBatch?: (events: StoredDomainEvent[], context: AppContext) => Promise<void>;
  /** Attempts before the subscriber gives up on one event (default 10). */
  maxAttempts?: number;
};

/** Declares a subscriber whose handler sees only the events it listens to. */
export function defineSubscriber<K extends DomainEventType>(subscriber: {
  name: string;
  on: readonly K[];
  handle: (event: StoredDomainEvent<K>, context: AppContext) => Promise<void>;
  handleBatch?: (events: StoredDomainEvent<K>[], context: AppContext) => Promise<void>;
  maxAttempts?: number;
}): Subscriber {
  return subscriber as unknown as Subscriber;
}

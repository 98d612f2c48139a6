import { sql } from "kysely";
import type { AppContext } from "./context";
import { DOMAIN_EVENTS_CHANNEL, type StoredDomainEvent, type Subscriber } from "./events";
import { yieldToUrgentWork, type JobDefinition } from "./jobs";

/**
 * The one dispatcher of domain events (core/events.ts). It claims a batch
 * of undispatched events for a while (a lease, so that no transaction stays
 * open while subscribers work and two workers never run the same event at
 * once), calls each interested subscriber that has not yet handled the
 * event, and records each outcome on its own row:
 *
 * - done: never called again for that event;
 * - retrying: called again after a back-off (only that subscriber);
 * - failed: gave up after `maxAttempts`, logged, kept with its error.
 *
 * An event is dispatched once every subscriber is done or failed; the
 * dispatched ones are deleted after a retention period, failed ones stay.
 */

export const DISPATCH_JOB = "domain-events.dispatch";
/** Events claimed at once: subscribers that take batches (search, deadlines) read and write once per request in it, so a burst of replies costs less per reply. */
const BATCH = 200;
/** Long enough for a batch of subscribers; an expired lease (a crashed worker) makes the events claimable again. */
const LEASE_SECONDS = 300;
const RETENTION_DAYS = 30;

export function backoffSeconds(attempts: number): number {
  return Math.min(5 * 2 ** (attempts - 1), 3600);
}

type DeliveryRow = { subscriber: string; status: string; attempts: number; next_attempt_at: Date | null };

export type DispatchRun = { events: number; calls: number; failures: number };

/** Dispatches every event that is due, batch after batch. */
export async function dispatchEvents(context: AppContext, subscribers: Subscriber[]): Promise<DispatchRun> {
  const run: DispatchRun = { events: 0, calls: 0, failures: 0 };
  for (let backlog = false; ; ) {
    // While a burst of replies is threaded, a backlog of events waits (and makes bigger batches, one
    // read per request). The job queue already waited before the first batch (server/queue.ts).
    if (backlog) await yieldToUrgentWork(context.queue);
    const claimed = await claim(context);
    if (claimed.length === 0) return run;
    backlog = claimed.length === BATCH;
    // One read of the batch's progress and one write for the events every subscriber handled: the
    // per-event cost is the subscribers' own work (delivery rows are written only when one failed).
    const progress = await progressOf(context, claimed.map((e) => e.id));
    const batched = await runBatches(context, subscribers, claimed, progress);
    const finished: number[] = [];
    for (const event of claimed) {
      const outcome = await dispatchOne(context, subscribers, event, progress.get(event.id) ?? new Map(), batched.get(event.id));
      if (outcome.finished) finished.push(event.id);
      run.events++;
      run.calls += outcome.calls;
      run.failures += outcome.failures;
    }
    if (finished.length) await context.db.updateTable("domain_events").set({ dispatched_at: new Date() }).where("id", "in", finished).execute();
  }
}

async function progressOf(context: AppContext, eventIds: number[]): Promise<Map<number, Map<string, DeliveryRow>>> {
  const rows = await context.db.selectFrom("domain_event_deliveries").select(["event_id", "subscriber", "status", "attempts", "next_attempt_at"]).where("event_id", "in", eventIds).execute();
  const out = new Map<number, Map<string, DeliveryRow>>();
  for (const r of rows) {
    const id = Number(r.event_id);
    if (!out.has(id)) out.set(id, new Map());
    out.get(id)!.set(r.subscriber, r);
  }
  return out;
}

async function claim(context: AppContext): Promise<StoredDomainEvent[]> {
  const rows = await sql<{ id: number; type: string; request_id: number | null; data: unknown; created_at: Date }>`
    update domain_events set not_before = now() + make_interval(secs => ${LEASE_SECONDS})
    where id in (
      select id from domain_events
      where dispatched_at is null and not_before <= now()
      order by id limit ${BATCH}
      for update skip locked)
    returning id, type, request_id, data, created_at`.execute(context.db);
  return rows.rows
    .sort((a, b) => Number(a.id) - Number(b.id))
    .map((r) => ({ id: Number(r.id), type: r.type, requestId: r.request_id, data: r.data, createdAt: r.created_at }) as StoredDomainEvent);
}

/**
 * Runs the subscribers that take a whole batch (`handleBatch`) on the
 * claimed events they have never seen (first attempts: a retry goes through
 * `handle`, alone). Returns, per event, the subscribers that handled it
 * here; when a batch fails, its events are left to `handle` one by one.
 */
async function runBatches(context: AppContext, subscribers: Subscriber[], claimed: StoredDomainEvent[], progress: Map<number, Map<string, DeliveryRow>>): Promise<Map<number, Set<string>>> {
  const handled = new Map<number, Set<string>>();
  for (const subscriber of subscribers) {
    if (!subscriber.handleBatch) continue;
    const events = claimed.filter((e) => subscriber.on.includes(e.type) && !progress.get(e.id)?.has(subscriber.name));
    if (events.length === 0) continue;
    try {
      await subscriber.handleBatch(events, context);
    } catch (error) {
      context.logger.warn(`domain events: subscriber ${subscriber.name} failed on a batch of ${events.length}, handling them one by one: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    for (const e of events) {
      if (!handled.has(e.id)) handled.set(e.id, new Set());
      handled.get(e.id)!.add(subscriber.name);
    }
  }
  return handled;
}

async function dispatchOne(
  context: AppContext,
  subscribers: Subscriber[],
  event: StoredDomainEvent,
  progress: Map<string, DeliveryRow>,
  /** Subscribers that already handled this event in a batch (runBatches). */
  batched: Set<string> = new Set(),
): Promise<{ calls: number; failures: number; finished: boolean }> {
  const { db, logger } = context;
  const interested = subscribers.filter((s) => s.on.includes(event.type));
  let calls = 0;
  let failures = 0;
  let nextAttempt: Date | null = null;
  const succeeded: Array<{ name: string; attempts: number }> = [];
  for (const subscriber of interested) {
    const row = progress.get(subscriber.name);
    if (row && row.status !== "retrying") continue;
    if (row?.next_attempt_at && row.next_attempt_at.getTime() > Date.now()) {
      nextAttempt = earliest(nextAttempt, row.next_attempt_at);
      continue;
    }
    const attempts = (row?.attempts ?? 0) + 1;
    calls++;
    if (batched.has(subscriber.name)) {
      succeeded.push({ name: subscriber.name, attempts });
      continue;
    }
    try {
      await subscriber.handle(event, context);
      // A subscriber that needed retries leaves its success on record; a first-time success is recorded only if the event must wait for another.
      if (row) await recordDelivery(context, event.id, subscriber.name, { status: "done", attempts, error: null, nextAttemptAt: null });
      else succeeded.push({ name: subscriber.name, attempts });
    } catch (error) {
      failures++;
      const message = error instanceof Error ? error.message : String(error);
      if (attempts >= (subscriber.maxAttempts ?? 10)) {
        logger.error(`domain event ${event.id} (${event.type}): subscriber ${subscriber.name} gave up after ${attempts} attempts: ${message}`);
        await recordDelivery(context, event.id, subscriber.name, { status: "failed", attempts, error: message, nextAttemptAt: null });
      } else {
        const at = new Date(Date.now() + backoffSeconds(attempts) * 1000);
        logger.warn(`domain event ${event.id} (${event.type}): subscriber ${subscriber.name} failed (attempt ${attempts}), retrying: ${message}`);
        await recordDelivery(context, event.id, subscriber.name, { status: "retrying", attempts, error: message, nextAttemptAt: at });
        nextAttempt = earliest(nextAttempt, at);
      }
    }
  }
  if (!nextAttempt) return { calls, failures, finished: true };
  // The event comes back for the subscribers still retrying; the others must not run again.
  for (const done of succeeded) await recordDelivery(context, event.id, done.name, { status: "done", attempts: done.attempts, error: null, nextAttemptAt: null });
  await db.updateTable("domain_events").set({ not_before: nextAttempt }).where("id", "=", event.id).execute();
  return { calls, failures, finished: false };
}

function earliest(a: Date | null, b: Date): Date {
  return a && a.getTime() <= b.getTime() ? a : b;
}

async function recordDelivery(context: AppContext, eventId: number, subscriber: string, values: { status: "done" | "retrying" | "failed"; attempts: number; error: string | null; nextAttemptAt: Date | null }) {
  await context.db
    .insertInto("domain_event_deliveries")
    .values({ event_id: eventId, subscriber, status: values.status, attempts: values.attempts, last_error: values.error, next_attempt_at: values.nextAttemptAt })
    .onConflict((oc) =>
      oc.columns(["event_id", "subscriber"]).doUpdateSet({ status: values.status, attempts: values.attempts, last_error: values.error, next_attempt_at: values.nextAttemptAt, updated_at: new Date() }),
    )
    .execute();
}

/** Deletes events every subscriber has handled, after the retention period; events with a failed subscriber stay. */
export async function pruneDispatched(context: AppContext): Promise<number> {
  const result = await sql`
    delete from domain_events e
    where dispatched_at < now() - make_interval(days => ${RETENTION_DAYS})
      and not exists (select 1 from domain_event_deliveries d where d.event_id = e.id and d.status = 'failed')`.execute(context.db);
  return Number(result.numAffectedRows ?? 0);
}

export type FailedDelivery = { eventId: number; type: string; requestId: number | null; subscriber: string; attempts: number; error: string | null; createdAt: Date };

/** Subscribers that gave up, newest first (for admins and `dossier events failed`). */
export async function failedDeliveries(context: Pick<AppContext, "db">, limit = 100): Promise<FailedDelivery[]> {
  const rows = await context.db
    .selectFrom("domain_event_deliveries as d")
    .innerJoin("domain_events as e", "e.id", "d.event_id")
    .select(["e.id", "e.type", "e.request_id", "d.subscriber", "d.attempts", "d.last_error", "e.created_at"])
    .where("d.status", "=", "failed")
    .orderBy("e.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ eventId: Number(r.id), type: r.type, requestId: r.request_id, subscriber: r.subscriber, attempts: r.attempts, error: r.last_error, createdAt: r.created_at }));
}

/**
 * The dispatcher as a worker job: woken after every commit that emitted an
 * event (the queue listens on `wakeOn`), and every minute as a sweep that
 * also picks up retries that came due and leases left by a crashed worker.
 */
export function dispatchJob(subscribers: () => Promise<Subscriber[]>): JobDefinition<{ wake?: boolean }> {
  return {
    name: DISPATCH_JOB,
    schedule: "* * * * *",
    wakeOn: DOMAIN_EVENTS_CHANNEL,
    // Two loops per worker process claim different batches (the claim skips locked rows): subscribers mostly wait on the database.
    concurrency: 2,
    retryLimit: 1,
    async handler(data, context) {
      await dispatchEvents(context, await subscribers());
      if (!data?.wake) await pruneDispatched(context);
    },
  };
}

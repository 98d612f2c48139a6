import { sql, type Kysely } from "kysely";
import * as m0410 from "./0410_search_triggers";
import * as m0510 from "./0510_deadlines_refresh_trigger";

// Frozen: never edit a migration that has shipped; add a new one.
//
// One way to react (issue 14, docs/decisions/800-domain-events.md): rooms
// no longer queue each other's jobs from triggers that write into pg-boss's
// own table (0410 search indexing, 0510 deadline refresh, 0610 indexing for
// saved-search checks). The application emits domain events in the
// transaction that makes the change (core/events.ts); one dispatcher calls
// the subscribers rooms declare, recording each subscriber's progress.
//
// Range 0800 (kernel events): it drops what 0410, 0510 and 0610 created, so
// it sorts after all of them. 0600's trigger filling `alert_queue` stays:
// it writes the watch room's own table.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists events_search on events`.execute(db);
  await sql`drop trigger if exists attachments_search on attachments`.execute(db);
  await sql`drop trigger if exists messages_search on messages`.execute(db);
  await sql`drop trigger if exists requests_search on requests`.execute(db);
  await sql`drop trigger if exists events_deadlines on events`.execute(db);
  await sql`drop trigger if exists alert_search_checks_index on alert_search_checks`.execute(db);
  await sql`drop function if exists alert_search_check_queue_indexing()`.execute(db);
  await sql`drop function if exists queue_deadlines_refresh()`.execute(db);
  await sql`drop function if exists requests_queue_search(), messages_queue_search(), attachments_queue_search(), events_queue_search()`.execute(db);
  await sql`drop function if exists queue_search_indexing(jsonb)`.execute(db);

  await db.schema
    .createTable("domain_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("type", "text", (c) => c.notNull())
    // No foreign key: an event about a request deleted since still has to reach its subscribers.
    .addColumn("request_id", "integer")
    .addColumn("data", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    /** Not claimable before: the dispatcher's lease, or a subscriber's next retry. */
    .addColumn("not_before", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    /** Every subscriber done (or given up): set once. */
    .addColumn("dispatched_at", "timestamptz")
    .execute();
  await sql`create index domain_events_pending on domain_events (not_before, id) where dispatched_at is null`.execute(db);
  await sql`create index domain_events_dispatched on domain_events (dispatched_at) where dispatched_at is not null`.execute(db);

  await db.schema
    .createTable("domain_event_deliveries")
    .addColumn("event_id", "bigint", (c) => c.notNull().references("domain_events.id").onDelete("cascade"))
    .addColumn("subscriber", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('done', 'retrying', 'failed')`))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("next_attempt_at", "timestamptz")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("domain_event_deliveries_pk", ["event_id", "subscriber"])
    .execute();
  await sql`create index domain_event_deliveries_failed on domain_event_deliveries (event_id) where status = 'failed'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("domain_event_deliveries").execute();
  await db.schema.dropTable("domain_events").execute();
  await m0410.up(db);
  await m0510.up(db);
  await sql`
    create function alert_search_check_queue_indexing() returns trigger language plpgsql as $$
    declare
      request integer;
    begin
      select request_id into request from messages where id = new.message_id;
      if request is not null then
        perform queue_search_indexing(jsonb_build_object('requestId', request));
      end if;
      return null;
    end
    $$`.execute(db);
  await sql`
    create trigger alert_search_checks_index after insert on alert_search_checks
    for each row execute function alert_search_check_queue_indexing()`.execute(db);
}

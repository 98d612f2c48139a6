import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
//
// Events reached the watchdogs' `alert_queue` through a trigger on
// `events` (0600). Rooms now react to each other one way, through domain
// events and the subscribers they declare (core/events.ts, decision 800):
// the watch room's `watch.alert_queue` subscriber queues each recorded
// event. The queue itself and its batched fan-out stay as they were.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists events_watch_enqueue on events`.execute(db);
  await sql`drop function if exists watch_enqueue_event()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create function watch_enqueue_event() returns trigger language plpgsql as $$
    begin
      insert into alert_queue (event_id) values (new.id);
      return null;
    end
    $$`.execute(db);
  await sql`
    create trigger events_watch_enqueue after insert on events
    for each row when (new.request_id is not null) execute function watch_enqueue_event()`.execute(db);
}

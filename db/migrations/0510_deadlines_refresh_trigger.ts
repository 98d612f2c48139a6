import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
//
// "A scheduled job (daily, and after every relevant event)": every event on
// a request (a reply delivered, a classification, an extension marked…)
// queues `deadlines.refresh` for it in the same transaction, whichever room
// recorded the event. The refresh records "overdue" only once, so that
// event is left out to save a needless round.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function queue_deadlines_refresh() returns trigger language plpgsql as $$
    begin
      if new.request_id is null or new.type = 'overdue' or to_regclass('pgboss.job') is null then
        return null;
      end if;
      insert into pgboss.job (name, data, retry_limit, retry_delay, retry_backoff)
      values ('deadlines.refresh', jsonb_build_object('requestId', new.request_id), 3, 30, true);
      return null;
    exception when check_violation then
      raise warning 'deadlines.refresh queue missing; the daily run will catch up';
      return null;
    end
    $$`.execute(db);
  await sql`create trigger events_deadlines after insert on events for each row execute function queue_deadlines_refresh()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger events_deadlines on events`.execute(db);
  await sql`drop function queue_deadlines_refresh`.execute(db);
}

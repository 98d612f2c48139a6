import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
// Every web process keeps rendered anonymous pages (server/page-cache.ts)
// until the data behind them changes. A statement-level trigger on each
// table that public pages read sends NOTIFY dossier_content; PostgreSQL
// delivers it to every listening web process when (and only if) the
// writing transaction commits. `dossier_watch_content_tables()` puts the
// trigger on every table of the public schema except the ones below, which
// no public page reads (sessions, throttles, queues, logs); db/migrate.ts
// calls it after every migration run, so a table added later is covered.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function dossier_content_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify('dossier_content', '');
      return null;
    end $$`.execute(db);
  await sql`
    create function dossier_watch_content_tables() returns void language plpgsql as $$
    declare
      t record;
    begin
      for t in
        select c.relname
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p')
          and c.relname not in (
            'kysely_migration', 'kysely_migration_lock',
            'sessions', 'user_tokens', 'rate_limits', 'auth_throttles', 'audit_log',
            'alert_queue', 'alert_search_checks', 'alert_deliveries',
            'domain_events', 'domain_event_deliveries', 'batch_send_slots'
          )
          and not exists (
            select 1 from pg_trigger g where g.tgrelid = c.oid and g.tgname = 'dossier_content_changed'
          )
      loop
        execute format(
          'create trigger dossier_content_changed after insert or update or delete or truncate on %I
             for each statement execute function dossier_content_changed()', t.relname);
      end loop;
    end $$`.execute(db);
  await sql`select dossier_watch_content_tables()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    do $$
    declare
      t record;
    begin
      for t in select c.relname from pg_trigger g join pg_class c on c.oid = g.tgrelid where g.tgname = 'dossier_content_changed'
      loop
        execute format('drop trigger dossier_content_changed on %I', t.relname);
      end loop;
    end $$`.execute(db);
  await sql`drop function dossier_watch_content_tables()`.execute(db);
  await sql`drop function dossier_content_changed()`.execute(db);
}

import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
//
// Every change that can alter what is public — an event on a request (sent,
// reply delivered, classified, withdrawn, assigned from the holding pen…),
// an attachment's extracted text, a message or request hidden or moved —
// queues a `search-index` job in the same transaction, so the index follows
// commits within seconds whichever room made the change. The job re-reads
// what is public when it runs. When the queue's tables do not exist yet (a
// database migrated but never started), nothing is queued: `dossier search
// reindex` rebuilds everything then.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function queue_search_indexing(target jsonb) returns void language plpgsql as $$
    begin
      if to_regclass('pgboss.job') is null then
        return;
      end if;
      insert into pgboss.job (name, data, retry_limit, retry_delay, retry_backoff)
      values ('search-index', target, 10, 5, true);
    exception when check_violation then
      -- The queue (its partition) is created when a process starts.
      raise warning 'search-index queue missing; run dossier search reindex';
    end
    $$`.execute(db);

  await sql`
    create function events_queue_search() returns trigger language plpgsql as $$
    begin
      if new.request_id is not null then
        perform queue_search_indexing(jsonb_build_object('requestId', new.request_id));
      end if;
      return null;
    end
    $$`.execute(db);
  await sql`create trigger events_search after insert on events for each row execute function events_queue_search()`.execute(db);

  await sql`
    create function attachments_queue_search() returns trigger language plpgsql as $$
    begin
      perform queue_search_indexing(jsonb_build_object('attachmentId', new.id));
      return null;
    end
    $$`.execute(db);
  await sql`
    create trigger attachments_search after update of extracted_text, extraction_status, hidden on attachments
    for each row when (old.extracted_text is distinct from new.extracted_text or old.extraction_status is distinct from new.extraction_status or old.hidden is distinct from new.hidden)
    execute function attachments_queue_search()`.execute(db);

  await sql`
    create function messages_queue_search() returns trigger language plpgsql as $$
    begin
      perform queue_search_indexing(jsonb_build_object('messageId', new.id));
      return null;
    end
    $$`.execute(db);
  await sql`
    create trigger messages_search after update of hidden, request_id on messages
    for each row when (old.hidden is distinct from new.hidden or old.request_id is distinct from new.request_id)
    execute function messages_queue_search()`.execute(db);

  await sql`
    create function requests_queue_search() returns trigger language plpgsql as $$
    begin
      perform queue_search_indexing(jsonb_build_object('requestId', new.id));
      return null;
    end
    $$`.execute(db);
  await sql`
    create trigger requests_search after update of hidden, state, title on requests
    for each row when (old.hidden is distinct from new.hidden or old.state is distinct from new.state or old.title is distinct from new.title)
    execute function requests_queue_search()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger requests_search on requests`.execute(db);
  await sql`drop trigger messages_search on messages`.execute(db);
  await sql`drop trigger attachments_search on attachments`.execute(db);
  await sql`drop trigger events_search on events`.execute(db);
  await sql`drop function requests_queue_search, messages_queue_search, attachments_queue_search, events_queue_search, queue_search_indexing`.execute(db);
}

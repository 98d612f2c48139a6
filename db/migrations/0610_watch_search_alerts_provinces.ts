import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
//
// 1. Saved-search alerts are matched when the search-index job indexes the
//    reply's request (watch/search-alerts.ts). A check recorded after that
//    job ran would wait for the next change to the request, so recording a
//    check queues the indexing of its request again, in the same transaction
//    (through 0410's queue_search_indexing).
// 2. Region/kind follows may name a province ("every CPAS in Hainaut"); the
//    province of an authority is derived from its NIS code or postal code
//    (authorities/provinces.ts), so only the follow stores it.

export async function up(db: Kysely<any>): Promise<void> {
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
  await sql`create index alert_search_checks_message on alert_search_checks (message_id)`.execute(db);

  await db.schema.alterTable("follows").addColumn("province", "text").execute();
  await sql`alter table follows drop constraint follows_target_shape`.execute(db);
  await sql`
    alter table follows add constraint follows_target_shape check (
      (target_type = 'request' and request_id is not null)
      or (target_type = 'authority' and authority_id is not null)
      or (target_type = 'area' and (region is not null or kind is not null or province is not null))
      or (target_type = 'user' and followed_user_id is not null)
      or (target_type = 'search' and search_query is not null and search_filters is not null))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from follows where target_type = 'area' and region is null and kind is null`.execute(db);
  await sql`alter table follows drop constraint follows_target_shape`.execute(db);
  await sql`
    alter table follows add constraint follows_target_shape check (
      (target_type = 'request' and request_id is not null)
      or (target_type = 'authority' and authority_id is not null)
      or (target_type = 'area' and (region is not null or kind is not null))
      or (target_type = 'user' and followed_user_id is not null)
      or (target_type = 'search' and search_query is not null and search_filters is not null))`.execute(db);
  await db.schema.alterTable("follows").dropColumn("province").execute();
  await sql`drop index alert_search_checks_message`.execute(db);
  await sql`drop trigger alert_search_checks_index on alert_search_checks`.execute(db);
  await sql`drop function alert_search_check_queue_indexing()`.execute(db);
}

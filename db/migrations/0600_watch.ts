import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
//
// Watchdogs: follows, alert deliveries, precomputed authority statistics and
// annotations. Events reach the alert worker through `alert_queue`, filled by
// a trigger in the very transaction that writes the event: an event that
// rolls back is never alerted, and one that commits late (after a higher id)
// is never skipped, which a "last event id seen" cursor could not promise.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("follows")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("target_type", "text", (c) => c.notNull().check(sql`target_type in ('request', 'authority', 'area', 'user', 'search')`))
    .addColumn("request_id", "integer", (c) => c.references("requests.id").onDelete("cascade"))
    .addColumn("authority_id", "integer", (c) => c.references("authorities.id").onDelete("cascade"))
    .addColumn("region", "text")
    .addColumn("kind", "text")
    .addColumn("followed_user_id", "integer", (c) => c.references("users.id").onDelete("cascade"))
    .addColumn("search_query", "text")
    .addColumn("search_filters", "jsonb")
    /** Canonical description of the target: one follow per user and target. */
    .addColumn("target_key", "text", (c) => c.notNull())
    .addColumn("frequency", "text", (c) => c.notNull().defaultTo("immediate").check(sql`frequency in ('immediate', 'daily')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("follows_user_target", ["user_id", "target_key"])
    .addCheckConstraint(
      "follows_target_shape",
      sql`(target_type = 'request' and request_id is not null)
        or (target_type = 'authority' and authority_id is not null)
        or (target_type = 'area' and (region is not null or kind is not null))
        or (target_type = 'user' and followed_user_id is not null)
        or (target_type = 'search' and search_query is not null and search_filters is not null)`,
    )
    .execute();
  await sql`create index follows_request on follows (request_id) where request_id is not null`.execute(db);
  await sql`create index follows_authority on follows (authority_id) where authority_id is not null`.execute(db);
  await sql`create index follows_followed_user on follows (followed_user_id) where followed_user_id is not null`.execute(db);
  await sql`create index follows_area on follows (region, kind) where target_type = 'area'`.execute(db);
  await sql`create index follows_search on follows (id) where target_type = 'search'`.execute(db);

  await db.schema
    .createTable("alert_queue")
    .addColumn("event_id", "integer", (c) => c.primaryKey().references("events.id").onDelete("cascade"))
    .addColumn("queued_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
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

  // Replies waiting to be matched against saved searches once indexed.
  await db.schema
    .createTable("alert_search_checks")
    .addColumn("event_id", "integer", (c) => c.primaryKey().references("events.id").onDelete("cascade"))
    .addColumn("message_id", "integer", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("not_before", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("alert_deliveries")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("follow_id", "integer", (c) => c.references("follows.id").onDelete("set null"))
    .addColumn("frequency", "text", (c) => c.notNull().check(sql`frequency in ('immediate', 'daily')`))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending").check(sql`status in ('pending', 'sent', 'cancelled')`))
    /** The outbound e-mail (outbox row) that carried it. */
    .addColumn("email_id", "integer")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("sent_at", "timestamptz")
    .addUniqueConstraint("alert_deliveries_once", ["event_id", "user_id"])
    .execute();
  await sql`create index alert_deliveries_pending on alert_deliveries (frequency, user_id, id) where status = 'pending'`.execute(db);

  await db.schema
    .createTable("authority_stats")
    .addColumn("authority_id", "integer", (c) => c.primaryKey().references("authorities.id").onDelete("cascade"))
    .addColumn("requests", "integer", (c) => c.notNull())
    .addColumn("card", "jsonb", (c) => c.notNull())
    .addColumn("computed_on", "date", (c) => c.notNull())
    .addColumn("computed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("annotations")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("request_id", "integer", (c) => c.notNull().references("requests.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("link_url", "text")
    .addColumn("hidden_at", "timestamptz")
    .addColumn("hidden_by_user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("annotations_request").on("annotations").columns(["request_id", "created_at"]).execute();
  await db.schema.createIndex("annotations_user").on("annotations").columns(["user_id", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("annotations").ifExists().execute();
  await db.schema.dropTable("authority_stats").ifExists().execute();
  await db.schema.dropTable("alert_deliveries").ifExists().execute();
  await db.schema.dropTable("alert_search_checks").ifExists().execute();
  await sql`drop trigger if exists events_watch_enqueue on events`.execute(db);
  await sql`drop function if exists watch_enqueue_event()`.execute(db);
  await db.schema.dropTable("alert_queue").ifExists().execute();
  await db.schema.dropTable("follows").ifExists().execute();
}

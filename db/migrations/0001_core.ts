import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create extension if not exists unaccent`.execute(db);

  await db.schema
    .createTable("authorities")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name_fr", "text")
    .addColumn("name_nl", "text")
    .addColumn("name_de", "text")
    .addColumn("name_en", "text")
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("level", "text", (c) => c.notNull())
    .addColumn("region", "text")
    .addColumn("regime", "text", (c) => c.notNull())
    .addColumn("languages", sql`text[]`, (c) => c.notNull())
    .addColumn("language_facilities", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("nis_code", "text")
    .addColumn("kbo_number", "text")
    .addColumn("parent_slug", "text")
    .addColumn("website", "text")
    .addColumn("email", "text")
    .addColumn("email_source", "text")
    .addColumn("email_verified", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("address", "text")
    .addColumn("notes", "text")
    .addColumn("active", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("authorities_names_present", sql`coalesce(name_fr, name_nl, name_de, name_en) is not null`)
    .execute();
  await db.schema.createIndex("authorities_kind_region").on("authorities").columns(["kind", "region"]).execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("locale", "text", (c) => c.notNull().defaultTo("fr"))
    .addColumn("password_hash", "text")
    .addColumn("confirmed_at", "timestamptz")
    .addColumn("role", "text", (c) => c.notNull().defaultTo("citizen").check(sql`role in ('citizen', 'admin')`))
    .addColumn("banned_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index users_email_lower on users (lower(email))`.execute(db);

  await db.schema
    .createTable("requests")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("authority_id", "integer", (c) => c.notNull().references("authorities.id"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull().defaultTo("draft"))
    .addColumn("public_slug", "text", (c) => c.notNull().unique())
    .addColumn("sent_at", "timestamptz")
    .addColumn("received_date", "date")
    .addColumn("due_date", "date")
    .addColumn("extended_due_date", "date")
    .addColumn("appeal_deadline", "date")
    .addColumn("hidden", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("environmental", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("requests_authority").on("requests").columns(["authority_id", "created_at"]).execute();
  await db.schema.createIndex("requests_user").on("requests").columns(["user_id", "created_at"]).execute();

  await db.schema
    .createTable("raw_messages")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("sha256", "text", (c) => c.notNull().unique())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("file_key", "text")
    .addColumn("bytes", "bytea")
    .addColumn("envelope", "jsonb")
    .addColumn("received_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("processed_at", "timestamptz")
    .addColumn("processing_error", "text")
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addCheckConstraint("raw_messages_stored", sql`file_key is not null or bytes is not null`)
    .execute();

  await db.schema
    .createTable("messages")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("request_id", "integer", (c) => c.references("requests.id"))
    .addColumn("direction", "text", (c) => c.notNull().check(sql`direction in ('outbound', 'inbound')`))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("from_address", "text")
    .addColumn("from_name", "text")
    .addColumn("to_addresses", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("subject", "text")
    .addColumn("body_text", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("body_html", "text")
    .addColumn("message_id", "text")
    .addColumn("in_reply_to", "text")
    .addColumn("references", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("raw_message_id", "integer", (c) => c.references("raw_messages.id"))
    .addColumn("delivery_status", "text")
    .addColumn("delivery_error", "text")
    .addColumn("sent_at", "timestamptz")
    .addColumn("hidden", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("messages_request").on("messages").columns(["request_id", "created_at"]).execute();
  await db.schema.createIndex("messages_message_id").on("messages").column("message_id").execute();
  await sql`create unique index messages_raw_message on messages (raw_message_id) where raw_message_id is not null`.execute(db);
  await sql`create index messages_outbox on messages (delivery_status) where direction = 'outbound' and delivery_status in ('queued', 'failed')`.execute(db);

  await db.schema
    .createTable("attachments")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("message_id", "integer", (c) => c.notNull().references("messages.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("filename", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("file_key", "text", (c) => c.notNull())
    .addColumn("extracted_text", "text")
    .addColumn("extraction_status", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("extraction_error", "text")
    .addColumn("hidden", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("attachments_message").on("attachments").columns(["message_id", "position"]).execute();
  await db.schema.createIndex("attachments_sha256").on("attachments").column("sha256").execute();

  await db.schema
    .createTable("events")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("request_id", "integer", (c) => c.references("requests.id"))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("actor_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("data", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("events_request").on("events").columns(["request_id", "at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["events", "attachments", "messages", "raw_messages", "requests", "users", "authorities"]) {
    await db.schema.dropTable(table).execute();
  }
}

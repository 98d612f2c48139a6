import { sql, type Kysely } from "kysely";

/**
 * Inbound mail: what the ingest pipeline records beyond the core tables.
 * Frozen once merged: later changes get a new numbered file (0301, …).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("raw_messages")
    .addColumn("outcome", "text", (c) => c.check(sql`outcome in ('delivered', 'holding_pen', 'duplicate', 'rejected')`))
    .addColumn("duplicate_of", "integer", (c) => c.references("messages.id"))
    .addColumn("redeliveries", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_attempt_at", "timestamptz")
    .execute();
  // The worker's sweep finds unprocessed raw messages through this index.
  await sql`create index raw_messages_unprocessed on raw_messages (id) where processed_at is null`.execute(db);

  await db.schema
    .alterTable("messages")
    .addColumn("route_reason", "text")
    .addColumn("guessed_request_id", "integer", (c) => c.references("requests.id"))
    .addColumn("guess_reason", "text")
    .addColumn("classification_reason", "text")
    .addColumn("sender_outside_authority", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("parse_warnings", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("spam_at", "timestamptz")
    .execute();
  // Threading: In-Reply-To/References are compared without angle brackets, case-insensitively.
  await sql`create index messages_message_id_norm on messages (lower(trim(both '<>' from message_id))) where message_id is not null`.execute(db);
  await sql`create index messages_holding_pen on messages (created_at) where request_id is null and direction = 'inbound' and spam_at is null`.execute(db);

  await db.schema.alterTable("attachments").addColumn("content_id", "text").execute();
  await sql`create index attachments_pending on attachments (message_id) where extraction_status = 'pending'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists attachments_pending`.execute(db);
  await db.schema.alterTable("attachments").dropColumn("content_id").execute();
  await sql`drop index if exists messages_holding_pen`.execute(db);
  await sql`drop index if exists messages_message_id_norm`.execute(db);
  await db.schema
    .alterTable("messages")
    .dropColumn("route_reason")
    .dropColumn("guessed_request_id")
    .dropColumn("guess_reason")
    .dropColumn("classification_reason")
    .dropColumn("sender_outside_authority")
    .dropColumn("parse_warnings")
    .dropColumn("spam_at")
    .execute();
  await sql`drop index if exists raw_messages_unprocessed`.execute(db);
  await db.schema.alterTable("raw_messages").dropColumn("outcome").dropColumn("duplicate_of").dropColumn("redeliveries").dropColumn("last_attempt_at").execute();
}

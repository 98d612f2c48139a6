import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
//
// An appeal carries the files the authority sent, as received. They are
// already in the content-addressed file store, so a letter's attachment may
// point at one by its key instead of copying its bytes into the database;
// generated documents (the letter's PDF) keep their bytes here. Exactly one
// of the two is set.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("outbound_attachments")
    .addColumn("file_key", "text")
    .alterColumn("content", (c) => c.dropNotNull())
    .execute();
  await sql`alter table outbound_attachments add constraint outbound_attachments_bytes_or_file check ((content is null) <> (file_key is null))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from outbound_attachments where content is null`.execute(db);
  await sql`alter table outbound_attachments drop constraint outbound_attachments_bytes_or_file`.execute(db);
  await db.schema.alterTable("outbound_attachments").dropColumn("file_key").alterColumn("content", (c) => c.setNotNull()).execute();
}

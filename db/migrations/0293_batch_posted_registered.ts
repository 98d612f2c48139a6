import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
//
// The batch-wide posting day can say the letters went by registered mail
// (issue 20): each request by post already keeps `posted_registered`; the
// batch keeps it too, so its page says how the batch was posted.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table batches add column posted_registered boolean not null default false`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table batches drop column posted_registered`.execute(db);
}

import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
//
// Reply addresses carry a 64-bit code from now on (issue 17, finding 3);
// the 32-bit code of the addresses already handed out keeps working, but
// only for the requests that existed before: `short_reply_code` marks them.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table requests add column short_reply_code boolean not null default false`.execute(db);
  await sql`update requests set short_reply_code = true`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table requests drop column short_reply_code`.execute(db);
}

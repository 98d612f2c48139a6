import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
// The postal address a request's letter carries (kept with the request so
// the letter stays what was sent when the profile's address changes later),
// and annotations as a target of reports.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("requests").addColumn("postal_address", "text").execute();
  await sql`alter table reports drop constraint if exists reports_target_type_check`.execute(db);
  await sql`alter table reports add constraint reports_target_type_check check (target_type in ('request', 'message', 'annotation'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from reports where target_type = 'annotation'`.execute(db);
  await sql`alter table reports drop constraint if exists reports_target_type_check`.execute(db);
  await sql`alter table reports add constraint reports_target_type_check check (target_type in ('request', 'message'))`.execute(db);
  await db.schema.alterTable("requests").dropColumn("postal_address").execute();
}

import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
//
// Batches by post (issue 20): an authority without a usable e-mail gets a
// printed letter when the requester asks for it. Its batch item has channel
// 'post' and state 'by_post' (nothing to throttle: nothing leaves Dossier); the requester prints
// the letters (one PDF per authority or one combined PDF) and records the
// day they were posted for all of them at once (`posted_on`).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table batch_items drop constraint batch_items_channel_check`.execute(db);
  await sql`alter table batch_items add constraint batch_items_channel_check check (channel in ('email', 'post', 'none'))`.execute(db);
  await sql`alter table batch_items drop constraint batch_items_state_check`.execute(db);
  await sql`alter table batch_items add constraint batch_items_state_check check (state in ('queued', 'sent', 'by_post', 'cancelled', 'no_channel', 'failed'))`.execute(db);
  await sql`alter table batches add column posted_on date`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table batches drop column posted_on`.execute(db);
  await sql`update batch_items set channel = 'none', state = 'no_channel' where channel = 'post'`.execute(db);
  await sql`alter table batch_items drop constraint batch_items_state_check`.execute(db);
  await sql`alter table batch_items add constraint batch_items_state_check check (state in ('queued', 'sent', 'cancelled', 'no_channel', 'failed'))`.execute(db);
  await sql`alter table batch_items drop constraint batch_items_channel_check`.execute(db);
  await sql`alter table batch_items add constraint batch_items_channel_check check (channel in ('email', 'none'))`.execute(db);
}

import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
//
// Issue 18, mail you can trust:
// - raw_messages.outcome 'unreadable': the parser gave up; the message waits
//   in the holding pen with the parser's reason (processing_error);
// - messages.auth: the SPF/DKIM/DMARC/ARC verdicts computed at the SMTP layer
//   (mail/authenticate.ts), and messages.dmarc_failed for the admin list and
//   follow-up targets;
// - messages.received_at: when Dossier received the message (the SMTP
//   envelope's time), which orders replies, not the Date the sender claims.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table raw_messages drop constraint if exists raw_messages_outcome_check`.execute(db);
  await sql`alter table raw_messages add constraint raw_messages_outcome_check check (outcome in ('delivered', 'holding_pen', 'duplicate', 'rejected', 'unreadable'))`.execute(db);
  await db.schema
    .alterTable("messages")
    .addColumn("auth", "jsonb")
    .addColumn("dmarc_failed", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("received_at", "timestamptz")
    .execute();
  await sql`update messages m set received_at = coalesce(r.received_at, m.created_at) from raw_messages r where r.id = m.raw_message_id and m.received_at is null`.execute(db);
  await sql`create index messages_dmarc_failed on messages (id) where dmarc_failed`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists messages_dmarc_failed`.execute(db);
  await db.schema.alterTable("messages").dropColumn("auth").dropColumn("dmarc_failed").dropColumn("received_at").execute();
  await sql`update raw_messages set outcome = 'rejected' where outcome = 'unreadable'`.execute(db);
  await sql`alter table raw_messages drop constraint raw_messages_outcome_check`.execute(db);
  await sql`alter table raw_messages add constraint raw_messages_outcome_check check (outcome in ('delivered', 'holding_pen', 'duplicate', 'rejected'))`.execute(db);
}

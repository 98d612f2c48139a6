import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
//
// The outbox claims a row before handing it to the relay (mail/outbound.ts,
// docs/decisions/301-outbox-sent-once.md): `sending` with the attempt's id,
// committed before the SMTP session starts, so that a failure to record
// "sent" after the relay's 250 can never lead to a second sending. A row
// left `sending` past the longest SMTP session becomes `uncertain`: shown to
// admins in /admin/outbox, never re-sent automatically.

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ["messages", "outbound_emails"]) {
    await db.schema.alterTable(table).addColumn("send_attempt", "uuid").addColumn("sending_since", "timestamptz").execute();
  }
  await sql`alter table outbound_emails drop constraint if exists outbound_emails_delivery_status_check`.execute(db);
  await sql`alter table outbound_emails add constraint outbound_emails_delivery_status_check check (delivery_status in ('queued', 'sending', 'sent', 'failed', 'uncertain'))`.execute(db);
  await sql`create index messages_outbox_sending on messages (sending_since) where direction = 'outbound' and delivery_status = 'sending'`.execute(db);
  await sql`create index outbound_emails_sending on outbound_emails (sending_since) where delivery_status = 'sending'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index outbound_emails_sending`.execute(db);
  await sql`drop index messages_outbox_sending`.execute(db);
  await sql`update outbound_emails set delivery_status = 'queued' where delivery_status in ('sending', 'uncertain')`.execute(db);
  await sql`update messages set delivery_status = 'queued' where direction = 'outbound' and delivery_status in ('sending', 'uncertain')`.execute(db);
  await sql`alter table outbound_emails drop constraint outbound_emails_delivery_status_check`.execute(db);
  await sql`alter table outbound_emails add constraint outbound_emails_delivery_status_check check (delivery_status in ('queued', 'sent', 'failed'))`.execute(db);
  for (const table of ["messages", "outbound_emails"]) {
    await db.schema.alterTable(table).dropColumn("send_attempt").dropColumn("sending_since").execute();
  }
}

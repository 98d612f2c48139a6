import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
// Issue 15: every authority reachable. A request goes by e-mail or by post
// (its `channel`); an unverified e-mail address is used only with the
// citizen's recorded consent (who, when, which address); a posted letter
// records its posting date and the presumed receipt the deadline counts from.
// Administrators decide change proposals with a reason, and keep regime
// overrides and extra non-working days in a table.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("requests")
    .addColumn("channel", "text", (c) => c.notNull().defaultTo("email").check(sql`channel in ('email', 'post')`))
    .addColumn("email_consent_address", "text")
    .addColumn("email_consent_at", "timestamptz")
    .addColumn("email_consent_user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("recipient_postal_address", "text")
    .addColumn("posted_on", "date")
    .addColumn("posted_registered", "boolean")
    .addColumn("presumed_receipt_assumed", "boolean")
    .execute();
  await db.schema
    .alterTable("change_proposals")
    .addColumn("decision_reason", "text")
    .execute();
  await db.schema
    .createTable("regime_overrides")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("regime", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('due_days', 'extended_due_days', 'non_working_day')`))
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("created_by_user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index regime_overrides_one on regime_overrides (regime, kind, value) where kind = 'non_working_day'`.execute(db);
  await sql`create unique index regime_overrides_days on regime_overrides (regime, kind) where kind <> 'non_working_day'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("regime_overrides").execute();
  await db.schema.alterTable("change_proposals").dropColumn("decision_reason").execute();
  await db.schema
    .alterTable("requests")
    .dropColumn("channel")
    .dropColumn("email_consent_address")
    .dropColumn("email_consent_at")
    .dropColumn("email_consent_user_id")
    .dropColumn("recipient_postal_address")
    .dropColumn("posted_on")
    .dropColumn("posted_registered")
    .dropColumn("presumed_receipt_assumed")
    .execute();
}

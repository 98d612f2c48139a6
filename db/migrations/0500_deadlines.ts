import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
//
// Deadline tracking and escalation. The dates themselves (received, due,
// extended due, appeal deadline) are columns of `requests` since the
// foundation; here are the facts they are computed from, the overdue mark
// the daily job sets, the reminder bookkeeping that makes reminders
// idempotent, per-kind unsubscribes, and the appeals sent.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("requests")
    // The day the citizen marked an announced extension (null: none announced).
    .addColumn("extension_announced_on", "date")
    // The date of the authority's decision the citizen classified as a refusal.
    .addColumn("decision_date", "date")
    // Flanders: the decision did not mention the appeal route.
    .addColumn("appeal_notice_missing", "boolean", (c) => c.notNull().defaultTo(false))
    // Set by the deadlines job: the first overdue day, null when not overdue.
    .addColumn("overdue_since", "date")
    .execute();
  await sql`create index requests_overdue on requests (overdue_since, id) where overdue_since is not null`.execute(db);
  await sql`create index requests_due_waiting on requests (due_date) where state in ('awaiting_response', 'waiting_clarification')`.execute(db);

  await db.schema
    .createTable("deadline_reminders")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("request_id", "integer", (c) => c.notNull().references("requests.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('overdue', 'unclassified', 'appeal_deadline')`))
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("sent_on", "date", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("deadline_reminders_request_key", ["request_id", "key"])
    .execute();

  await db.schema
    .createTable("reminder_unsubscribes")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('overdue', 'unclassified', 'appeal_deadline')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("reminder_unsubscribes_pkey", ["user_id", "kind"])
    .execute();

  await db.schema
    .createTable("appeals")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("request_id", "integer", (c) => c.notNull().references("requests.id").onDelete("cascade"))
    .addColumn("regime", "text", (c) => c.notNull())
    .addColumn("route", "text", (c) => c.notNull().check(sql`route in ('federal_dual', 'commission', 'no_commission')`))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("sent_on", "date", (c) => c.notNull())
    .addColumn("body_decision_by", "date")
    .addColumn("environmental_body", "text")
    .addColumn("letters", "jsonb", (c) => c.notNull())
    .addColumn("created_by_user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("appeals_request").on("appeals").columns(["request_id", "created_at"]).execute();

  // Files attached to an outbound letter (an appeal's PDF with its annexes).
  // Small generated documents, kept with the letter so a retry sends the same bytes.
  await db.schema
    .createTable("outbound_attachments")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("message_id", "integer", (c) => c.notNull().references("messages.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("filename", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("content", "bytea", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("outbound_attachments_message").on("outbound_attachments").columns(["message_id", "position"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("outbound_attachments").execute();
  await db.schema.dropTable("appeals").execute();
  await db.schema.dropTable("reminder_unsubscribes").execute();
  await db.schema.dropTable("deadline_reminders").execute();
  await sql`drop index if exists requests_due_waiting`.execute(db);
  await sql`drop index if exists requests_overdue`.execute(db);
  await db.schema
    .alterTable("requests")
    .dropColumn("extension_announced_on")
    .dropColumn("decision_date")
    .dropColumn("appeal_notice_missing")
    .dropColumn("overdue_since")
    .execute();
}

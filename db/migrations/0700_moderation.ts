import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
// Moderation: redaction rules and their re-redaction jobs, redacted copies of
// attachments, hidden items with their public reason, request labels,
// reports, the audit log, and each user's privacy choices.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("redaction_rules")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("scope_type", "text", (c) => c.notNull().check(sql`scope_type in ('site', 'request', 'user', 'authority')`))
    .addColumn("scope_id", "integer")
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('literal', 'pattern')`))
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("loose", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("replacement", "text", (c) => c.notNull().defaultTo("[redacted]"))
    .addColumn("origin", "text", (c) => c.notNull().defaultTo("admin").check(sql`origin in ('admin', 'requester', 'postal_address', 'initials', 'account_deleted')`))
    .addColumn("created_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("redaction_rules_scope", sql`(scope_type = 'site') = (scope_id is null)`)
    .execute();
  await db.schema.createIndex("redaction_rules_scope").on("redaction_rules").columns(["scope_type", "scope_id"]).execute();

  await db.schema
    .createTable("redaction_jobs")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("rule_id", "integer", (c) => c.references("redaction_rules.id").onDelete("set null"))
    .addColumn("scope_type", "text", (c) => c.notNull())
    .addColumn("scope_id", "integer")
    .addColumn("state", "text", (c) => c.notNull().defaultTo("queued").check(sql`state in ('queued', 'running', 'done', 'failed')`))
    .addColumn("total", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("done", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("error", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("started_at", "timestamptz")
    .addColumn("finished_at", "timestamptz")
    .execute();

  await db.schema
    .createTable("attachment_redactions")
    .addColumn("attachment_id", "integer", (c) => c.primaryKey().references("attachments.id").onDelete("cascade"))
    .addColumn("fingerprint", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('clean', 'redacted', 'unsafe')`))
    .addColumn("reason", "text")
    .addColumn("bytes", "bytea")
    .addColumn("pages", "integer")
    .addColumn("matches", "integer")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("hidden_items")
    .addColumn("target_type", "text", (c) => c.notNull().check(sql`target_type in ('request', 'message', 'attachment', 'annotation')`))
    .addColumn("target_id", "integer", (c) => c.notNull())
    .addColumn("audience", "text", (c) => c.notNull().check(sql`audience in ('everyone', 'all_but_requester')`))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("hidden_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("hidden_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("hidden_items_pkey", ["target_type", "target_id"])
    .execute();

  await db.schema
    .createTable("request_labels")
    .addColumn("request_id", "integer", (c) => c.notNull().references("requests.id").onDelete("cascade"))
    .addColumn("label", "text", (c) => c.notNull().check(sql`label in ('vexatious', 'not_foi')`))
    .addColumn("set_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("set_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("request_labels_pkey", ["request_id", "label"])
    .execute();

  await db.schema
    .createTable("reports")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("target_type", "text", (c) => c.notNull().check(sql`target_type in ('request', 'message')`))
    .addColumn("target_id", "integer", (c) => c.notNull())
    .addColumn("request_id", "integer", (c) => c.references("requests.id").onDelete("cascade"))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("details", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("reporter_user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("reporter_key", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("resolved_at", "timestamptz")
    .addColumn("resolved_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("resolution", "text")
    .execute();
  await sql`create index reports_open on reports (created_at) where resolved_at is null`.execute(db);
  await db.schema.createIndex("reports_reporter").on("reports").columns(["reporter_key", "created_at"]).execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("actor_user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("target_type", "text")
    .addColumn("target_id", "integer")
    .addColumn("request_id", "integer")
    .addColumn("reason", "text")
    .addColumn("data", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("audit_log_at").on("audit_log").column("at").execute();

  await db.schema
    .createTable("user_privacy")
    .addColumn("user_id", "integer", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("public_name", "text", (c) => c.notNull().defaultTo("full").check(sql`public_name in ('full', 'initials')`))
    .addColumn("postal_address", "text")
    .addColumn("deleted_at", "timestamptz")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["user_privacy", "audit_log", "reports", "request_labels", "hidden_items", "attachment_redactions", "redaction_jobs", "redaction_rules"]) {
    await db.schema.dropTable(table).execute();
  }
}

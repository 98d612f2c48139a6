import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
// Issue 15: the directory administrators keep right. An authority may be
// merged into another (it then takes no new request); every field an
// administrator edits is remembered, so that `dossier authorities import`
// keeps the edit and reports the file's different value instead of erasing
// it; a proposal remembers the language its proposer wrote in (the decision
// is told in it); an extra non-working day has a name.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("authorities")
    .addColumn("merged_into_id", "integer", (c) => c.references("authorities.id").onDelete("set null"))
    .execute();
  await db.schema
    .createTable("authority_admin_edits")
    .addColumn("authority_id", "integer", (c) => c.notNull().references("authorities.id").onDelete("cascade"))
    .addColumn("field", "text", (c) => c.notNull())
    // JSON of the value the administrator set (null included).
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("edited_by_user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("edited_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("authority_admin_edits_pk", ["authority_id", "field"])
    .execute();
  await db.schema.alterTable("change_proposals").addColumn("proposer_locale", "text").execute();
  await db.schema.alterTable("regime_overrides").addColumn("label", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("regime_overrides").dropColumn("label").execute();
  await db.schema.alterTable("change_proposals").dropColumn("proposer_locale").execute();
  await db.schema.dropTable("authority_admin_edits").execute();
  await db.schema.alterTable("authorities").dropColumn("merged_into_id").execute();
}

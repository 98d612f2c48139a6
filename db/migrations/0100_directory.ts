import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
//
// The directory's search columns and change proposals. `search_keys` holds
// the normalised names computed by authorities/name-search.ts (accents,
// hyphens and generic prefixes already stripped), so PostgreSQL needs no
// unaccent dictionary and cannot disagree with the application about what a
// name "is"; pg_trgm narrows candidates, the application ranks them.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);

  await db.schema
    .alterTable("authorities")
    .addColumn("search_keys", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("sort_name", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await sql`create index authorities_search_keys_trgm on authorities using gin (search_keys gin_trgm_ops)`.execute(db);
  await db.schema.createIndex("authorities_sort_name").on("authorities").columns(["sort_name", "slug"]).execute();
  await db.schema.createIndex("authorities_parent_slug").on("authorities").column("parent_slug").execute();
  await db.schema.createIndex("authorities_regime").on("authorities").column("regime").execute();

  await db.schema
    .createTable("change_proposals")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("authority_id", "integer", (c) => c.notNull().references("authorities.id").onDelete("cascade"))
    .addColumn("field", "text", (c) => c.notNull().check(sql`field in ('email', 'website', 'address', 'other')`))
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("source", "text")
    .addColumn("comment", "text")
    .addColumn("proposer_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("proposer_email", "text")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending").check(sql`status in ('pending', 'accepted', 'rejected')`))
    .addColumn("decided_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("decided_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("change_proposals_status").on("change_proposals").columns(["status", "created_at"]).execute();
  await db.schema.createIndex("change_proposals_authority").on("change_proposals").columns(["authority_id", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("change_proposals").execute();
  await db.schema.dropIndex("authorities_regime").execute();
  await db.schema.dropIndex("authorities_parent_slug").execute();
  await db.schema.dropIndex("authorities_sort_name").execute();
  await sql`drop index authorities_search_keys_trgm`.execute(db);
  await db.schema.alterTable("authorities").dropColumn("sort_name").dropColumn("search_keys").execute();
}

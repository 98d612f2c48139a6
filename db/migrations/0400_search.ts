import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * The PostgreSQL search index: one row per public request, message and
 * attachment, with its weighted tsvector stored (never computed at query
 * time) in an accent-insensitive configuration of the document's language.
 * See docs/decisions/400-search.md.
 */
const configs = [
  ["fr_unaccent", "french", "french_stem"],
  ["nl_unaccent", "dutch", "dutch_stem"],
  ["de_unaccent", "german", "german_stem"],
  ["simple_unaccent", "simple", "simple"],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, base, dictionary] of configs) {
    await sql.raw(`create text search configuration ${name} (copy = ${base})`).execute(db);
    await sql
      .raw(`alter text search configuration ${name} alter mapping for hword, hword_part, word with unaccent, ${dictionary}`)
      .execute(db);
  }

  await sql`
    create table search_documents (
      id text primary key,
      type text not null check (type in ('request', 'message', 'attachment')),
      request_id integer not null,
      message_id integer,
      attachment_id integer,
      request_slug text not null,
      title text not null,
      subtitle text,
      body text not null,
      language text not null,
      ts_config text not null check (ts_config in ('fr_unaccent', 'nl_unaccent', 'de_unaccent', 'simple_unaccent')),
      authority_id integer,
      authority_slug text,
      authority_names jsonb not null,
      region text,
      kind text,
      regime text,
      state text,
      date timestamptz not null,
      year integer not null,
      has_attachments boolean not null default false,
      file_type text,
      tsv tsvector not null,
      indexed_at timestamptz not null default now()
    )`.execute(db);
  // One GIN index per language configuration: a query is built per
  // configuration and each one scans only its own documents.
  for (const [name] of configs) {
    await sql.raw(`create index search_documents_tsv_${name.replace("_unaccent", "")} on search_documents using gin (tsv) where ts_config = '${name}'`).execute(db);
  }
  await sql`create index search_documents_date on search_documents (date)`.execute(db);
  await sql`create index search_documents_authority on search_documents (authority_id)`.execute(db);
  await sql`create index search_documents_authority_slug on search_documents (authority_slug)`.execute(db);
  await sql`create index search_documents_request on search_documents (request_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists search_documents`.execute(db);
  for (const [name] of configs) await sql.raw(`drop text search configuration if exists ${name}`).execute(db);
}

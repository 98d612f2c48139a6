import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
// The public form of each message (mail/publications.ts): what the
// request's Publisher and the HTML sanitizer made of it, stored once per
// language of the sanitizer's notices, with what it was computed from (the
// rules' fingerprint, a hash of the message's sources) so a read that finds
// either changed computes it again. A cache: emptied at every start.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table message_publications (
      message_id integer not null references messages(id) on delete cascade,
      locale text not null,
      fingerprint text not null,
      source_hash text not null,
      content jsonb not null,
      computed_at timestamptz not null default now(),
      primary key (message_id, locale)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table message_publications`.execute(db);
}

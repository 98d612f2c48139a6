import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * Exact forms only where a query can need them
 * (docs/decisions/401-search-relevance.md, "Exact forms").
 *
 * A query word is compiled as its exact form ('=steele') in a language's
 * documents only when that language's dictionary knows neither the word as
 * typed nor its folded form (search/postgres-backend.ts, `foreignWords`).
 * A document therefore needs the exact form of a word only when the
 * dictionary of its language does not know the word's folded form: names,
 * other languages' words, accented words typed without accents ("acces").
 * The application checks each word of a site once, before it indexes a
 * document (search/words.ts), and stores the answer in `search_words`;
 * `search_exact_forms(config, body)` leaves out the words stored as known.
 * A word not checked yet keeps its exact form (never a missed match), and
 * documents in no dictionary's language (`simple_unaccent`) get none: no
 * query asks for them there.
 *
 * Existing rows keep their vectors (all their exact forms: they still
 * match as before); `dossier search reindex` checks their words and
 * shrinks them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table search_words (
      config text not null,
      word text not null,
      known boolean not null,
      primary key (config, word)
    )`.execute(db);

  await sql`
    create function search_exact_forms(config text, body text) returns tsvector
    language sql stable parallel safe as $$
      select coalesce(string_agg(
        '''=' || replace(replace(t.lexeme, '\\', '\\\\'), '''', '''''') || ''':' || t.positions[1], ' '), '')::tsvector
      from unnest(to_tsvector('simple_unaccent', body)) t
      where not exists (select 1 from search_words w where w.config = $1 and w.word = t.lexeme and w.known)
    $$`.execute(db);

  await sql`
    create or replace function search_vector(config text, body text) returns tsvector
    language sql stable parallel safe as $$
      select case config
        when 'fr_unaccent' then (unaccent(to_tsvector('french', body)::text) || ' ' || to_tsvector('fr_unaccent', body)::text)::tsvector
          || search_exact_forms(config, body)
        when 'nl_unaccent' then (unaccent(to_tsvector('search_nl_all', body)::text) || ' ' || to_tsvector('nl_unaccent', body)::text)::tsvector
          || search_compound_forms(config, body) || search_exact_forms(config, body)
        when 'de_unaccent' then (unaccent(to_tsvector('german', body)::text) || ' ' || to_tsvector('de_unaccent', body)::text)::tsvector
          || search_compound_forms(config, body) || search_exact_forms(config, body)
        else to_tsvector('simple_unaccent', body)
      end
    $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // 0441's vector: every word's exact form, in every configuration.
  await sql`
    create or replace function search_vector(config text, body text) returns tsvector
    language sql stable parallel safe as $$
      select case config
        when 'fr_unaccent' then (unaccent(to_tsvector('french', body)::text) || ' ' || to_tsvector('fr_unaccent', body)::text)::tsvector
        when 'nl_unaccent' then (unaccent(to_tsvector('search_nl_all', body)::text) || ' ' || to_tsvector('nl_unaccent', body)::text)::tsvector
          || search_compound_forms(config, body)
        when 'de_unaccent' then (unaccent(to_tsvector('german', body)::text) || ' ' || to_tsvector('de_unaccent', body)::text)::tsvector
          || search_compound_forms(config, body)
        else to_tsvector('simple_unaccent', body)
      end || search_exact_forms(body)
    $$`.execute(db);
  await sql`
    update search_documents set tsv =
      setweight(search_vector(ts_config, case when type = 'request' then title else '' end), 'A')
      || setweight(search_vector(ts_config, coalesce(subtitle, '')), 'B')
      || setweight(search_vector(ts_config, coalesce((select string_agg(distinct v, ' ') from jsonb_each_text(authority_names) e(k, v) where v <> ''), '')), 'C')
      || setweight(search_vector(ts_config, body), 'D')`.execute(db);
  await sql`drop function if exists search_exact_forms(text, text)`.execute(db);
  await sql`drop table if exists search_words`.execute(db);
}

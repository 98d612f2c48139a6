import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * Exact forms and compound parts (docs/decisions/401-search-relevance.md).
 *
 * - Every text's words are also indexed as written (lower case, accents
 *   folded), marked `=` ('=steele'), once, at their first position: a query
 *   word that is not a word of a document's language ("steele", a name, in
 *   Dutch documents whose stemmer makes it 'stel', the stem of "stellen")
 *   must be found there as written, not through that language's stem.
 *   One position only: they are tested, never used in phrases or pairs.
 * - Dutch and German words that a dictionary splits into parts
 *   (`search_compound_parts`, filled by the application from Hunspell
 *   dictionaries before it indexes a document: search/lexicon.ts) get their
 *   parts' stems at the compound's positions: "omgevingsvergunning" is found
 *   by "vergunning", "Haushaltsplan" by "Haushalt".
 * - Word pairs (`search_bigrams`) leave the exact forms out.
 *
 * Every indexed row is re-indexed (exact forms); compound parts are added to
 * existing rows by `dossier search reindex`, which splits their words.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table search_compound_parts (
      config text not null,
      word text not null,
      parts text[] not null,
      primary key (config, word)
    )`.execute(db);

  // The exact forms of a text: each word once, at its first position.
  await sql`
    create function search_exact_forms(body text) returns tsvector
    language sql stable parallel safe as $$
      select coalesce(string_agg(
        '''=' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || ''':' || positions[1], ' '), '')::tsvector
      from unnest(to_tsvector('simple_unaccent', body))
    $$`.execute(db);

  // The parts of a text's compounds, stemmed as the language's words are
  // (then folded), at each position of the compound.
  await sql`
    create function search_compound_forms(config text, body text) returns tsvector
    language sql stable parallel safe as $$
      select coalesce(unaccent(string_agg(
        '''' || replace(replace(s.lexeme, '\\', '\\\\'), '''', '''''') || ''':' || array_to_string(w.positions, ','), ' '))::tsvector, ''::tsvector)
      from unnest(to_tsvector('simple', body)) w
      join search_compound_parts c on c.config = $1 and c.word = w.lexeme
      cross join unnest(c.parts) part
      cross join unnest(to_tsvector(case $1 when 'nl_unaccent' then 'search_nl_all' else 'german' end::regconfig, part)) s
      where cardinality(c.parts) > 0
    $$`.execute(db);

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
    create or replace function search_bigrams(vector tsvector) returns tsvector
    language sql immutable parallel safe as $$
      with words as (
        select t.lexeme as word, p as position from unnest(vector) t, unnest(t.positions) p
        where p < 16383 and left(t.lexeme, 1) <> '='
      ), steps as (
        select position, lead(position) over (order by position) as next from (select distinct position from words) w
      )
      select coalesce(array_to_tsvector(array_agg(distinct a.word || ' ' || b.word)), ''::tsvector)
      from steps s join words a on a.position = s.position join words b on b.position = s.next
    $$`.execute(db);

  await reindexRows(db);
}

/** Recomputes every row's vector (and so its pairs and head) from its stored texts. */
async function reindexRows(db: Kysely<any>): Promise<void> {
  await sql`
    update search_documents set tsv =
      setweight(search_vector(ts_config, case when type = 'request' then title else '' end), 'A')
      || setweight(search_vector(ts_config, coalesce(subtitle, '')), 'B')
      || setweight(search_vector(ts_config, coalesce((select string_agg(distinct v, ' ') from jsonb_each_text(authority_names) e(k, v) where v <> ''), '')), 'C')
      || setweight(search_vector(ts_config, body), 'D')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function search_vector(config text, body text) returns tsvector
    language sql stable parallel safe as $$
      select case config
        when 'fr_unaccent' then (unaccent(to_tsvector('french', body)::text) || ' ' || to_tsvector('fr_unaccent', body)::text)::tsvector
        when 'nl_unaccent' then (unaccent(to_tsvector('search_nl_all', body)::text) || ' ' || to_tsvector('nl_unaccent', body)::text)::tsvector
        when 'de_unaccent' then (unaccent(to_tsvector('german', body)::text) || ' ' || to_tsvector('de_unaccent', body)::text)::tsvector
        else to_tsvector('simple_unaccent', body)
      end
    $$`.execute(db);
  await sql`
    create or replace function search_bigrams(vector tsvector) returns tsvector
    language sql immutable parallel safe as $$
      with words as (
        select t.lexeme as word, p as position from unnest(vector) t, unnest(t.positions) p where p < 16383
      ), steps as (
        select position, lead(position) over (order by position) as next from (select distinct position from words) w
      )
      select coalesce(array_to_tsvector(array_agg(distinct a.word || ' ' || b.word)), ''::tsvector)
      from steps s join words a on a.position = s.position join words b on b.position = s.next
    $$`.execute(db);
  await reindexRows(db);
  await sql`drop function if exists search_compound_forms(text, text)`.execute(db);
  await sql`drop function if exists search_exact_forms(text)`.execute(db);
  await sql`drop table if exists search_compound_parts`.execute(db);
}

import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * Stem first, then fold accents (docs/decisions/401-search-relevance.md).
 * 0400's configurations fold accents before the Snowball stemmer, which
 * then no longer recognises French, Dutch and German endings: "enregistrées"
 * became 'enregistre' while "enregistrer" and "enregistrement" became
 * 'enregistr'. A Snowball dictionary cannot be followed by another one in
 * a mapping, so `search_vector` stems with the language's own
 * configuration, folds the accents of the resulting lexemes, and adds the
 * forms of the old order (fold, then stem) at the same positions, for the
 * reader who types without accents ("acces" → 'acce', as "accès" folded
 * then stemmed). The query is compiled the same way (stem, then fold).
 *
 * Also:
 * - Dutch documents keep their stop words (`search_dutch_all`): "hebben"
 *   alone, or the phrase "hebben recht op", were unfindable. Queries still
 *   drop them unless nothing else is left (search/postgres-backend.ts);
 * - `search_bigrams` pairs every form at a position with every form at the
 *   next one (two forms may share a position now);
 * - `head`: the title and subject lexemes (weights A and B) of the vector,
 *   under their own GIN index, so candidates can be taken from the
 *   documents whose title matches before the newest body matches;
 * - every indexed row is re-indexed here (its vector recomputed from the
 *   stored texts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create text search dictionary search_dutch_all (template = snowball, language = dutch)`.execute(db);
  await sql`create text search configuration search_nl_all (copy = dutch)`.execute(db);
  await sql`alter text search configuration search_nl_all alter mapping for asciiword, asciihword, hword_asciipart, word, hword, hword_part with search_dutch_all`.execute(db);
  await sql`alter text search configuration nl_unaccent alter mapping for asciiword, asciihword, hword_asciipart with search_dutch_all`.execute(db);
  await sql`alter text search configuration nl_unaccent alter mapping for word, hword, hword_part with unaccent, search_dutch_all`.execute(db);
  // The old order's forms are only added where the word is not a stop
  // word as written: folded first, "für" would no longer be one ('fur'),
  // and would stand between the words of a phrase the query sees as
  // adjacent. A `simple` dictionary that accepts nothing drops the stop
  // words before unaccent; the others go on to a Snowball stemmer without
  // a stop list.
  for (const [config, language] of [["fr_unaccent", "french"], ["de_unaccent", "german"]]) {
    await sql.raw(`create text search dictionary search_${language}_stop (template = simple, stopwords = ${language}, accept = false)`).execute(db);
    await sql.raw(`create text search dictionary search_${language}_all (template = snowball, language = ${language})`).execute(db);
    await sql.raw(`alter text search configuration ${config} alter mapping for word, hword, hword_part with search_${language}_stop, unaccent, search_${language}_all`).execute(db);
  }

  await sql`
    create function search_vector(config text, body text) returns tsvector
    language sql stable parallel safe as $$
      select case config
        when 'fr_unaccent' then (unaccent(to_tsvector('french', body)::text) || ' ' || to_tsvector('fr_unaccent', body)::text)::tsvector
        when 'nl_unaccent' then (unaccent(to_tsvector('search_nl_all', body)::text) || ' ' || to_tsvector('nl_unaccent', body)::text)::tsvector
        when 'de_unaccent' then (unaccent(to_tsvector('german', body)::text) || ' ' || to_tsvector('de_unaccent', body)::text)::tsvector
        else to_tsvector('simple_unaccent', body)
      end
    $$`.execute(db);

  // Every form at a position with every form at the next position that
  // holds a word (stop words leave gaps, as in 0420's pairs). Positions are
  // clamped at 16383 in a tsvector: the words piled there make no pairs.
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

  await sql`alter table search_documents add column head tsvector generated always as (ts_filter(tsv, '{a,b}')) stored`.execute(db);
  await sql`alter table search_documents alter column head set storage main`.execute(db);
  await reindexRows(db);
  await sql`create index if not exists search_documents_head on search_documents using gin (head)`.execute(db);
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
  await sql`drop index if exists search_documents_head`.execute(db);
  await sql`alter table search_documents drop column if exists head`.execute(db);
  await sql`
    create or replace function search_bigrams(vector tsvector) returns tsvector
    language sql immutable parallel safe as $$
      select coalesce(array_to_tsvector(array_agg(distinct pair)), ''::tsvector)
      from (
        select word || ' ' || lead(word) over (order by position) as pair
        from (select t.lexeme as word, unnest(t.positions) as position from unnest(vector) t) words
      ) pairs
      where pair is not null
    $$`.execute(db);
  await sql`alter text search configuration nl_unaccent alter mapping for asciiword, asciihword, hword_asciipart with dutch_stem`.execute(db);
  await sql`alter text search configuration nl_unaccent alter mapping for word, hword, hword_part with unaccent, dutch_stem`.execute(db);
  for (const [config, language] of [["fr_unaccent", "french"], ["de_unaccent", "german"]]) {
    await sql.raw(`alter text search configuration ${config} alter mapping for word, hword, hword_part with unaccent, ${language}_stem`).execute(db);
  }
  await sql`
    update search_documents set tsv =
      setweight(to_tsvector(ts_config::regconfig, case when type = 'request' then title else '' end), 'A')
      || setweight(to_tsvector(ts_config::regconfig, coalesce(subtitle, '')), 'B')
      || setweight(to_tsvector(ts_config::regconfig, coalesce((select string_agg(distinct v, ' ') from jsonb_each_text(authority_names) e(k, v) where v <> ''), '')), 'C')
      || setweight(to_tsvector(ts_config::regconfig, body), 'D')`.execute(db);
  await sql`drop function if exists search_vector(text, text)`.execute(db);
  await sql`drop text search configuration if exists search_nl_all`.execute(db);
  await sql`drop text search dictionary if exists search_dutch_all`.execute(db);
  for (const language of ["french", "german"]) {
    await sql.raw(`drop text search dictionary if exists search_${language}_stop`).execute(db);
    await sql.raw(`drop text search dictionary if exists search_${language}_all`).execute(db);
  }
}

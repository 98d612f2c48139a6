import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * The search index in segments (docs/decisions/400-search.md, "Bounded
 * cost"): `search_documents` becomes a table partitioned by `segment`, one
 * partition per 50,000 indexed documents, newest first. A GIN index scan
 * costs as many steps as the word has postings, so a common word in one
 * index over a million documents costs ten times what it costs over
 * 100,000; split in segments, a query that finds its candidates in the
 * newest segment never opens the others.
 *
 * Also:
 * - one GIN index per language in each segment, as in 0400;
 * - `bigrams`: the pairs of adjacent words of the document, indexed, so a
 *   "quoted phrase" of common words is found through its pairs instead of
 *   re-reading every document holding all its words;
 * - the tsvector is stored inline (compressed) and the body out of line,
 *   so ranking and phrase checks read one heap page per candidate.
 */
export const segmentSize = 50_000;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function search_bigrams(vector tsvector) returns tsvector
    language sql immutable parallel safe as $$
      select coalesce(array_to_tsvector(array_agg(distinct pair)), ''::tsvector)
      from (
        select word || ' ' || lead(word) over (order by position) as pair
        from (select t.lexeme as word, unnest(t.positions) as position from unnest(vector) t) words
      ) pairs
      where pair is not null
    $$`.execute(db);
  // The pairs of a phrase query ('a' <-> 'b' <2> 'c' gives 'a b' & 'b c');
  // null when the phrase has fewer than two words.
  await sql`
    create function search_bigram_query(phrase tsquery) returns tsquery
    language sql immutable parallel safe as $$
      select case when count(*) = 0 then null
        else string_agg('''' || replace(replace(pair, '\\', '\\\\'), '''', '''''') || '''', ' & ')::tsquery end
      from (
        select word || ' ' || lead(word) over (order by n) as pair
        from (
          select replace(m[1], '''''', '''') as word, n
          from regexp_matches(phrase::text, '''((?:[^'']|'''')*)''', 'g') with ordinality as r(m, n)
        ) words
      ) pairs
      where pair is not null
    $$`.execute(db);
  await sql`create sequence search_documents_position`.execute(db);
  // The pairs always follow the vector, however a row is written.
  await sql`
    create function search_documents_set_bigrams() returns trigger language plpgsql as $$
    begin
      new.bigrams := search_bigrams(new.tsv);
      return new;
    end $$`.execute(db);

  await sql`alter table search_documents rename to search_documents_unsegmented`.execute(db);
  await sql`alter index search_documents_pkey rename to search_documents_unsegmented_pkey`.execute(db);
  for (const index of ["tsv_fr", "tsv_nl", "tsv_de", "tsv_simple", "date", "authority", "authority_slug", "request"]) {
    await sql.raw(`drop index search_documents_${index}`).execute(db);
  }
  await sql`
    create table search_documents (
      like search_documents_unsegmented including defaults including constraints,
      bigrams tsvector not null default ''::tsvector,
      segment integer not null
    ) partition by list (segment)`.execute(db);
  await sql`alter table search_documents alter column tsv set storage main, alter column bigrams set storage main, alter column body set storage external`.execute(db);
  await sql`create trigger search_documents_bigrams before insert or update of tsv on search_documents
    for each row execute function search_documents_set_bigrams()`.execute(db);
  // One text index per language in each segment: a query compiled in
  // Dutch only meets Dutch documents (a French stem of a Dutch word would
  // otherwise bring thousands of Dutch documents to be tested and dropped).
  for (const [config, name] of [["fr_unaccent", "fr"], ["nl_unaccent", "nl"], ["de_unaccent", "de"], ["simple_unaccent", "simple"]]) {
    await sql.raw(`create index search_documents_tsv_${name} on search_documents using gin (tsv) where ts_config = '${config}'`).execute(db);
  }
  await sql`create index search_documents_bigrams on search_documents using gin (bigrams)`.execute(db);
  await sql`create index search_documents_id on search_documents (id)`.execute(db);
  await sql`create index search_documents_date on search_documents (date)`.execute(db);
  await sql`create index search_documents_authority on search_documents (authority_id)`.execute(db);
  await sql`create index search_documents_authority_slug on search_documents (authority_slug)`.execute(db);
  await sql`create index search_documents_request on search_documents (request_id)`.execute(db);

  // What was indexed before moves over, oldest first, in as many segments as it needs.
  const count = Number((await sql<{ n: string }>`select count(*) as n from search_documents_unsegmented`.execute(db)).rows[0].n);
  for (let segment = 0; segment * segmentSize < count; segment++) {
    await sql.raw(`create table search_documents_s${segment} partition of search_documents for values in (${-segment})`).execute(db);
  }
  const columns = sql.raw(
    "id, type, request_id, message_id, attachment_id, request_slug, title, subtitle, body, language, ts_config, " +
      "authority_id, authority_slug, authority_names, region, kind, regime, state, date, year, has_attachments, file_type, tsv, indexed_at",
  );
  await sql`
    insert into search_documents (${columns}, segment)
    select ${columns}, -((nextval('search_documents_position') - 1) / ${sql.lit(segmentSize)})::int
    from (select * from search_documents_unsegmented order by date, id) d`.execute(db);
  await sql`drop table search_documents_unsegmented`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists search_documents`.execute(db);
  await sql`drop sequence if exists search_documents_position`.execute(db);
  await sql`drop function if exists search_documents_set_bigrams()`.execute(db);
  await sql`drop function if exists search_bigram_query(tsquery)`.execute(db);
  await sql`drop function if exists search_bigrams(tsvector)`.execute(db);
}

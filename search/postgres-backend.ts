import { sql, type RawBuilder } from "kysely";
import { preparedMarker, type Db } from "../db/connect";
import { parseQuery, positiveWords, type ParsedQuery, type QueryTerm } from "./query-syntax";
import { candidateWords, lexemesOf, makePassage, matchesQuery, queryLexemes, vectorLexemes, type WordFilter } from "./snippet";
import { searchLockSpace, segmentRange, Segments } from "./segments";
import { storeCompoundParts } from "./compounds";
import { storeWordChecks } from "./words";
import { foldForMatch } from "../core/text";
import { isWordOf, loadLexicon, type LexiconLanguage } from "./lexicon";
import {
  defaultPerPage,
  documentUrl,
  emptyFacets,
  isRecognisedPage,
  facetNames,
  maxFacetValues,
  maxPerPage,
  type FacetName,
  type FacetValue,
  type SearchBackend,
  type SearchDocument,
  type SearchFilters,
  type SearchHit,
  type SearchRequest,
  type SearchResult,
} from "../core/search";

/**
 * PostgreSQL full-text search over the `search_documents` table
 * (migrations 0400, 0420 and 0430). Why it is fast (docs/decisions/400-search.md):
 * - the weighted tsvector is stored inline, in the accent-free configuration
 *   of the document's language, with one partial GIN index per configuration
 *   in each segment: a year, cut in parts of at most 25,000 documents,
 *   scanned newest year first; a date filter opens only its years;
 * - one statement per search, prepared once per connection (generic plan):
 *   the query is compiled inside it once per configuration and each form
 *   only meets its own documents; phrases are found through their word pairs;
 * - only a bounded candidate set is ranked: the first `candidateLimit`
 *   matches the segments yield. Below that many matches (nearly every real
 *   query) ranking, counts and facets are exact; above it, a common word
 *   in a million documents, they are computed over that sample and the
 *   result says so — the cost of a query stops growing with the corpus;
 * - candidates are narrow; the page's rows are read in full afterwards;
 * - snippets are cut in the application, for the page of results only.
 */
export const languageConfigs: Record<string, string> = { fr: "fr_unaccent", nl: "nl_unaccent", de: "de_unaccent" };
const fallbackConfig = "simple_unaccent";
const allConfigs = ["fr_unaccent", "nl_unaccent", "de_unaccent", "simple_unaccent"] as const;
type ConfigName = (typeof allConfigs)[number];

/** Longer texts are cut: a tsvector holds at most 1 MB and snippets never need more. */
const maxIndexedChars = 400_000;

export function configFor(language: string): ConfigName {
  return (languageConfigs[language] ?? fallbackConfig) as ConfigName;
}

/**
 * How many matches are ranked, counted and faceted at most (the newest
 * first). Ranking and facets cost about as much per candidate as the rest
 * of a search: at 100,000 documents, p95 12.6 ms with 500 and 7.8 ms with
 * 300 on the same quiet machine (docs/decisions/400-search.md).
 */
export const defaultCandidateLimit = 300;

export type PostgresBackendOptions = {
  candidateLimit?: number;
  /** Documents per segment (migration 0420's size unless a test wants small ones). */
  segmentSize?: number;
};

export class PostgresSearchBackend implements SearchBackend {
  readonly name = "postgres" as const;
  readonly candidateLimit: number;
  private readonly segments: Segments;

  constructor(
    private readonly db: Db,
    options: PostgresBackendOptions = {},
  ) {
    this.candidateLimit = options.candidateLimit ?? defaultCandidateLimit;
    this.segments = new Segments(db, options.segmentSize);
  }

  /** Loads the dictionaries the queries and the compounds need (search/lexicon.ts). */
  async setup(): Promise<void> {
    await loadLexicon();
  }

  /**
   * Writes documents in the newest segment (migration 0420): a document
   * indexed again is deleted and written anew, under a lock on its
   * request so that two jobs indexing the same request never leave it twice.
   */
  async index(documents: SearchDocument[]): Promise<void> {
    const latest = new Map(documents.map((d) => [d.id, d]));
    const unique = [...latest.values()];
    for (let i = 0; i < unique.length; i += 500) {
      const batch = unique.slice(i, i + 500);
      await storeCompoundParts(this.db, batch, maxIndexedChars);
      await storeWordChecks(this.db, batch, maxIndexedChars);
      const segments = await this.segments.reserve(batch.map((d) => d.date));
      await this.db.transaction().execute(async (trx) => {
        const requests = [...new Set(batch.map((d) => d.requestId))].sort((a, b) => a - b);
        await sql`select pg_advisory_xact_lock(${searchLockSpace}, r) from unnest(${requests}::int[]) r`.execute(trx);
        await trx.deleteFrom("search_documents").where("id", "in", batch.map((d) => d.id)).execute();
        await trx.insertInto("search_documents").values(batch.map((d, n) => toRow(d, segments[n]))).execute();
      });
    }
  }

  /**
   * Loads many documents at once: the text-search indexes are dropped,
   * the rows written, and the indexes built again in one pass, which is
   * several times faster than maintaining them row by row. Searches during
   * the load are slow (no index); used by `dossier search reindex` and the
   * benchmark.
   */
  async bulkLoad<T>(load: () => Promise<T>): Promise<T> {
    for (const name of Object.keys(textIndexes)) await sql`drop index if exists ${sql.id(name)}`.execute(this.db);
    try {
      return await load();
    } finally {
      // One after another: on the partitioned table each builds in every
      // segment, and PostgreSQL names those child indexes itself — two
      // built side by side can pick the same name.
      await this.db.connection().execute(async (connection) => {
        await sql`set maintenance_work_mem = '256MB'`.execute(connection);
        for (const definition of Object.values(textIndexes)) await definition.execute(connection);
      });
      await sql`analyze search_documents`.execute(this.db);
    }
  }

  async delete(ids: string[]): Promise<void> {
    if (ids.length) await this.db.deleteFrom("search_documents").where("id", "in", ids).execute();
  }

  async deleteRequest(requestId: number, keep: string[] = []): Promise<void> {
    let query = this.db.deleteFrom("search_documents").where("request_id", "=", requestId);
    if (keep.length) query = query.where("id", "not in", keep);
    await query.execute();
  }

  async deleteMessages(messageIds: number[], keep: string[] = []): Promise<void> {
    if (messageIds.length === 0) return;
    let query = this.db.deleteFrom("search_documents").where("message_id", "in", messageIds);
    if (keep.length) query = query.where("id", "not in", keep);
    await query.execute();
  }

  async clear(): Promise<void> {
    await sql`truncate search_documents`.execute(this.db);
    await this.segments.restart();
  }

  async search(request: SearchRequest): Promise<SearchResult> {
    const { perPage, page, wantFacets, wantSnippets, byAuthority } = searchOptions(request);
    const parsed = parseQuery(request.q);
    if (parsed.length === 0) return { total: 0, totalIsLowerBound: false, page, perPage, hits: [], facets: wantFacets ? emptyFacets() : null, facetsApproximate: false };

    // One prepared statement, planned once per connection whatever the
    // words (planning a statement over every segment costs more than
    // running it): it compiles the query in each language configuration
    // once (the `q` row, read by every segment's scan as a parameter), asks
    // each language's index for its own form, and returns the bounded
    // candidate set's count and facets and the page of results.
    const usePairs = !byAuthority && parsed.every((group) => phrasesOf(group).length > 0);
    const row = await this.run(request, parsed, usePairs, await foreignWords(parsed));
    const limit = this.candidateLimit;
    const overflow = row.total > limit;
    const rawWords = positiveWords(parsed).map((w) => w.text);
    const needlesOf = (r: PageRow) => [...lexemesOf(row.queries[r.ts_config as ConfigName] ?? ""), ...rawWords];
    const filters = wantSnippets ? await this.matchedWords(row, needlesOf) : null;
    const hits = row.page.map((r, n) => toHit(r, filters ? { needles: needlesOf(r), keep: filters[n], within: compoundLanguage(r) } : null));
    const facets = wantFacets ? countFacets(row.facets) : null;
    return { total: Math.min(row.total, limit), totalIsLowerBound: overflow, page, perPage, hits, facets, facetsApproximate: overflow };
  }

  /**
   * For each result, which of its words a snippet may mark: those the
   * stems' pattern finds whose own lexemes (stemmed, then folded, as the
   * document was: search_vector) are among the lexemes the query matched in
   * the document's configuration. One round trip for the page's words.
   */
  private async matchedWords(row: StatementRow, needlesOf: (r: PageRow) => string[]): Promise<WordFilter[]> {
    const words = row.page.map((r) => (r.body === null ? [] : candidateWords(r.body, needlesOf(r), undefined, compoundLanguage(r))));
    const missing = new Map<string, { word: string; config: string }>();
    row.page.forEach((r, n) => {
      for (const word of words[n]) if (!wordLexemes.has(`${r.ts_config} ${word}`)) missing.set(`${r.ts_config} ${word}`, { word, config: r.ts_config });
    });
    if (missing.size > 0) {
      const list = [...missing.values()];
      const found = await sql<{ word: string; config: string; vector: string }>`
        select w as word, c as config, search_vector(c, w)::text as vector
        from unnest(${list.map((p) => p.word)}::text[], ${list.map((p) => p.config)}::text[]) as t(w, c)`.execute(this.db);
      for (const { word, config, vector } of found.rows) rememberLexemes(`${config} ${word}`, vectorLexemes(vector));
    }
    const queries = new Map<string, ReturnType<typeof queryLexemes>>();
    const queryOf = (config: string) => {
      if (!queries.has(config)) queries.set(config, queryLexemes(row.queries[config as ConfigName] ?? ""));
      return queries.get(config)!;
    };
    return row.page.map((r) => (word: string) => matchesQuery(wordLexemes.get(`${r.ts_config} ${word}`) ?? [], queryOf(r.ts_config)));
  }

  /**
   * The search statement. With `usePairs`, the candidates of each language
   * are found through the word pairs of the query's phrases
   * (search_bigrams, migration 0420): "utilisée pour modifier" among the
   * few documents holding "utilise modifi" instead of the thousands holding
   * both words; the exact phrase test follows. A language in which some
   * alternative of the query has no phrase of two words left after its
   * stop words ("de regel" in Dutch) is searched through its words' index.
   */
  private async run(request: SearchRequest, parsed: ParsedQuery, usePairs: boolean, foreign: ForeignWords): Promise<StatementRow> {
    const { perPage, page, wantFacets, wantSnippets, filters, byAuthority } = searchOptions(request);
    // The `q` row: per configuration its query (null when nothing is left of
    // it) and, with phrases, its word pairs (`<config>_pairs`).
    const querySource = sql`select *, (select string_agg('(' || p::text || ')', ' | ')::tsquery
          from unnest(array[${sql.join(allConfigs.map((c) => sql.ref(`${c}_pairs`)))}]) p) as pairs,
        (select string_agg('(' || w::text || ')', ' | ')::tsquery
          from unnest(array[${sql.join(allConfigs.map((c) => sql.ref(c)))}]) w) as any_language
      from (
        select ${sql.join(allConfigs.map((c) => sql`case when numnode(${sql.ref(c)}) > 0 then ${sql.ref(c)} end as ${sql.ref(c)}`))},
          ${sql.join(allConfigs.map((c) => sql`${usePairs ? pairsSql(parsed, c) : sql`null::tsquery`} as ${sql.ref(`${c}_pairs`)}`))}
        from (select ${sql.join(allConfigs.map((c) => sql`${tsqueryFor(parsed, c, foreign[c])} as ${sql.ref(c)}`))}) compiled
      ) languages`;
    const source: QuerySource = {
      query: (c) => sql`(select ${sql.ref(`q.${c}`)} from q)`,
      pairs: sql`(select q.pairs from q)`,
      withoutPairs: (c) => sql`(select case when ${sql.ref(`q.${c}_pairs`)} is null then ${sql.ref(`q.${c}`)} end from q)`,
    };
    const queryFor = querySql(source);
    const match = matchSql(source, byAuthority, usePairs);
    const where = sql`${match}${filterSql(filters)}`;
    const limit = this.candidateLimit;
    const offset = (page - 1) * perPage;
    const sortByDate = request.sort === "date";

    // The candidates are narrow (what ranking, counting and facets need);
    // only the page's rows are read in full, found again by segment and id
    // (each probe opens one segment's id index).
    const rankSql = sortByDate ? sql`0::real` : sql`ts_rank(d.tsv, ${queryFor}, 1)`;
    const pageColumns = pageColumnsSql(wantSnippets);
    const pageOrder = sql`order by p.rank desc, p.date desc, p.id desc`;
    // Sorted by date, the candidates give the page when they are every
    // match; otherwise it is read afterwards, year by year (pageByDate).
    const candidateOrder = sortByDate ? sql`c.date desc, c.id desc` : sql`c.rank desc, c.date desc, c.id desc`;
    const pageSql = sql`select ${pageColumns}, p.rank
      from (select * from (select * from candidates limit ${limit}) c order by ${candidateOrder} limit ${perPage} offset ${offset}) p
      join search_documents d on d.segment = p.segment and d.id = p.id`;
    // The candidates' facet values travel as one text, a line per
    // candidate, and are counted here: cheaper than grouping in the database
    // or building JSON.
    const facetSql = wantFacets
      ? sql`(select string_agg(concat_ws(${fieldSeparator}, ${sql.join(facetColumns.map((c) => sql`coalesce(${sql.ref(c)}::text, '')`))}), ${recordSeparator}) from candidates)`
      : sql`null`;
    const candidateColumns = sql`d.segment, d.id, d.date, ${sql.join(facetColumns.map((c) => sql.ref(`d.${c}`)))}, ${rankSql} as rank`;
    // Ranked by relevance, the documents whose title or subject holds the
    // whole query come first (their own small index, every segment), then
    // the other matches, newest segment first: a match in the title ranks
    // highest, so a common word's best documents are among the candidates
    // even when thousands of newer replies mention it in passing.
    const headFirst = !sortByDate && !byAuthority;
    const headMatch = sql`d.head @@ (select q.any_language from q) and d.head @@ ${queryFor}`;
    const candidatesSql = headFirst
      ? sql`select * from (
          (select ${candidateColumns} from search_documents d where ${headMatch} and d.tsv @@ ${queryFor}${filterSql(filters)} limit ${limit + 1})
          union all
          (select ${candidateColumns} from search_documents d where ${where} and not (d.head @@ ${queryFor}) limit ${limit + 1})
        ) c limit ${limit + 1}`
      : sql`select ${candidateColumns} from search_documents d where ${where} limit ${limit + 1}`;
    const result = await sql<StatementRow>`
      ${sql.raw(preparedMarker)} with q as materialized (${querySource}),
      candidates as materialized (${candidatesSql})
      select
        (select json_build_object(${sql.join(allConfigs.map((c) => sql`${sql.lit(c)}, ${sql.ref(`q.${c}`)}::text`))}) from q) as queries,
        (select json_build_object(${sql.join(allConfigs.map((c) => sql`${sql.lit(c)}, ${sql.ref(`q.${c}_pairs`)}::text`))}) from q) as pairs,
        (select q.pairs::text from q) as "allPairs",
        (select count(*) from candidates) as total,
        ${facetSql} as facets,
        (select coalesce(json_agg(to_json(p) ${sortByDate ? sql`order by p.date desc, p.id desc` : pageOrder}), '[]') from (${pageSql}) p) as page
    `.execute(this.db);
    const row = result.rows[0];
    if (sortByDate && row.total > limit) row.page = await this.pageByDate(request, row, byAuthority, usePairs);
    return row;
  }

  /**
   * The page of a search sorted by date when its matches outnumber the
   * candidates: the newest year first, then, if it holds too few matches,
   * all the older years at once. Each statement names its years (so only
   * their segments are planned) and carries the compiled query as values,
   * so PostgreSQL plans it for them: a common word walks the date index
   * down and stops at the page's end. Where that walk is a gamble — a
   * phrase, whose frequency the planner guesses from its words, or older
   * years reached because the newest one had few matches — the matches are
   * taken from the text indexes and sorted (an order no index gives): a
   * walk that found few matches read every date of a million documents,
   * seconds. Each asks for the whole page's worth: with a limit of a few
   * rows, a rare word's walk looked cheaper still. One statement over every
   * segment, with a generic plan, sorted every match of a common word
   * (over a second at 100,000 documents).
   */
  private async pageByDate(request: SearchRequest, row: StatementRow, byAuthority: boolean, usePairs: boolean): Promise<PageRow[]> {
    const { perPage, page, wantSnippets, filters } = searchOptions(request);
    const wanted = page * perPage;
    const bounds = yearsOf(filters);
    const years = (await this.db.selectFrom("search_segment_fill").select("year").orderBy("year", "desc").execute())
      .map((r) => r.year)
      .filter((year) => !bounds || (year >= bounds.from && year <= bounds.to));
    if (years.length === 0) return [];
    const source: QuerySource = {
      query: (c) => sql`${row.queries[c]}::tsquery`,
      pairs: sql`${row.allPairs}::tsquery`,
      withoutPairs: (c) => sql`${row.pairs[c] === null ? row.queries[c] : null}::tsquery`,
    };
    const rows: PageRow[] = [];
    const steps = [
      { from: years[0], to: years[0], walk: !usePairs },
      { from: years[years.length - 1], to: years[0] - 1, walk: false },
    ];
    for (const { from, to, walk } of steps) {
      if (rows.length >= wanted || from > to) break;
      const [low, high] = segmentRange(from, to);
      const found = await sql<PageRow>`
        select ${pageColumnsSql(wantSnippets)}
        from search_documents d
        where d.segment between ${sql.lit(low)} and ${sql.lit(high)} and ${matchSql(source, byAuthority, usePairs)}${filterSql(filters)}
        order by ${walk ? sql`d.date` : sql`d.date + interval '0 s'`} desc, d.id desc
        limit ${wanted}`.execute(this.db);
      rows.push(...found.rows);
    }
    return rows.slice((page - 1) * perPage, wanted);
  }
}

/** Where the compiled query comes from: the statement's own `q` row, or values. */
type QuerySource = {
  query: (config: ConfigName) => RawBuilder<unknown>;
  /** The word pairs of every language that has some, as one query. */
  pairs: RawBuilder<unknown>;
  /** The query where the configuration has no pairs, else null. */
  withoutPairs: (config: ConfigName) => RawBuilder<unknown>;
};

/** The query in each document's own configuration. */
function querySql(source: QuerySource): RawBuilder<unknown> {
  return sql`case d.ts_config ${sql.join(
    allConfigs.map((c) => sql`when ${sql.lit(c)} then ${source.query(c)}`),
    sql` `,
  )} end`;
}

/**
 * Which index finds the candidates: an authority's documents are few (its
 * own index, then the text test on each); otherwise each language's form
 * meets only its own documents (constant predicates, so a generic plan
 * keeps them), through its words' index — or, for a query whose every
 * alternative holds a phrase, through the word-pair index, one scan for
 * the pairs of all the languages that have them, each document then held
 * to its own language's query. A language left without pairs by its stop
 * words ("de regel" in Dutch) goes through its words' index; the others'
 * word branches are asked a null query, which their index answers at once.
 * (The final test, in CASE form, is one no index answers: the planner
 * cannot add the words' postings where the pairs lead, as it did, reading
 * a common word's postings beside its pairs.)
 */
function matchSql(source: QuerySource, byAuthority: boolean, usePairs: boolean): RawBuilder<unknown> {
  if (byAuthority) return sql`d.tsv @@ ${querySql(source)}`;
  const words = (query: (c: ConfigName) => RawBuilder<unknown>) => allConfigs.map((c) => sql`(d.ts_config = ${sql.lit(c)} and d.tsv @@ ${query(c)})`);
  if (!usePairs) return sql`(${sql.join(words(source.query), sql` or `)})`;
  // Every branch here is answered by its index alone; each row found is
  // then held to its own language's query (phrase positions included), so
  // the row's pair vector is never read.
  return sql`((${sql.join([...words(source.withoutPairs), sql`d.bigrams @@ ${source.pairs}`], sql` or `)}) and d.tsv @@ ${querySql(source)})`;
}

/**
 * The lexemes of words seen in snippets, by configuration and word: a
 * word's lexemes depend only on the text-search configuration (changed by
 * migrations alone), and the words of a site's snippets repeat, so most
 * searches need no round trip to check them. Bounded; the oldest go first.
 */
const wordLexemes = new Map<string, string[]>();
const wordLexemesSize = 50_000;

function rememberLexemes(key: string, lexemes: string[]): void {
  if (wordLexemes.size >= wordLexemesSize) wordLexemes.delete(wordLexemes.keys().next().value!);
  wordLexemes.set(key, lexemes);
}

/**
 * An attachment's pages whose text was recognised automatically, read from
 * the attachment itself (search/documents.ts indexes the same column; a new
 * extraction re-indexes the document anyway).
 */
const ocrPagesSql = sql`(select a.ocr_pages from attachments a where a.id = d.attachment_id and a.text_source in ('ocr', 'mixed'))`;

/** What a result shows of a document (the body only for its snippet). */
function pageColumnsSql(wantSnippets: boolean): RawBuilder<unknown> {
  return sql`d.id, d.type, d.request_id, d.message_id, d.attachment_id, d.request_slug, d.title, d.subtitle,
      d.authority_slug, d.authority_names, d.region, d.kind, d.state, d.language, d.ts_config, d.date, d.has_attachments, d.file_type,
      ${ocrPagesSql} as ocr_pages,
      ${wantSnippets ? sql`left(d.body, ${snippetSourceChars})` : sql`null::text`} as body`;
}

/** A search request's settings, with their defaults and bounds. */
function searchOptions(request: SearchRequest) {
  const filters = request.filters ?? {};
  return {
    perPage: Math.min(Math.max(1, request.perPage ?? defaultPerPage), maxPerPage),
    page: Math.max(1, request.page ?? 1),
    wantFacets: request.facets ?? true,
    wantSnippets: request.snippets ?? true,
    filters,
    byAuthority: filters.authorityId !== undefined || (filters.authority?.length ?? 0) > 0,
  };
}

type StatementRow = {
  queries: Record<ConfigName, string | null>;
  pairs: Record<ConfigName, string | null>;
  /** The pairs of every language that has some, as one query text. */
  allPairs: string | null;
  total: number;
  facets: string | null;
  page: PageRow[];
};

/**
 * The word pairs a document of configuration `config` must hold for the
 * query's phrases to be in it, as one tsquery: for each alternative of the
 * query, the pairs of its phrases (a phrase without pairs left out); null
 * when some alternative has none at all.
 */
function pairsSql(parsed: ParsedQuery, config: ConfigName): RawBuilder<unknown> {
  const alternatives = parsed.map(
    (group) =>
      sql`nullif(concat_ws(' & ', ${sql.join(
        phrasesOf(group).map((phrase) => sql`'(' || search_bigram_query(${folded(sql`phraseto_tsquery(${sql.lit(queryConfigs[config].phrases)}::regconfig, ${phrase})`, config)})::text || ')'`),
      )}), '')`,
  );
  return sql`(select case when count(a) = count(*) then string_agg('(' || a || ')', ' | ')::tsquery end
    from unnest(array[${sql.join(alternatives)}]) a)`;
}

/** The phrases a group of terms requires. */
function phrasesOf(group: QueryTerm[]): string[] {
  return group.filter((term) => term.kind === "phrase" && !term.negated).map((term) => term.text);
}

/** The columns behind each facet, in the order of `facetNames`. */
const facetColumns = ["authority_slug", "region", "kind", "state", "year", "has_attachments", "file_type", "language"] as const;

const fieldSeparator = "\u001f";
const recordSeparator = "\u001e";
const fieldCode = 0x1f;
const recordCode = 0x1e;

/**
 * Counts the facet values of the candidates, given as lines of fields (an
 * empty field: no value), read in one pass without splitting. Each facet
 * keeps its `maxFacetValues` most frequent values; equal counts stay in
 * the order the candidates came (newest segment first).
 */
function countFacets(lines: string | null): Record<FacetName, FacetValue[]> {
  const counts = facetNames.map(() => new Map<string, number>());
  if (lines) {
    let column = 0;
    let start = 0;
    for (let i = 0; i <= lines.length; i++) {
      const code = i < lines.length ? lines.charCodeAt(i) : recordCode;
      if (code !== fieldCode && code !== recordCode) continue;
      if (i > start && column < counts.length) {
        const value = lines.slice(start, i);
        counts[column].set(value, (counts[column].get(value) ?? 0) + 1);
      }
      column = code === recordCode ? 0 : column + 1;
      start = i + 1;
    }
  }
  const facets = emptyFacets();
  facetNames.forEach((name, column) => {
    const values = [...counts[column]].map(([value, count]) => ({ value, count }));
    values.sort((a, b) => b.count - a.count);
    facets[name] = values.slice(0, maxFacetValues);
  });
  return facets;
}

/** The text-search indexes of migration 0420, dropped and rebuilt around a bulk load. */
const textIndexes = {
  ...Object.fromEntries(
    allConfigs.map((config) => {
      const name = `search_documents_tsv_${config.replace("_unaccent", "")}`;
      return [name, sql`create index if not exists ${sql.id(name)} on search_documents using gin (tsv) where ts_config = ${sql.lit(config)}`];
    }),
  ),
  search_documents_bigrams: sql`create index if not exists search_documents_bigrams on search_documents using gin (bigrams)`,
  search_documents_head: sql`create index if not exists search_documents_head on search_documents using gin (head)`,
};

/** How much of a document's text is read to cut its snippet. */
const snippetSourceChars = 300_000;

type PageRow = {
  id: string;
  type: SearchHit["type"];
  request_id: number;
  message_id: number | null;
  attachment_id: number | null;
  request_slug: string;
  title: string;
  subtitle: string | null;
  authority_slug: string | null;
  authority_names: SearchHit["authorityNames"] | null;
  region: string | null;
  kind: string | null;
  state: string | null;
  language: string;
  ts_config: string;
  date: string;
  has_attachments: boolean;
  file_type: string | null;
  ocr_pages: number[] | null;
  body: string | null;
};

/** Documents whose compounds are indexed by their parts (search/compounds.ts): a part may be marked inside a word. */
function compoundLanguage(r: PageRow): boolean {
  return r.ts_config === "nl_unaccent" || r.ts_config === "de_unaccent";
}

function toHit(r: PageRow, snippet: { needles: string[]; keep: WordFilter; within: boolean } | null): SearchHit {
  const passage = snippet && r.body !== null ? makePassage(r.body, snippet.needles, snippet.keep, snippet.within) : null;
  const page = r.type === "attachment" ? (passage?.page ?? null) : null;
  return {
    id: r.id,
    type: r.type,
    requestId: r.request_id,
    messageId: r.message_id,
    attachmentId: r.attachment_id,
    requestSlug: r.request_slug,
    title: r.title,
    subtitle: r.subtitle,
    authoritySlug: r.authority_slug,
    authorityNames: r.authority_names ?? {},
    region: r.region,
    kind: r.kind,
    state: r.state,
    language: r.language,
    date: new Date(r.date).toISOString(),
    hasAttachments: r.has_attachments,
    fileType: r.file_type,
    url: documentUrl({ type: r.type, requestId: r.request_id, messageId: r.message_id, attachmentId: r.attachment_id }),
    snippet: passage?.parts ?? null,
    page,
    // Without a snippet the passage is unknown: recognised only when every page was.
    recognised: r.type === "attachment" && (passage ? isRecognisedPage(r.ocr_pages, page) : allPagesRecognised(r.ocr_pages)),
  };
}

/** Without a passage: a document whose only page was recognised (pages of a longer document are unknown here). */
function allPagesRecognised(ocrPages: number[] | null): boolean {
  return ocrPages !== null && ocrPages.length === 1 && ocrPages[0] === 1;
}

function toRow(d: SearchDocument, segment: number) {
  const config = configFor(d.language);
  const body = d.body.length > maxIndexedChars ? d.body.slice(0, maxIndexedChars) : d.body;
  const names = [...new Set(Object.values(d.authorityNames).filter(Boolean))].join(" ");
  // The request's title belongs to the request's own document: repeated
  // in each of its messages and attachments it would flood the results.
  const title = d.type === "request" ? d.title : "";
  return {
    id: d.id,
    type: d.type,
    request_id: d.requestId,
    message_id: d.messageId,
    attachment_id: d.attachmentId,
    request_slug: d.requestSlug,
    title: d.title,
    subtitle: d.subtitle,
    body,
    language: d.language,
    ts_config: config,
    authority_id: d.authorityId,
    authority_slug: d.authoritySlug,
    authority_names: JSON.stringify(d.authorityNames),
    region: d.region,
    kind: d.kind,
    regime: d.regime,
    state: d.state,
    date: d.date,
    year: d.date.getUTCFullYear(),
    has_attachments: d.hasAttachments,
    file_type: d.fileType,
    // search_vector (migration 0440): stemmed in the language, then folded.
    tsv: sql<string>`setweight(search_vector(${config}, ${title}), 'A')
      || setweight(search_vector(${config}, ${d.subtitle ?? ""}), 'B')
      || setweight(search_vector(${config}, ${names}), 'C')
      || setweight(search_vector(${config}, ${body}), 'D')` as unknown as string,
    segment,
  };
}

/**
 * How a configuration's query is compiled (migration 0440): stemmed by the
 * language's own Snowball configuration, then its lexemes folded, as the
 * documents were. Dutch documents keep their stop words: a query drops
 * them (its words in `dutch`), unless nothing would be left ("hebben");
 * its phrases keep them (`search_nl_all`), so "hebben recht op" is found
 * as written.
 */
const queryConfigs: Record<ConfigName, { words: string; phrases: string; fold: boolean }> = {
  fr_unaccent: { words: "french", phrases: "french", fold: true },
  nl_unaccent: { words: "dutch", phrases: "search_nl_all", fold: true },
  de_unaccent: { words: "german", phrases: "german", fold: true },
  simple_unaccent: { words: "simple_unaccent", phrases: "simple_unaccent", fold: false },
};

function folded(query: RawBuilder<unknown>, config: ConfigName): RawBuilder<unknown> {
  return queryConfigs[config].fold ? sql`unaccent((${query})::text)::tsquery` : query;
}

/**
 * By configuration, the query's words that are no words of its language
 * (search/lexicon.ts): a name ("steele") or another language's word.
 */
type ForeignWords = Partial<Record<ConfigName, Set<string>>>;

const lexiconLanguageOf: Partial<Record<ConfigName, LexiconLanguage>> = { fr_unaccent: "fr", nl_unaccent: "nl", de_unaccent: "de" };

/**
 * Which of the query's plain words each language's dictionary does not
 * know. In that language's documents such a word must be there as written
 * (its exact form, migration 0441) besides its stem: the Dutch stemmer makes
 * "steele" 'stel', the stem of "stellen", and would find thousands of Dutch
 * documents that never name Steele. Words of the language keep their stems
 * alone ("vergunningen" finds "vergunning"); phrases and prefixes are left
 * as they are. A word known once folded counts as known: documents hold
 * exact forms only for the words whose folded form their dictionary does
 * not know (migration 0442).
 */
async function foreignWords(parsed: ParsedQuery): Promise<ForeignWords> {
  const foreign: ForeignWords = {};
  const words = [...new Set(parsed.flat().filter((t) => t.kind === "word" && !t.negated).map((t) => t.text))];
  for (const config of allConfigs) {
    const language = lexiconLanguageOf[config];
    if (!language) continue;
    for (const word of words) {
      // Known as typed or folded ("acces" for "accès"): the documents index
      // exact forms only for words whose folded form is unknown (search/words.ts).
      if ((await isWordOf(language, word)) || (await isWordOf(language, foldForMatch(word)))) continue;
      (foreign[config] ??= new Set()).add(word);
    }
  }
  return foreign;
}

/** A word as written (lower case, accents folded): its exact form's lexeme, '=steele'. */
function exactFormSql(word: string): RawBuilder<unknown> {
  return sql`(select string_agg('''=' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || '''', ' & ')::tsquery
    from unnest(to_tsvector('simple_unaccent', ${word})))`;
}

function termSql(term: QueryTerm, config: ConfigName, keepStopWords: boolean, foreign?: Set<string>): RawBuilder<unknown> {
  const settings = queryConfigs[config];
  const regconfig = sql`${sql.lit(term.kind === "phrase" || keepStopWords ? settings.phrases : settings.words)}::regconfig`;
  const query =
    term.kind === "phrase"
      ? sql`phraseto_tsquery(${regconfig}, ${term.text})`
      : term.kind === "prefix"
        ? sql`to_tsquery(${regconfig}, ${`'${term.text.replace(/'/g, "''")}':*`})`
        : foreign?.has(term.text) && !term.negated
          ? // The exact form first: snippets read '=x' & 'y' as "y where x is" (search/snippet.ts).
            sql`(${exactFormSql(term.text)} && plainto_tsquery(${regconfig}, ${term.text}))`
          : sql`plainto_tsquery(${regconfig}, ${term.text})`;
  return term.negated ? sql`(!! ${query})` : query;
}

function tsqueryFor(parsed: ParsedQuery, config: ConfigName, foreign?: Set<string>): RawBuilder<unknown> {
  const compile = (keepStopWords: boolean) =>
    folded(sql`(${sql.join(parsed.map((group) => sql`(${sql.join(group.map((t) => termSql(t, config, keepStopWords, foreign)), sql` && `)})`), sql` || `)})`, config);
  const { words, phrases } = queryConfigs[config];
  if (words === phrases) return compile(false);
  return sql`(select case when numnode(w) > 0 then w else ${compile(true)} end from (select ${compile(false)} as w) stop_words)`;
}

/** The years a search's filters allow, when they bound them; invalid dates bound nothing. */
export function yearsOf(filters: SearchFilters): { from: number; to: number } | null {
  const yearOf = (date: string | undefined) => {
    const match = date ? /^(\d{4})-\d{2}-\d{2}$/.exec(date) : null;
    return match ? Number(match[1]) : null;
  };
  const listed = filters.year?.length ? filters.year : null;
  const from = Math.max(yearOf(filters.dateFrom) ?? -Infinity, listed ? Math.min(...listed) : -Infinity);
  const to = Math.min(yearOf(filters.dateTo) ?? Infinity, listed ? Math.max(...listed) : Infinity);
  if (from === -Infinity && to === Infinity) return null;
  return { from: Number.isFinite(from) ? from : 0, to: Number.isFinite(to) ? to : 9999 };
}

function filterSql(filters: SearchFilters): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [];
  // Lists as one array parameter: the statement's text stays the same whatever their length.
  const list = (column: string, values: Array<string | number> | undefined, type = "text") => {
    if (values?.length) parts.push(sql`${sql.ref(`d.${column}`)} = any(${values}::${sql.raw(type)}[])`);
  };
  list("authority_slug", filters.authority);
  list("region", filters.region);
  list("kind", filters.kind);
  list("state", filters.state);
  list("year", filters.year, "int");
  list("file_type", filters.fileType);
  list("language", filters.language);
  list("type", filters.type);
  if (filters.authorityId !== undefined) parts.push(sql`d.authority_id = ${filters.authorityId}`);
  if (filters.hasAttachments !== undefined) parts.push(sql`d.has_attachments = ${filters.hasAttachments}`);
  // Dates are civil days in UTC, like the year facet and the segments.
  // Only the segments of the years asked for are opened (runtime pruning
  // of the prepared statement's partitions); a bound on a year's first or
  // last day says no more than that, and is left out: the statement's
  // generic plan would otherwise read a whole segment's date index.
  if (filters.dateFrom && !/^\d{4}-01-01$/.test(filters.dateFrom)) parts.push(sql`d.date >= ${filters.dateFrom}::timestamp at time zone 'UTC'`);
  if (filters.dateTo && !/^\d{4}-12-31$/.test(filters.dateTo)) parts.push(sql`d.date < (${filters.dateTo}::date + 1)::timestamp at time zone 'UTC'`);
  const years = yearsOf(filters);
  if (years) {
    const [low, high] = segmentRange(years.from, years.to);
    parts.push(sql`d.segment between ${low}::int and ${high}::int`);
  }
  return parts.length ? sql` and ${sql.join(parts, sql` and `)}` : sql``;
}

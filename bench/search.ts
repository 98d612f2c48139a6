/**
 * Search benchmark: indexes a corpus through the project's real indexing
 * code (PostgresSearchBackend.index) on a fresh database, then runs the
 * queries through the real search code (PostgresSearchBackend.search, as
 * the search page calls it: ranked, with facet counts) and prints JSON
 * (also the same queries sorted by date, one client).
 *
 *   npx tsx bench/generate-search-corpus.ts --docs 100000 --out corpus.jsonl --queries queries.json
 *   npx tsx bench/search.ts corpus.jsonl queries.json
 *
 * corpus: JSON lines {"id","lang","title","body","authority_id","created_at","state"}
 * queries: JSON array of {"id","kind","lang","q","filter"?}, filter being
 * {"authority_id"} or {"created_from","created_to"}.
 * A fresh embedded PostgreSQL is started in a temporary directory, unless
 * --database-url names an empty database to use. Never part of npm test.
 */
import { createReadStream, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { createDb } from "../db/connect";
import { startEmbeddedPostgres } from "../db/embedded";
import { migrateToLatest } from "../db/migrate";
import { PostgresSearchBackend } from "../search/postgres-backend";
import { defaultPerPage, type SearchDocument, type SearchFilters, type SearchRequest } from "../core/search";

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    "database-url": { type: "string" },
    passes: { type: "string", default: "2" },
    clients: { type: "string", default: "4" },
    "candidate-limit": { type: "string" },
    "segment-size": { type: "string" },
    facets: { type: "boolean", default: true },
    "data-dir": { type: "string" },
    reuse: { type: "boolean", default: false },
    // The search page shows 20 results (core/search.ts defaultPerPage): measure what it does.
    "per-page": { type: "string", default: String(defaultPerPage) },
  },
});
const [corpusFile, queriesFile] = positionals;
if (!corpusFile || !queriesFile) {
  console.error("Usage: npx tsx bench/search.ts CORPUS.jsonl QUERIES.json [--database-url URL] [--passes 2] [--clients 4] [--candidate-limit N] [--segment-size N] [--no-facets]");
  process.exit(2);
}

type CorpusLine = { id: number | string; lang: string; title: string; body: string; authority_id: number; created_at: string; state: string };
type BenchQuery = { id: number | string; kind: string; lang: string; q: string; filter?: { authority_id?: number; created_from?: string; created_to?: string } };

function toDocument(line: CorpusLine): SearchDocument {
  const id = Number(String(line.id).replace(/\D/g, "")) || 0;
  return {
    id: `request-${line.id}`,
    type: "request",
    requestId: id,
    messageId: null,
    attachmentId: null,
    requestSlug: `bench-${line.id}`,
    title: line.title,
    subtitle: null,
    body: line.body,
    language: line.lang,
    authorityId: line.authority_id,
    authoritySlug: `authority-${line.authority_id}`,
    authorityNames: {},
    region: null,
    kind: null,
    regime: null,
    state: line.state,
    date: new Date(line.created_at),
    hasAttachments: false,
    fileType: null,
  };
}

function filtersOf(query: BenchQuery): SearchFilters {
  const filters: SearchFilters = {};
  if (query.filter?.authority_id !== undefined) filters.authorityId = query.filter.authority_id;
  if (query.filter?.created_from) filters.dateFrom = query.filter.created_from.slice(0, 10);
  if (query.filter?.created_to) filters.dateTo = query.filter.created_to.slice(0, 10);
  return filters;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const round = (n: number) => Math.round(n * 100) / 100;

let tmp: string | undefined;
let stopServer = async () => {};
let url = options["database-url"];
if (!url) {
  // --data-dir keeps the cluster (with --reuse, a second run skips indexing).
  const dir = options["data-dir"] ?? (tmp = await mkdtemp(path.join(os.tmpdir(), "dossier-bench-")));
  const server = await startEmbeddedPostgres({ dir: path.join(dir, "postgres") });
  url = server.url;
  stopServer = server.stop;
}
const { db } = createDb(url, 8);
try {
  // --reuse measures the queries again on an index built by an earlier run (of any migration history).
  const existing = (await sql<{ t: string | null }>`select to_regclass('search_documents')::text as t`.execute(db)).rows[0].t;
  if (!(options.reuse && existing)) await migrateToLatest(db);
  const backend = new PostgresSearchBackend(db, {
    ...(options["candidate-limit"] ? { candidateLimit: Number(options["candidate-limit"]) } : {}),
    ...(options["segment-size"] ? { segmentSize: Number(options["segment-size"]) } : {}),
  });

  // Index: batches of 1,000 through the backend, two writers at a time.
  const reuse = options.reuse && (await db.selectFrom("search_documents").select("id").limit(1).execute()).length > 0;
  if (!reuse) await backend.clear();
  const started = performance.now();
  let documents = 0;
  let batch: SearchDocument[] = [];
  const inFlight = new Set<Promise<void>>();
  const flush = async () => {
    const current = batch;
    batch = [];
    const task = backend.index(current).then(() => void inFlight.delete(task));
    inFlight.add(task);
    if (inFlight.size >= 2) await Promise.race(inFlight);
  };
  let loaded = started;
  if (reuse) documents = (await sql<{ n: number }>`select count(*)::int as n from search_documents`.execute(db)).rows[0].n;
  else
    await backend.bulkLoad(async () => {
      const lines = createInterface({ input: createReadStream(corpusFile), crlfDelay: Infinity });
      for await (const line of lines) {
        if (!line.trim()) continue;
        batch.push(toDocument(JSON.parse(line) as CorpusLine));
        documents++;
        if (batch.length === 1000) await flush();
        if (documents % 100_000 === 0) console.error(`loaded ${documents} documents in ${Math.round((performance.now() - started) / 1000)} s`);
      }
      if (batch.length) await flush();
      await Promise.all(inFlight);
      loaded = performance.now();
    });
  await sql`vacuum analyze search_documents`.execute(db);
  const indexSeconds = (performance.now() - started) / 1000;
  const sizes = (
    await sql<{ total: number; table: number; indexes: number; text_search_indexes: number }>`
      with segments as (select inhrelid as oid from pg_inherits where inhparent = 'search_documents'::regclass)
      select sum(pg_total_relation_size(c.oid))::bigint as total,
        sum(pg_relation_size(c.oid) + coalesce(pg_relation_size(c.reltoastrelid), 0))::bigint as table,
        sum(pg_indexes_size(c.oid))::bigint as indexes,
        (select sum(pg_relation_size(i.indexrelid)) from pg_index i join pg_class ic on ic.oid = i.indexrelid
          where i.indrelid in (select oid from segments) and (ic.relname like '%tsv%' or ic.relname like '%bigrams%'))::bigint as text_search_indexes
      from segments s join pg_class c on c.oid = s.oid`.execute(db)
  ).rows[0];

  const queries = JSON.parse(readFileSync(queriesFile, "utf8")) as BenchQuery[];
  const requestOf = (query: BenchQuery, snippets: boolean): SearchRequest => ({ q: query.q, filters: filtersOf(query), snippets, facets: options.facets, perPage: Number(options["per-page"]) });
  const passes = Number(options.passes);
  const clients = Number(options.clients);

  async function measure(snippets: boolean) {
    for (const query of queries) await backend.search(requestOf(query, snippets)); // warm-up
    const latencies: number[] = [];
    const byKind: Record<string, number[]> = {};
    let capped = 0;
    for (let pass = 0; pass < passes; pass++) {
      for (const query of queries) {
        const t = performance.now();
        const result = await backend.search(requestOf(query, snippets));
        const ms = performance.now() - t;
        latencies.push(ms);
        (byKind[query.kind] ??= []).push(ms);
        if (pass === 0 && result.totalIsLowerBound) capped++;
      }
    }
    latencies.sort((a, b) => a - b);
    const work = Array.from({ length: passes }, () => queries).flat();
    let next = 0;
    const t = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next < work.length) await backend.search(requestOf(work[next++], snippets));
      }),
    );
    const qps = work.length / ((performance.now() - t) / 1000);
    return {
      one_client_ms: { p50: round(percentile(latencies, 50)), p95: round(percentile(latencies, 95)), p99: round(percentile(latencies, 99)), mean: round(latencies.reduce((a, b) => a + b, 0) / latencies.length) },
      [`qps_${clients}_clients`]: Math.round(qps),
      p95_ms_by_kind: Object.fromEntries(Object.entries(byKind).map(([kind, values]) => [kind, round(percentile(values.sort((a, b) => a - b), 95))])),
      queries_over_candidate_cap: capped,
    };
  }

  /** The same queries sorted by date (newest first), with snippets: one client, one pass. */
  async function measureDateSort() {
    const latencies: number[] = [];
    for (const query of queries) await backend.search({ ...requestOf(query, true), sort: "date" }); // warm-up
    for (const query of queries) {
      const t = performance.now();
      await backend.search({ ...requestOf(query, true), sort: "date" });
      latencies.push(performance.now() - t);
    }
    latencies.sort((a, b) => a - b);
    return { one_client_ms: { p50: round(percentile(latencies, 50)), p95: round(percentile(latencies, 95)), p99: round(percentile(latencies, 99)) } };
  }

  const loadBefore = os.loadavg()[0];
  const withSnippets = await measure(true);
  const withoutSnippets = await measure(false);
  const dateSorted = await measureDateSort();
  const loadAfter = os.loadavg()[0];
  console.log(
    JSON.stringify(
      {
        documents,
        queries: queries.length,
        candidate_limit: backend.candidateLimit,
        per_page: Number(options["per-page"]),
        machine: { cpus: os.cpus().length, load_average_before: round(loadBefore), load_average_after: round(loadAfter) },
        samples_per_mode: queries.length * passes,
        facets: options.facets,
        index_seconds: round(indexSeconds),
        index_rows_seconds: round((loaded - started) / 1000),
        index_size_bytes: Number(sizes.total),
        index_size_mb: { total: round(Number(sizes.total) / 2 ** 20), table_and_toast: round(Number(sizes.table) / 2 ** 20), indexes: round(Number(sizes.indexes) / 2 ** 20), text_search_indexes: round(Number(sizes.text_search_indexes) / 2 ** 20) },
        with_snippets: withSnippets,
        without_snippets: withoutSnippets,
        sorted_by_date: dateSorted,
      },
      null,
      2,
    ),
  );
} finally {
  await db.destroy();
  await stopServer();
  if (tmp) await rm(tmp, { recursive: true, force: true });
}

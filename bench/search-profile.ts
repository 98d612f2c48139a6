/**
 * Where a search's time goes, on an index built by bench/search.ts (kept
 * with --data-dir): each query runs through the real search code
 * (PostgresSearchBackend.search, 20 hits, facets, with or without
 * snippets), its time split between its statements (as the database
 * client saw them) and the rest (the application: compiling the query,
 * checking words, cutting snippets, counting facets). The slowest queries'
 * main statement is then explained (EXPLAIN ANALYZE, generic plan, as it
 * runs).
 *
 *   npx tsx bench/search-profile.ts QUERIES.json --data-dir DIR [--runs 3] [--top 5] [--no-explain]
 *
 * Never part of npm test. Absolute times depend on the machine's load.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { Kysely, PostgresDialect } from "kysely";
import { createDb } from "../db/connect";
import { startEmbeddedPostgres } from "../db/embedded";
import type { Database } from "../db/schema";
import { PostgresSearchBackend } from "../search/postgres-backend";
import { defaultPerPage, type SearchFilters, type SearchRequest } from "../core/search";

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    "data-dir": { type: "string" },
    runs: { type: "string", default: "3" },
    top: { type: "string", default: "5" },
    explain: { type: "boolean", default: true },
  },
});
const [queriesFile] = positionals;
if (!queriesFile || !options["data-dir"]) {
  console.error("Usage: npx tsx bench/search-profile.ts QUERIES.json --data-dir DIR [--runs 3] [--top 5] [--no-explain]");
  process.exit(2);
}

type BenchQuery = { id: number | string; kind: string; lang: string; q: string; filter?: { authority_id?: number; created_from?: string; created_to?: string } };

function filtersOf(query: BenchQuery): SearchFilters {
  const filters: SearchFilters = {};
  if (query.filter?.authority_id !== undefined) filters.authorityId = query.filter.authority_id;
  if (query.filter?.created_from) filters.dateFrom = query.filter.created_from.slice(0, 10);
  if (query.filter?.created_to) filters.dateTo = query.filter.created_to.slice(0, 10);
  return filters;
}

type Statement = { sql: string; parameters: readonly unknown[]; ms: number };
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (n: number) => Math.round(n * 100) / 100;

const server = await startEmbeddedPostgres({ dir: path.join(options["data-dir"], "postgres") });
const { pool } = createDb(server.url, 4);
let recording: Statement[] = [];
const db = new Kysely<Database>({
  dialect: new PostgresDialect({ pool }),
  log: (event) => {
    if (event.level === "query") recording.push({ sql: event.query.sql, parameters: event.query.parameters, ms: event.queryDurationMillis });
  },
});
try {
  const backend = new PostgresSearchBackend(db);
  await backend.setup();
  const queries = JSON.parse(readFileSync(queriesFile, "utf8")) as BenchQuery[];
  const runs = Number(options.runs);
  const requestOf = (query: BenchQuery, snippets: boolean): SearchRequest => ({ q: query.q, filters: filtersOf(query), snippets, facets: true, perPage: defaultPerPage });

  type Profile = { query: BenchQuery; totalMs: number; databaseMs: number; statements: number; main: Statement };
  async function profile(snippets: boolean): Promise<Profile[]> {
    for (const query of queries) await backend.search(requestOf(query, snippets)); // warm-up
    const profiles: Profile[] = [];
    for (const query of queries) {
      const totals: number[] = [];
      const databases: number[] = [];
      let statements: Statement[] = [];
      for (let run = 0; run < runs; run++) {
        recording = [];
        const t = performance.now();
        await backend.search(requestOf(query, snippets));
        totals.push(performance.now() - t);
        databases.push(recording.reduce((sum, s) => sum + s.ms, 0));
        statements = recording;
      }
      const main = statements.reduce((a, b) => (b.ms > a.ms ? b : a));
      profiles.push({ query, totalMs: median(totals), databaseMs: median(databases), statements: statements.length, main });
    }
    return profiles;
  }

  function summary(profiles: Profile[]) {
    const total = profiles.reduce((sum, p) => sum + p.totalMs, 0);
    const database = profiles.reduce((sum, p) => sum + p.databaseMs, 0);
    const sorted = [...profiles].sort((a, b) => a.totalMs - b.totalMs);
    const p95 = sorted[Math.ceil(0.95 * sorted.length) - 1];
    return {
      median_of_runs_p50_ms: round(sorted[Math.floor(sorted.length / 2)].totalMs),
      median_of_runs_p95_ms: round(p95.totalMs),
      share_in_database: round(database / total),
      statements_per_search: round(profiles.reduce((sum, p) => sum + p.statements, 0) / profiles.length),
      slowest: sorted
        .slice(-Number(options.top))
        .reverse()
        .map((p) => ({ id: p.query.id, kind: p.query.kind, q: p.query.q, total_ms: round(p.totalMs), database_ms: round(p.databaseMs), statements: p.statements })),
    };
  }

  const withSnippets = await profile(true);
  const withoutSnippets = await profile(false);
  const result = { load_average: round((await import("node:os")).loadavg()[0]), with_snippets: summary(withSnippets), without_snippets: summary(withoutSnippets) };
  console.log(JSON.stringify(result, null, 2));

  if (options.explain) {
    const slowest = [...withSnippets].sort((a, b) => b.totalMs - a.totalMs).slice(0, Number(options.top));
    const client = await pool.connect();
    try {
      await client.query("set plan_cache_mode = force_generic_plan");
      for (const p of slowest) {
        const plan = await client.query<{ "QUERY PLAN": string }>(`explain (analyze, buffers) ${p.main.sql}`, p.main.parameters as unknown[]);
        console.log(`\n=== ${p.query.kind} ${JSON.stringify(p.query.q)} (${round(p.totalMs)} ms, main statement ${round(p.main.ms)} ms)`);
        console.log(plan.rows.map((r) => r["QUERY PLAN"]).join("\n"));
      }
    } finally {
      client.release();
    }
  }
} finally {
  await db.destroy();
  await server.stop();
}

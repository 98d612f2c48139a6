/**
 * Directory search latency: 200 typical queries (exact names in three
 * languages, typos, prefixes like "CPAS"/"OCMW"/"SPF"/"FOD", partial names,
 * with and without filters) through the real `searchDirectory` on the full
 * bundled directory, in a throwaway embedded PostgreSQL (or DATABASE_URL).
 * Prints one JSON object with p50/p95/p99/max in milliseconds.
 *
 *   npx tsx bench/directory-search.ts
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { loadBundledDirectory } from "../authorities/bundled";
import { searchDirectory } from "../authorities/directory";
import { importDirectory } from "../authorities/import";
import { openDatabase } from "../db/connect";
import { migrateToLatest } from "../db/migrate";

function typos(s: string, i: number): string {
  if (s.length < 5) return s;
  const k = 1 + (i % (s.length - 2));
  return i % 2 === 0 ? s.slice(0, k) + s.slice(k + 1) : s.slice(0, k) + s[k + 1] + s[k] + s.slice(k + 2);
}

function quantile(sorted: number[], q: number): number {
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[idx];
}

async function main() {
  const tmp = process.env.DATABASE_URL ? null : mkdtempSync(path.join(os.tmpdir(), "dossier-bench-"));
  const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: tmp ?? "./data" });
  try {
    await migrateToLatest(handle.db);
    const rows = loadBundledDirectory().map((r) => r.row);
    await importDirectory(handle.db, rows);

    const fixed = [
      "Sint-Jans-Molenbeek", "molenbek", "CPAS Liege", "SPF Finances", "FOD Financiën", "Liège", "Luik", "Gent", "OCMW Gent",
      "Bruxelles", "Brussel", "Anvers", "Antwerpen", "Schaerbeek", "schaarbeek", "Ixelles", "Elsene", "Eupen", "ÖSHZ Eupen",
      "Namur", "Charleroi", "Mons", "Bergen", "Leuven", "Louvain", "Brugge", "Bruges", "zone de police", "politiezone Gent",
      "Actiris", "ONEM", "RVA", "SNCB", "De Lijn", "VDAB", "Forem", "CADA", "Beroepsinstantie", "ombudsman", "Sciensano",
    ];
    const queries: Array<{ q: string; region?: string; kind?: string }> = fixed.map((q) => ({ q }));
    let i = 0;
    for (const r of rows) {
      if (queries.length >= 200) break;
      i += 1;
      if (i % 9 !== 0) continue;
      const name = r.name_fr ?? r.name_nl ?? r.name_de ?? r.slug;
      const variant = i % 4;
      const q = variant === 0 ? name : variant === 1 ? typos(name.toLowerCase(), i) : variant === 2 ? name.slice(0, Math.max(4, Math.floor(name.length / 2))) : (r.name_nl ?? name);
      queries.push(i % 5 === 0 ? { q, region: r.region } : i % 7 === 0 ? { q, kind: r.kind } : { q });
    }

    // Warm up (plan caches, buffers).
    for (const q of queries.slice(0, 20)) await searchDirectory(handle.db, { ...q, perPage: 25 });
    const times: number[] = [];
    const slowest: Array<{ q: string; ms: number; total: number }> = [];
    let empty = 0;
    for (const q of queries) {
      const t0 = performance.now();
      const page = await searchDirectory(handle.db, { ...q, perPage: 25 });
      const ms = performance.now() - t0;
      times.push(ms);
      slowest.push({ q: q.q, ms, total: page.total });
      if (page.total === 0) empty += 1;
    }
    if (process.env.BENCH_VERBOSE) {
      slowest.sort((a, b) => b.ms - a.ms);
      console.error(slowest.slice(0, 12));
    }
    times.sort((a, b) => a - b);
    const round = (n: number) => Math.round(n * 100) / 100;
    console.log(
      JSON.stringify({
        benchmark: "directory-search",
        authorities: rows.length,
        queries: times.length,
        queries_without_results: empty,
        p50_ms: round(quantile(times, 0.5)),
        p95_ms: round(quantile(times, 0.95)),
        p99_ms: round(quantile(times, 0.99)),
        max_ms: round(times[times.length - 1]),
      }),
    );
  } finally {
    await handle.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

await main();

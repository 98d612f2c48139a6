/**
 * Relevance bench: the judged queries of bench/relevance/queries.ts over
 * the replies of bench/relevance/corpus-*.ts (and thousands of newer filler
 * replies, bench/relevance/filler.ts), indexed through the project's real
 * code on a fresh embedded PostgreSQL and searched as the search page does.
 * Prints, per language and overall, nDCG@10 and recall@10 of the search as
 * configured, the same for an exhaustive ranking (every match ranked: no
 * candidate cap), and the overlap of the two top tens.
 *
 *   npx tsx bench/relevance.ts [--filler 3000] [--candidate-limit N] [--verbose]
 *
 * Never part of npm test.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createDb } from "../db/connect";
import { startEmbeddedPostgres } from "../db/embedded";
import { migrateToLatest } from "../db/migrate";
import { PostgresSearchBackend } from "../search/postgres-backend";
import type { SearchDocument } from "../core/search";
import { frenchDocuments } from "./relevance/corpus-fr";
import { dutchDocuments } from "./relevance/corpus-nl";
import { germanDocuments } from "./relevance/corpus-de";
import { fillerDocuments } from "./relevance/filler";
import { judgedQueries } from "./relevance/queries";
import type { JudgedDocument, JudgedQuery } from "./relevance/types";

const { values: options } = parseArgs({
  options: {
    filler: { type: "string", default: "3000" },
    "candidate-limit": { type: "string" },
    verbose: { type: "boolean", default: false },
  },
});

const depth = 10;
type Lang = "fr" | "nl" | "de";
const judged: Array<JudgedDocument & { lang: Lang }> = [
  ...frenchDocuments.map((d) => ({ ...d, lang: "fr" as const })),
  ...dutchDocuments.map((d) => ({ ...d, lang: "nl" as const })),
  ...germanDocuments.map((d) => ({ ...d, lang: "de" as const })),
];
const keys = new Set(judged.map((d) => d.key));
for (const query of judgedQueries) {
  for (const key of Object.keys(query.expected)) if (!keys.has(key)) throw new Error(`Query "${query.q}" expects unknown document ${key}`);
}
const all = [...judged, ...fillerDocuments(Number(options.filler))];

function toDocument(d: JudgedDocument & { lang: Lang }, n: number): SearchDocument {
  return {
    id: `request-${n + 1}`,
    type: "request",
    requestId: n + 1,
    messageId: null,
    attachmentId: null,
    requestSlug: d.key,
    title: d.title,
    subtitle: null,
    body: d.body,
    language: d.lang,
    authorityId: null,
    authoritySlug: null,
    authorityNames: { [d.lang]: d.authority },
    region: null,
    kind: null,
    regime: null,
    state: "successful",
    date: new Date(`${d.date}T10:00:00Z`),
    hasAttachments: false,
    fileType: null,
  };
}

/** nDCG@10 with gains 2^grade − 1. */
function ndcg(ranked: string[], expected: Record<string, number>): number {
  const dcg = (grades: number[]) => grades.slice(0, depth).reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
  const ideal = dcg(Object.values(expected).sort((a, b) => b - a));
  return ideal === 0 ? 0 : dcg(ranked.map((key) => expected[key] ?? 0)) / ideal;
}

function recall(ranked: string[], expected: Record<string, number>): number {
  const relevant = Object.keys(expected);
  return relevant.filter((key) => ranked.slice(0, depth).includes(key)).length / relevant.length;
}

function overlap(a: string[], b: string[]): number {
  if (b.length === 0) return a.length === 0 ? 1 : 0;
  return a.filter((key) => b.includes(key)).length / b.length;
}

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);
const round = (n: number) => Math.round(n * 1000) / 1000;

const dir = await mkdtemp(path.join(os.tmpdir(), "dossier-relevance-"));
const server = await startEmbeddedPostgres({ dir: path.join(dir, "postgres") });
const { db } = createDb(server.url, 4);
try {
  await migrateToLatest(db);
  const backend = new PostgresSearchBackend(db, options["candidate-limit"] ? { candidateLimit: Number(options["candidate-limit"]) } : {});
  const exhaustive = new PostgresSearchBackend(db, { candidateLimit: 10_000_000 });
  const documents = all.map(toDocument);
  const keyOf = new Map(documents.map((d) => [d.id, d.requestSlug]));
  for (let i = 0; i < documents.length; i += 1000) await backend.index(documents.slice(i, i + 1000));

  const rows: Array<{ query: JudgedQuery; ndcg: number; recall: number; exhaustiveNdcg: number; exhaustiveRecall: number; overlap: number; capped: boolean; top: string[]; full: string[] }> = [];
  for (const query of judgedQueries) {
    const request = { q: query.q, perPage: depth, snippets: false, facets: false };
    const result = await backend.search(request);
    const top = result.hits.map((h) => keyOf.get(h.id)!);
    const full = (await exhaustive.search(request)).hits.map((h) => keyOf.get(h.id)!);
    rows.push({
      query,
      ndcg: ndcg(top, query.expected),
      recall: recall(top, query.expected),
      exhaustiveNdcg: ndcg(full, query.expected),
      exhaustiveRecall: recall(full, query.expected),
      overlap: overlap(top, full),
      capped: result.totalIsLowerBound,
      top,
      full,
    });
  }
  const summary = (subset: typeof rows) => ({
    queries: subset.length,
    ndcg_at_10: round(mean(subset.map((r) => r.ndcg))),
    recall_at_10: round(mean(subset.map((r) => r.recall))),
    exhaustive_ndcg_at_10: round(mean(subset.map((r) => r.exhaustiveNdcg))),
    exhaustive_recall_at_10: round(mean(subset.map((r) => r.exhaustiveRecall))),
    top_10_overlap_with_exhaustive: round(mean(subset.map((r) => r.overlap))),
    queries_over_candidate_cap: subset.filter((r) => r.capped).length,
  });
  const report = {
    documents: documents.length,
    judged_documents: judged.length,
    candidate_limit: backend.candidateLimit,
    per_language: Object.fromEntries((["fr", "nl", "de"] as const).map((lang) => [lang, summary(rows.filter((r) => r.query.lang === lang))])),
    all: summary(rows),
    ...(options.verbose
      ? { queries: rows.map((r) => ({ q: r.query.q, ndcg: round(r.ndcg), recall: round(r.recall), overlap: round(r.overlap), capped: r.capped, exhaustive_ndcg: round(r.exhaustiveNdcg), top: r.top, exhaustive_top: r.full })) }
      : {}),
  };
  console.log(JSON.stringify(report, null, 2));
} finally {
  await db.destroy();
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}

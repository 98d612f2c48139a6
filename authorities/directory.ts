/**
 * Reading the directory: search by any name (accent-insensitive and
 * typo-tolerant), filters by region and kind, alphabetical browsing, one
 * authority with its parent and children. PostgreSQL's pg_trgm narrows the
 * candidates on the normalised `search_keys`; the shared scoring of
 * name-search.ts ranks them, so the web page, the JSON API and the benchmark
 * all go through `searchDirectory`.
 */
import { sql } from "kysely";
import type { Db } from "../db/connect";
import { InvalidInputError } from "../core/errors";
import { analyzeName, candidateTerms, compareHits, MIN_SCORE, scoreEntry, type SearchHit } from "./name-search";
import { splitSearchKeys } from "./names";
import { KINDS, REGIONS, type Kind, type Region } from "./vocabulary";

export interface AuthoritySummary {
  slug: string;
  name_fr: string | null;
  name_nl: string | null;
  name_de: string | null;
  name_en: string | null;
  kind: Kind;
  level: string;
  region: Region | null;
  regime: string;
  languages: string[];
  has_email: boolean;
  active: boolean;
}

export interface DirectoryQuery {
  q?: string | null;
  region?: string | null;
  kind?: string | null;
  /** One letter a–z, or "#" for names starting with a digit. */
  letter?: string | null;
  page?: number;
  perPage?: number;
  includeInactive?: boolean;
}

export interface DirectoryPage {
  items: AuthoritySummary[];
  total: number;
  page: number;
  perPage: number;
  pages: number;
  /** The query as understood (filters that were not valid are dropped). */
  query: { q: string; region: Region | null; kind: Kind | null; letter: string | null };
}

export const MAX_PER_PAGE = 100;
const CANDIDATES = 400;
/** Without a hit this good from the exact words, also look for typos. */
const STRONG_MATCH = 0.95;
/** pg_trgm word-similarity threshold for candidates; the ranking decides the rest. */
const TRGM_THRESHOLD = 0.3;

export function parseRegion(v: string | null | undefined): Region | null {
  return v && (REGIONS as readonly string[]).includes(v) ? (v as Region) : null;
}
export function parseKind(v: string | null | undefined): Kind | null {
  return v && (KINDS as readonly string[]).includes(v) ? (v as Kind) : null;
}
export function parseLetter(v: string | null | undefined): string | null {
  if (!v) return null;
  const l = v.trim().toLowerCase();
  return /^[a-z#]$/.test(l) ? l : null;
}

const summaryColumns = [
  "slug",
  "name_fr",
  "name_nl",
  "name_de",
  "name_en",
  "kind",
  "level",
  "region",
  "regime",
  "languages",
  "active",
  "search_keys",
  "sort_name",
] as const;

type SummaryRecord = {
  slug: string;
  name_fr: string | null;
  name_nl: string | null;
  name_de: string | null;
  name_en: string | null;
  kind: string;
  level: string;
  region: string | null;
  regime: string;
  languages: string[];
  active: boolean;
  search_keys: string;
  sort_name: string;
  has_email: boolean;
};

function toSummary(r: SummaryRecord): AuthoritySummary {
  return {
    slug: r.slug,
    name_fr: r.name_fr,
    name_nl: r.name_nl,
    name_de: r.name_de,
    name_en: r.name_en,
    kind: r.kind as Kind,
    level: r.level,
    region: r.region as Region | null,
    regime: r.regime,
    languages: r.languages,
    has_email: r.has_email,
    active: r.active,
  };
}

/** Past this a page number is refused (400), not turned into an offset the database cannot hold. */
export const MAX_DIRECTORY_PAGE = 10_000;

export async function searchDirectory(db: Db, input: DirectoryQuery): Promise<DirectoryPage> {
  const q = (input.q ?? "").trim().slice(0, 200);
  const region = parseRegion(input.region);
  const kind = parseKind(input.kind);
  const letter = q ? null : parseLetter(input.letter);
  const perPage = Math.min(MAX_PER_PAGE, Math.max(1, Math.floor(input.perPage ?? 25)));
  const page = Math.max(1, Math.floor(input.page ?? 1));
  if (!(page <= MAX_DIRECTORY_PAGE)) throw new InvalidInputError(`page must be a whole number from 1 to ${MAX_DIRECTORY_PAGE}`, "invalid_page");
  const query = { q, region, kind, letter };

  const analyzed = analyzeName(q);
  const base = () => {
    let b = db
      .selectFrom("authorities")
      .select([...summaryColumns, sql<boolean>`email is not null`.as("has_email")]);
    if (!input.includeInactive) b = b.where("active", "=", true);
    if (region) b = b.where("region", "=", region);
    if (kind) b = b.where("kind", "=", kind);
    return b;
  };

  // Browsing: no query, a query that is only a generic word ("CPAS"), or one
  // too short to search by similarity ("CPAS de C" lists CPAS under C).
  const terms = candidateTerms(analyzed.core);
  if (!analyzed.normalized || terms.length < 3) {
    let b = base();
    if (analyzed.kindHints.length > 0 && !kind) b = b.where("kind", "in", analyzed.kindHints);
    if (letter === "#") b = b.where(sql<boolean>`sort_name ~ '^[0-9]'`);
    else if (letter) b = b.where("sort_name", "like", `${letter}%`);
    else if (analyzed.core) b = b.where("sort_name", "like", `${analyzed.core.replace(/[%_\\]/g, "\\$&")}%`);
    const counted = await b
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const total = Number(counted.n);
    const rows = (await b
      .orderBy("sort_name")
      .orderBy("slug")
      .limit(perPage)
      .offset((page - 1) * perPage)
      .execute()) as SummaryRecord[];
    return { items: rows.map(toSummary), total, page, perPage, pages: Math.max(1, Math.ceil(total / perPage)), query };
  }

  type Entry = SummaryRecord & { keys: string[]; sortName: string; kind: Kind };
  const hits: Array<SearchHit<Entry>> = [];
  const seen = new Set<string>();
  const rank = (rows: SummaryRecord[]) => {
    for (const c of rows) {
      if (seen.has(c.slug)) continue;
      seen.add(c.slug);
      const entry: Entry = { ...c, kind: c.kind as Kind, keys: splitSearchKeys(c.search_keys), sortName: c.sort_name };
      const score = scoreEntry(analyzed, entry);
      if (score >= MIN_SCORE) hits.push({ entry, score });
    }
  };
  // Stage 1, cheap: every word of the query appears in a name (trigram
  // index, plain LIKE recheck). Names spelt right end here.
  const words = terms.split(" ").filter((w) => w.length >= 3);
  const escape = (w: string) => w.replace(/[%_\\]/g, "\\$&");
  let exact = base();
  for (const w of words.length > 0 ? words : [terms]) exact = exact.where("search_keys", "like", `%${escape(w)}%`);
  rank((await exact.limit(CANDIDATES).execute()) as SummaryRecord[]);

  // Stage 2, for typos: pg_trgm word similarity on the normalised names.
  if (!hits.some((h) => h.score >= STRONG_MATCH)) {
    const fuzzy = (await db.transaction().execute(async (trx) => {
      await sql`select set_config('pg_trgm.word_similarity_threshold', ${String(TRGM_THRESHOLD)}, true)`.execute(trx);
      // The planner prices word_similarity() as cheap and prefers a sequential
      // scan of a small table; computing it for every row costs tens of
      // milliseconds, the trigram index one. Local to this transaction.
      await sql`select set_config('enable_seqscan', 'off', true)`.execute(trx);
      let b = trx
        .selectFrom("authorities")
        .select([...summaryColumns, sql<boolean>`email is not null`.as("has_email")])
        .where(sql<boolean>`${terms} <% search_keys`);
      if (!input.includeInactive) b = b.where("active", "=", true);
      if (region) b = b.where("region", "=", region);
      if (kind) b = b.where("kind", "=", kind);
      // No ORDER BY word_similarity(): it would compute the similarity a
      // second time for every candidate; the application ranks them anyway.
      return b.limit(CANDIDATES).execute();
    })) as SummaryRecord[];
    rank(fuzzy);
  }

  hits.sort(compareHits);
  const total = hits.length;
  const items = hits.slice((page - 1) * perPage, page * perPage).map((h) => toSummary(h.entry));
  return { items, total, page, perPage, pages: Math.max(1, Math.ceil(total / perPage)), query };
}

export async function getAuthorityBySlug(db: Db, slug: string) {
  return db.selectFrom("authorities").selectAll().where("slug", "=", slug).executeTakeFirst();
}

export async function getChildren(db: Db, slug: string): Promise<AuthoritySummary[]> {
  const rows = (await db
    .selectFrom("authorities")
    .select([...summaryColumns, sql<boolean>`email is not null`.as("has_email")])
    .where("parent_slug", "=", slug)
    .where("active", "=", true)
    .orderBy("sort_name")
    .execute()) as SummaryRecord[];
  return rows.map(toSummary);
}

/**
 * The authority a merged one now lives on: `merged_into_id` followed to the
 * end of the chain (A merged into B, B later into C → C), never looping.
 */
export async function getSuccessor(db: Db, authority: { id: number; merged_into_id: number | null }): Promise<AuthoritySummary | null> {
  const seen = new Set([authority.id]);
  let nextId = authority.merged_into_id;
  let last: { slug: string } | undefined;
  while (nextId !== null && !seen.has(nextId)) {
    seen.add(nextId);
    const row = await db.selectFrom("authorities").select(["slug", "merged_into_id"]).where("id", "=", nextId).executeTakeFirst();
    if (!row) break;
    last = row;
    nextId = row.merged_into_id;
  }
  return last ? getSummary(db, last.slug) : null;
}

export async function getSummary(db: Db, slug: string): Promise<AuthoritySummary | null> {
  const r = (await db
    .selectFrom("authorities")
    .select([...summaryColumns, sql<boolean>`email is not null`.as("has_email")])
    .where("slug", "=", slug)
    .executeTakeFirst()) as SummaryRecord | undefined;
  return r ? toSummary(r) : null;
}

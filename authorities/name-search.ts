/**
 * Finding an authority by any of its names, accent-insensitive and
 * typo-tolerant. The normalisation here is shared: the database stores the
 * normalised names computed by `searchKeysFor` (so PostgreSQL needs no
 * unaccent dictionary and cannot disagree with this code), narrows candidates
 * with pg_trgm, and ranks them with `scoreEntry` below. The in-memory
 * `searchEntries` uses the same scoring and serves tests and small lists.
 *
 * "Sint-Jans-Molenbeek", "molenbek", "CPAS Liege", "SPF Finances" and
 * "FOD Financiën" all find what a person means.
 */
import type { Kind } from "./vocabulary";
import { foldForMatch } from "../core/text";

/** Lowercase, strip accents, turn apostrophes, hyphens and punctuation into spaces. */
export function normalizeName(input: string): string {
  return foldForMatch(input)
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .replace(/\s+/g, " ");
}

/**
 * Generic words that name the kind of body rather than the body. Leading ones
 * are stripped before comparing, and remembered as a hint about the kind the
 * person wants ("CPAS Liège" prefers the CPAS to the commune).
 */
const GENERIC_PREFIXES: Array<{ words: string[]; kinds: Kind[] }> = [
  { words: ["centre", "public", "d", "action", "sociale"], kinds: ["cpas"] },
  { words: ["openbaar", "centrum", "voor", "maatschappelijk", "welzijn"], kinds: ["cpas"] },
  { words: ["zone", "de", "police"], kinds: ["police_zone"] },
  { words: ["zone", "de", "secours"], kinds: ["emergency_zone"] },
  { words: ["police", "zone"], kinds: ["police_zone"] },
  { words: ["emergency", "zone"], kinds: ["emergency_zone"] },
  { words: ["service", "public", "federal"], kinds: ["federal_service"] },
  { words: ["federale", "overheidsdienst"], kinds: ["federal_service"] },
  { words: ["federal", "public", "service"], kinds: ["federal_service"] },
  { words: ["city", "of"], kinds: ["commune"] },
  { words: ["municipality", "of"], kinds: ["commune"] },
  { words: ["province", "of"], kinds: ["province"] },
  { words: ["cpas"], kinds: ["cpas"] },
  { words: ["ocmw"], kinds: ["cpas"] },
  { words: ["oshz"], kinds: ["cpas"] },
  { words: ["commune"], kinds: ["commune"] },
  { words: ["ville"], kinds: ["commune"] },
  { words: ["gemeente"], kinds: ["commune"] },
  { words: ["stad"], kinds: ["commune"] },
  { words: ["gemeinde"], kinds: ["commune"] },
  { words: ["stadt"], kinds: ["commune"] },
  { words: ["province"], kinds: ["province"] },
  { words: ["provincie"], kinds: ["province"] },
  { words: ["provinz"], kinds: ["province"] },
  { words: ["politiezone"], kinds: ["police_zone"] },
  { words: ["police"], kinds: ["police_zone"] },
  { words: ["politie"], kinds: ["police_zone"] },
  { words: ["polizei"], kinds: ["police_zone"] },
  { words: ["brandweer"], kinds: ["emergency_zone"] },
  { words: ["pompiers"], kinds: ["emergency_zone"] },
  { words: ["polizeizone"], kinds: ["police_zone"] },
  { words: ["pz"], kinds: ["police_zone"] },
  { words: ["zp"], kinds: ["police_zone"] },
  { words: ["hulpverleningszone"], kinds: ["emergency_zone"] },
  { words: ["hilfeleistungszone"], kinds: ["emergency_zone"] },
  { words: ["hvz"], kinds: ["emergency_zone"] },
  { words: ["spf"], kinds: ["federal_service"] },
  { words: ["fod"], kinds: ["federal_service"] },
  { words: ["fps"], kinds: ["federal_service"] },
  { words: ["spp"], kinds: ["federal_service"] },
  { words: ["pod"], kinds: ["federal_service"] },
  { words: ["pps"], kinds: ["federal_service"] },
];

/** Connectors dropped once right after a generic prefix ("CPAS de Liège"). */
const CONNECTORS = new Set(["de", "du", "des", "d", "van", "von", "der", "of", "la"]);

export interface AnalyzedName {
  /** Full normalised text. */
  normalized: string;
  /** Normalised text without leading generic words. */
  core: string;
  /** Kinds suggested by the generic words that were stripped. */
  kindHints: Kind[];
}

export function analyzeName(input: string): AnalyzedName {
  const normalized = normalizeName(input);
  let tokens = normalized === "" ? [] : normalized.split(" ");
  const kindHints: Kind[] = [];
  let stripped = true;
  while (stripped && tokens.length > 0) {
    stripped = false;
    for (const p of GENERIC_PREFIXES) {
      if (p.words.length <= tokens.length && p.words.every((w, i) => tokens[i] === w)) {
        tokens = tokens.slice(p.words.length);
        for (const k of p.kinds) if (!kindHints.includes(k)) kindHints.push(k);
        // "la" only when it is the article of "de la": "CPAS de La Louvière" keeps "la".
        if (tokens.length > 1 && CONNECTORS.has(tokens[0]) && tokens[0] !== "la") tokens = tokens.slice(1);
        // "CPAS de" (still typing): nothing but connectors is no name.
        if (tokens.every((t) => CONNECTORS.has(t))) tokens = [];
        stripped = true;
        break;
      }
    }
  }
  return { normalized, core: tokens.join(" "), kindHints };
}

/**
 * The words worth looking up in an index: connectors ("de", "van") and
 * one-letter words match nearly every name and only slow the search down.
 */
export function candidateTerms(core: string): string {
  return core
    .split(" ")
    .filter((t) => t.length >= 2 && !CONNECTORS.has(t))
    .join(" ");
}

/** The normalised cores of every name of an authority, deduplicated. */
export function searchKeysFor(names: Array<string | null | undefined>): string[] {
  const out: string[] = [];
  for (const n of names) {
    if (!n) continue;
    const a = analyzeName(n);
    for (const k of [a.core, a.normalized]) if (k && !out.includes(k)) out.push(k);
    // Names with a parenthesised acronym also answer to the acronym alone and
    // to the name without it: "Office national de l'emploi (ONEM)".
    const paren = /\(([^)]+)\)/.exec(n);
    if (paren) {
      for (const extra of [paren[1], n.replace(/\([^)]*\)/g, " ")]) {
        const k = analyzeName(extra).core;
        if (k && !out.includes(k)) out.push(k);
      }
    }
  }
  return out;
}

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent swaps). */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prevPrevRow = new Int32Array(b.length + 1);
  let prev = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const cur = new Int32Array(b.length + 1);
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prevPrevRow[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prevPrevRow = prev;
    prev = cur;
  }
  return prev[b.length];
}

/** Trigrams of a text, padded per word the way pg_trgm does. */
export function trigrams(text: string): Set<string> {
  const set = new Set<string>();
  for (const w of text.split(" ")) {
    if (!w) continue;
    const p = `  ${w} `;
    for (let i = 0; i + 3 <= p.length; i++) set.add(p.slice(i, i + 3));
  }
  return set;
}

// Names recur across queries; their trigram sets are worth keeping.
const trigramCache = new Map<string, Set<string>>();
function cachedTrigrams(text: string): Set<string> {
  let set = trigramCache.get(text);
  if (!set) {
    if (trigramCache.size > 20_000) trigramCache.clear();
    set = trigrams(text);
    trigramCache.set(text, set);
  }
  return set;
}

export function trigramSimilarity(a: string, b: string): number {
  const ta = cachedTrigrams(a);
  const tb = cachedTrigrams(b);
  if (ta.size === 0 || tb.size === 0) return 0;
  let common = 0;
  for (const t of ta) if (tb.has(t)) common += 1;
  return common / (ta.size + tb.size - common);
}

function allowedTypos(length: number): number {
  if (length <= 3) return 0;
  if (length <= 6) return 1;
  return 2;
}

function tokenScore(q: string, n: string): number {
  if (q === n) return 1;
  if (q.length >= 2 && n.startsWith(q)) return 0.92 - Math.min(0.2, (n.length - q.length) * 0.01);
  const allowed = allowedTypos(q.length);
  if (allowed > 0) {
    const d = editDistance(q, n, allowed);
    if (d <= allowed) return 0.9 - 0.08 * d;
    // A typo in a prefix: "molenbek" against "molenbeekse".
    if (n.length > q.length) {
      const dp = editDistance(q, n.slice(0, q.length), allowed);
      if (dp <= allowed) return 0.8 - 0.08 * dp;
    }
  }
  return 0;
}

/** Similarity of a query core with one normalised name (0..1). */
export function scoreKey(queryCore: string, key: string): number {
  if (!queryCore || !key) return 0;
  if (queryCore === key) return 1;
  // The name begins with the query: better the more of the name it covers.
  const cover = queryCore.length / key.length;
  if (key.startsWith(queryCore + " ")) return 0.9 + 0.08 * cover;
  if (key.startsWith(queryCore) && queryCore.length >= 3) return 0.86 + 0.1 * cover;
  const qTokens = queryCore.split(" ");
  const kTokens = key.split(" ");
  let total = 0;
  let matched = 0;
  for (const q of qTokens) {
    let best = 0;
    for (const k of kTokens) {
      const s = tokenScore(q, k);
      if (s > best) best = s;
      if (best === 1) break;
    }
    // Very short extra words ("de", "la") should not sink a good match.
    if (best === 0 && q.length <= 2) best = 0.5;
    if (best > 0) matched += 1;
    total += best;
  }
  const tokenPart = total / qTokens.length;
  const coverage = Math.min(1, matched / kTokens.length);
  const fuzzy = tokenPart * (0.85 + 0.15 * coverage);
  // Whole-string trigram similarity catches typos that split or join words;
  // it can only win below 0.85, so skip it when the token match is better.
  if (fuzzy >= 0.85) return fuzzy;
  const tri = trigramSimilarity(queryCore.replace(/ /g, ""), key.replace(/ /g, "")) * 0.85;
  return Math.max(fuzzy, tri);
}

export interface SearchEntry {
  slug: string;
  kind: Kind;
  /** Display name used for alphabetical ties. */
  sortName: string;
  /** From `searchKeysFor`. */
  keys: string[];
}

export const MIN_SCORE = 0.6;

/** Score an authority against an analysed query; kind hints add a bonus. */
export function scoreEntry(query: AnalyzedName, entry: Pick<SearchEntry, "kind" | "keys">): number {
  const core = query.core || query.normalized;
  let best = 0;
  for (const key of entry.keys) {
    const s = scoreKey(core, key);
    if (s > best) best = s;
    if (best === 1) break;
  }
  if (best > 0 && query.kindHints.length > 0) {
    best += query.kindHints.includes(entry.kind) ? 0.15 : -0.05;
  }
  return best;
}

/**
 * Tie-break between equally good matches: "Liège" means the commune before
 * its province, CPAS or police zone.
 */
const KIND_PRIORITY: Partial<Record<Kind, number>> = {
  commune: 0,
  province: 1,
  cpas: 2,
  police_zone: 3,
  emergency_zone: 4,
};
export function kindPriority(kind: Kind): number {
  return KIND_PRIORITY[kind] ?? 5;
}

export interface SearchHit<T> {
  entry: T;
  score: number;
}

export function compareHits<T extends Pick<SearchEntry, "kind" | "sortName">>(a: SearchHit<T>, b: SearchHit<T>): number {
  const d = b.score - a.score;
  if (Math.abs(d) > 1e-9) return d;
  return kindPriority(a.entry.kind) - kindPriority(b.entry.kind) || a.entry.sortName.localeCompare(b.entry.sortName, "fr");
}

/** Rank entries for a query; used in memory and to re-rank database candidates. */
export function rankEntries<T extends Pick<SearchEntry, "kind" | "keys" | "sortName">>(
  entries: readonly T[],
  queryText: string,
  opts: { limit?: number; minScore?: number } = {},
): Array<SearchHit<T>> {
  const query = analyzeName(queryText);
  const limit = opts.limit ?? 20;
  const min = opts.minScore ?? MIN_SCORE;
  if (!query.normalized) return [];
  // A query that is only a generic word ("CPAS") lists that kind.
  if (!query.core && query.kindHints.length > 0) {
    return entries
      .filter((e) => query.kindHints.includes(e.kind))
      .sort((a, b) => a.sortName.localeCompare(b.sortName, "fr"))
      .slice(0, limit)
      .map((entry) => ({ entry, score: 1 }));
  }
  const hits: Array<SearchHit<T>> = [];
  for (const entry of entries) {
    const score = scoreEntry(query, entry);
    if (score >= min) hits.push({ entry, score });
  }
  hits.sort(compareHits);
  return hits.slice(0, limit);
}

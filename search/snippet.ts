import type { SnippetPart } from "../core/search";
import { foldForMatch } from "../core/text";

/**
 * Highlighted snippets, made in the application for the page of results
 * only. PostgreSQL's ts_headline re-parses the whole document on every call
 * (milliseconds on a long attachment); here one regular expression finds
 * the words that start with one of the query's stems (the lexemes the
 * search itself used — the Snowball stemmers of French, Dutch and German
 * only cut endings), accents and case ignored. A stem's prefix is not a
 * match ('acces' starts "accepte"): the search backend checks each such
 * word's own lexemes against the query's (`WordFilter`), and only those
 * are marked, in the passage that holds the most of them.
 */
const scanLimit = 300_000;
const before = 80;
const windowLength = 280;

const letterVariants: Record<string, string> = {
  a: "aàáâãäå",
  c: "cç",
  e: "eèéêë",
  i: "iìíîï",
  n: "nñ",
  o: "oòóôõöø",
  u: "uùúûü",
  y: "yýÿ",
};

export function normalizeWord(word: string): string {
  return foldForMatch(word);
}

/** A pattern matching `stem` whatever its accents and case. */
function accentFree(stem: string): string {
  let out = "";
  for (let i = 0; i < stem.length; i++) {
    const pair = stem.slice(i, i + 2);
    if (pair === "ss" || pair === "ae" || pair === "oe") {
      out += `(?:${pair}|${pair === "ss" ? "ß" : pair === "ae" ? "æ" : "œ"})`;
      i++;
      continue;
    }
    const ch = stem[i];
    out += letterVariants[ch] ? `[${letterVariants[ch]}]` : ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return out;
}

/** Compiled patterns by their words: a page of results shares one, and so do repeated searches. */
const patterns = new Map<string, RegExp | null>();
const patternCacheSize = 500;

export function snippetPattern(needles: string[], within = false): RegExp | null {
  const key = `${within ? "within" : "start"}\u0000${needles.join("\u0000")}`;
  let pattern = patterns.get(key);
  if (pattern === undefined) {
    pattern = compilePattern(needles, within);
    if (patterns.size >= patternCacheSize) patterns.delete(patterns.keys().next().value!);
    patterns.set(key, pattern);
  }
  return pattern;
}

/**
 * Letters and digits of the Latin scripts French, Dutch and German are
 * written in, spelled out: a regular expression with Unicode property
 * classes and case folding costs V8 milliseconds to compile, and every
 * search compiles its own.
 */
const wordChar = "a-z0-9\\u00DF-\\u00F6\\u00F8-\\u024F";

/** With `within`, a stem this long also matches inside a word (a compound's part); shorter ones only start a word. */
const minCompoundPart = 4;

function compilePattern(needles: string[], within: boolean): RegExp | null {
  const stems = [...new Set(needles.map(normalizeWord).filter((n) => n.length > 0))].sort((a, b) => b.length - a.length);
  if (stems.length === 0) return null;
  const alternatives = stems.map((stem) =>
    within && stem.length >= minCompoundPart
      ? `[${wordChar}]*?${accentFree(stem)}[${wordChar}]*`
      : stem.length >= 3
        ? `${accentFree(stem)}[${wordChar}]*`
        : `${accentFree(stem)}(?![${wordChar}])`,
  );
  return new RegExp(`(?<![${wordChar}])(?:${alternatives.join("|")})`, "g");
}

/**
 * The text is searched in lower case (the pattern has no case folding);
 * positions stay those of the text, whose lower case has the same length
 * in these scripts (when it does not, the text is searched as it is).
 */
function lowerCased(text: string): string {
  const lower = text.toLowerCase();
  return lower.length === text.length ? lower : text;
}

/** At most this many occurrences are weighed to choose the passage. */
const maxOccurrences = 400;

/** Which surface words (lower case) a snippet may mark; by default every word the pattern finds. */
export type WordFilter = (word: string) => boolean;

/**
 * The distinct words (lower case) of `text` that start with one of the
 * needles (with `within`, that hold one: a Dutch or German compound is
 * found by its parts): the words a search may have matched, to be checked
 * against the lexemes it did match (`WordFilter`) before any is marked.
 */
export function candidateWords(text: string, needles: string[], limit = 200, within = false): string[] {
  const pattern = snippetPattern(needles, within);
  if (!pattern) return [];
  const body = lowerCased(text.length > scanLimit ? text.slice(0, scanLimit) : text);
  const words = new Set<string>();
  pattern.lastIndex = 0;
  for (const match of body.matchAll(pattern)) {
    words.add(match[0]);
    if (words.size >= limit) break;
  }
  return [...words];
}

/**
 * The passage of `text` that holds the most distinct matching words (then
 * the most matches, then the earliest), cut on spaces and with exactly
 * those words marked. A text without any matching word gives its start,
 * unmarked.
 */
export function makeSnippet(text: string, needles: string[], keep: WordFilter = () => true, within = false): SnippetPart[] {
  return makePassage(text, needles, keep, within).parts;
}

/**
 * The snippet and, for a text of pages (an attachment's text, pages
 * separated by form feeds: mail/extract PAGE_BREAK), the page (1-based) its
 * passage is on; null for a text without pages.
 */
export function makePassage(text: string, needles: string[], keep: WordFilter = () => true, within = false): { parts: SnippetPart[]; page: number | null } {
  const pattern = snippetPattern(needles, within);
  const body = text.length > scanLimit ? text.slice(0, scanLimit) : text;
  const occurrences: Array<{ index: number; word: string }> = [];
  if (pattern) {
    pattern.lastIndex = 0;
    for (const match of lowerCased(body).matchAll(pattern)) {
      if (!keep(match[0])) continue;
      occurrences.push({ index: match.index!, word: match[0] });
      if (occurrences.length >= maxOccurrences) break;
    }
  }
  const first = bestAnchor(occurrences);
  let start = first < 0 ? 0 : Math.max(0, first - before);
  if (start > 0) {
    const space = body.indexOf(" ", start);
    if (space >= 0 && space < first) start = space + 1;
  }
  let end = Math.min(body.length, start + windowLength);
  if (end < body.length) {
    const space = body.lastIndexOf(" ", end);
    if (space > Math.max(start, first)) end = space;
  }
  const window = body.slice(start, end).replace(/\s+/g, " ");
  const parts: SnippetPart[] = [];
  const push = (value: string, hit: boolean) => {
    if (!value) return;
    const last = parts[parts.length - 1];
    if (last && last.hit === hit) last.text += value;
    else parts.push({ text: value, hit });
  };
  if (start > 0) push("… ", false);
  let cursor = 0;
  if (pattern) {
    pattern.lastIndex = 0; // matchAll starts where the search above stopped otherwise
    for (const match of lowerCased(window).matchAll(pattern)) {
      if (!keep(match[0])) continue;
      push(window.slice(cursor, match.index!), false);
      push(window.slice(match.index!, match.index! + match[0].length), true);
      cursor = match.index! + match[0].length;
    }
  }
  push(window.slice(cursor), false);
  if (end < text.length) push(" …", false);
  return { parts, page: pageAt(body, Math.max(0, first)) };
}

/** Page breaks in extracted text (a form feed between pages). */
const PAGE_BREAK = "\f";

/** The page (1-based) of `index` in a text of form-feed-separated pages; null when the text has no page break. */
export function pageAt(text: string, index: number): number | null {
  if (!text.includes(PAGE_BREAK)) return null;
  let page = 1;
  for (let i = text.indexOf(PAGE_BREAK); i !== -1 && i < index; i = text.indexOf(PAGE_BREAK, i + 1)) page++;
  return page;
}

/**
 * Where the passage is anchored: the occurrence whose window (from it to
 * `windowLength - before` characters on) holds the most distinct words,
 * then the most occurrences; -1 when there is none.
 */
function bestAnchor(occurrences: Array<{ index: number; word: string }>): number {
  let best = -1;
  let bestDistinct = 0;
  let bestCount = 0;
  const reach = windowLength - before;
  for (let i = 0; i < occurrences.length; i++) {
    const words = new Set<string>();
    let count = 0;
    for (let j = i; j < occurrences.length && occurrences[j].index - occurrences[i].index < reach; j++) {
      words.add(occurrences[j].word);
      count++;
    }
    if (words.size > bestDistinct || (words.size === bestDistinct && count > bestCount)) {
      [best, bestDistinct, bestCount] = [occurrences[i].index, words.size, count];
    }
  }
  return best;
}

/**
 * Lexemes of a tsquery's text form: `'vergunn':* & 'aanvrag'` → vergunn,
 * aanvrag; an exact form ('=steele', migration 0441) as its word.
 */
export function lexemesOf(tsquery: string): string[] {
  return queryLexemes(tsquery).map((l) => (l.lexeme.startsWith("=") ? l.lexeme.slice(1) : l.lexeme));
}

/**
 * A positive lexeme of a query: a prefix (`:*`) or not; `guard`, the exact
 * form a word must also have for this lexeme to count. A word that is no
 * word of the document's language is compiled as its exact form and then
 * its stem ('=steele' & 'stel', search/postgres-backend.ts): the stem alone
 * would mark "stellen".
 */
export type QueryLexeme = { lexeme: string; prefix: boolean; guard?: string };

/** The positive lexemes of a tsquery's text form. */
export function queryLexemes(tsquery: string): QueryLexeme[] {
  const lexemes: QueryLexeme[] = [];
  let previous: { exact: string; end: number } | null = null;
  for (const m of tsquery.matchAll(/(!?)'((?:[^']|'')+)'(:[*A-D]+)?/g)) {
    const lexeme = m[2].replace(/''/g, "'");
    const guarded = previous && tsquery.slice(previous.end, m.index) === " & " ? previous.exact : undefined;
    previous = lexeme.startsWith("=") && m[1] !== "!" ? { exact: lexeme, end: m.index + m[0].length } : null;
    if (m[1] === "!") continue;
    lexemes.push({ lexeme, prefix: (m[3] ?? "").includes("*"), ...(guarded ? { guard: guarded } : {}) });
  }
  return lexemes;
}

/** The lexemes of a tsvector's text form: `'acces':4 'enregistr':1,2` → acces, enregistr. */
export function vectorLexemes(tsvector: string): string[] {
  return [...tsvector.matchAll(/'((?:[^']|'')+)'/g)].map((m) => m[1].replace(/''/g, "'"));
}

/**
 * Whether a word whose lexemes are `lexemes` is one the query matched: it
 * shares one of the query's lexemes, or starts one of its prefixes.
 */
export function matchesQuery(lexemes: string[], query: QueryLexeme[]): boolean {
  return lexemes.some((l) => query.some((q) => (q.prefix ? l.startsWith(q.lexeme) : l === q.lexeme) && (!q.guard || lexemes.includes(q.guard))));
}

/** Snippet parts as text with the hits wrapped in `open`/`close` (for feeds and the CLI). */
export function snippetText(parts: SnippetPart[] | null, open = "", close = ""): string {
  return (parts ?? []).map((p) => (p.hit ? open + p.text + close : p.text)).join("");
}

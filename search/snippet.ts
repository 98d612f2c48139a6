import type { SnippetPart } from "../core/search";
import { foldForMatch } from "../core/text";

/**
 * Highlighted snippets, made in the application for the page of results
 * only. PostgreSQL's ts_headline re-parses the whole document on every call
 * (milliseconds on a long attachment); here one regular expression finds
 * the first word that starts with one of the query's stems (the lexemes the
 * search itself used — the Snowball stemmers of French, Dutch and German
 * only cut endings), accents and case ignored, and only a window around it
 * is cut and marked.
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

export function snippetPattern(needles: string[]): RegExp | null {
  const key = needles.join("\u0000");
  let pattern = patterns.get(key);
  if (pattern === undefined) {
    pattern = compilePattern(needles);
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

function compilePattern(needles: string[]): RegExp | null {
  const stems = [...new Set(needles.map(normalizeWord).filter((n) => n.length > 0))].sort((a, b) => b.length - a.length);
  if (stems.length === 0) return null;
  const alternatives = stems.map((stem) => (stem.length >= 3 ? `${accentFree(stem)}[${wordChar}]*` : `${accentFree(stem)}(?![${wordChar}])`));
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

export function makeSnippet(text: string, needles: string[]): SnippetPart[] {
  const pattern = snippetPattern(needles);
  const body = text.length > scanLimit ? text.slice(0, scanLimit) : text;
  let first = -1;
  if (pattern) {
    pattern.lastIndex = 0;
    const found = pattern.exec(lowerCased(body));
    if (found) first = found.index;
  }
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
      push(window.slice(cursor, match.index!), false);
      push(window.slice(match.index!, match.index! + match[0].length), true);
      cursor = match.index! + match[0].length;
    }
  }
  push(window.slice(cursor), false);
  if (end < text.length) push(" …", false);
  return parts;
}

/** Lexemes of a tsquery's text form: `'vergunn':* & 'aanvrag'` → vergunn, aanvrag. */
export function lexemesOf(tsquery: string): string[] {
  return [...tsquery.matchAll(/(!?)'((?:[^']|'')+)'/g)].filter((m) => m[1] !== "!").map((m) => m[2].replace(/''/g, "'"));
}

/** Snippet parts as text with the hits wrapped in `open`/`close` (for feeds and the CLI). */
export function snippetText(parts: SnippetPart[] | null, open = "", close = ""): string {
  return (parts ?? []).map((p) => (p.hit ? open + p.text + close : p.text)).join("");
}

import type { SnippetPart } from "./types";

/**
 * Highlighted snippets, made in the application for the page of results
 * only. PostgreSQL's ts_headline re-parses the whole document on every call
 * (tens of milliseconds on a long attachment); here the text is scanned
 * word by word up to the first match, and only a window around it is cut
 * and marked. A word matches when its accent-free, lower-case form starts
 * with one of the query's stems (the lexemes the search itself used) — the
 * Snowball stemmers of French, Dutch and German only cut endings.
 */
const scanLimit = 300_000;
const before = 80;
const windowLength = 280;

export function normalizeWord(word: string): string {
  return word
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/æ/g, "ae")
    .replace(/œ/g, "oe");
}

export function makeSnippet(text: string, needles: string[]): SnippetPart[] {
  const stems = [...new Set(needles.map(normalizeWord).filter((n) => n.length > 0))];
  const isHit = (word: string) => {
    const normal = normalizeWord(word);
    return stems.some((stem) => (stem.length >= 3 ? normal.startsWith(stem) : normal === stem));
  };
  const body = text.length > scanLimit ? text.slice(0, scanLimit) : text;
  const words = /[\p{L}\p{N}]+/gu;
  let first = -1;
  for (const match of body.matchAll(words)) {
    if (isHit(match[0])) {
      first = match.index!;
      break;
    }
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
  for (const match of window.matchAll(words)) {
    if (!isHit(match[0])) continue;
    push(window.slice(cursor, match.index!), false);
    push(match[0], true);
    cursor = match.index! + match[0].length;
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

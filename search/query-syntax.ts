import { SearchQueryError } from "../core/search";

/**
 * The query syntax journalists know from web search engines: words (all
 * must match), "quoted phrases", prefix* words, OR between alternatives,
 * and -minus to exclude a word or a phrase. Parsed once, then turned into
 * each backend's own language.
 */
export type QueryTerm = { kind: "word" | "phrase" | "prefix"; text: string; negated: boolean };
/** Alternatives (OR) of conjunctions (AND). */
export type ParsedQuery = QueryTerm[][];

const maxQueryLength = 500;
const maxTerms = 32;

export function parseQuery(input: string): ParsedQuery {
  const text = input.normalize("NFC").slice(0, maxQueryLength);
  const groups: ParsedQuery = [[]];
  const token = /(-?)"([^"]*)"?|(\S+)/g;
  let count = 0;
  for (const match of text.matchAll(token)) {
    if (++count > maxTerms) throw new SearchQueryError(`A query may have at most ${maxTerms} terms.`);
    const [, minus, phrase, bare] = match;
    if (phrase !== undefined) {
      const words = cleanWords(phrase);
      if (words) groups[groups.length - 1].push({ kind: words.includes(" ") ? "phrase" : "word", text: words, negated: minus === "-" });
      continue;
    }
    if (bare === "OR" || bare === "|") {
      if (groups[groups.length - 1].length > 0) groups.push([]);
      continue;
    }
    const negated = bare.startsWith("-") && bare.length > 1;
    const raw = negated ? bare.slice(1) : bare;
    const prefix = /\*+$/.test(raw);
    const words = cleanWords(raw.replace(/\*+$/, ""));
    if (!words) continue;
    // "e-mail" or "aujourd'hui" hold several words: treat them as a phrase.
    if (words.includes(" ")) groups[groups.length - 1].push({ kind: "phrase", text: words, negated });
    else groups[groups.length - 1].push({ kind: prefix && words.length >= 2 ? "prefix" : "word", text: words, negated });
  }
  const kept = groups.filter((group) => group.some((term) => !term.negated));
  return kept;
}

/**
 * French elisions: "l'accès", "d’accès", "qu'il" — the article or pronoun
 * (a stop word) is dropped, with either apostrophe, so the word is a word
 * and not a two-word phrase.
 */
const elision = /(?<![\p{L}\p{N}])(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)['’](?=\p{L})/giu;

/** Letters and digits only: everything else separates words. */
function cleanWords(text: string): string {
  return text
    .replace(elision, " ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .toLowerCase();
}

/** Every positive word of the query, for highlighting. */
export function positiveWords(query: ParsedQuery): Array<{ text: string; prefix: boolean }> {
  const words: Array<{ text: string; prefix: boolean }> = [];
  for (const group of query) {
    for (const term of group) {
      if (term.negated) continue;
      for (const word of term.text.split(" ")) words.push({ text: word, prefix: term.kind === "prefix" });
    }
  }
  return words;
}

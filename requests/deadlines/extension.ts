import { foldAccents, isCombiningMark } from "../../core/text";

/**
 * Spotting an announced extension in an authority's reply, in French, Dutch,
 * German or English. Only a suggestion: the citizen confirms it, because a
 * reply may mention a "prolongation" of something else entirely.
 */

export interface ExtensionSuggestion {
  suggested: boolean;
  /** The phrases found, as written in the reply, for the citizen to check. */
  phrases: string[];
}

// Each pattern matches an announcement of a longer deadline. Accents and
// case are normalised away before matching.
const PATTERNS: RegExp[] = [
  // French
  /\bprolong(?:ation|er|e|ee|eons|ons|eront|erons)\b[^.]{0,60}\bdelai\b/,
  /\bdelai\b[^.]{0,40}\bprolonge(?:e|s)?\b/,
  /\bprolongation\b/,
  /\bajourn(?:ement|er|ons|e)\b/,
  /\breport(?:er|ons|e)?\b[^.]{0,20}\bdelai\b/,
  /\bquinze jours supplementaires\b|\b15 jours supplementaires\b|\bdelai supplementaire\b/,
  // Dutch
  /\bverlenging\b/,
  /\btermijn\b[^.]{0,40}\bverleng(?:d|en|t)\b/,
  /\bverleng(?:en|t|d)\b[^.]{0,40}\btermijn\b/,
  /\buitstel\b/,
  /\b(?:20|twintig) (?:bijkomende|extra) dagen\b/,
  // German
  /\bverlangerung\b|\bfristverlangerung\b/,
  /\bfrist\b[^.]{0,40}\bverlanger(?:t|n)\b/,
  /\bverlanger(?:n|t)\b[^.]{0,40}\bfrist\b/,
  /\baufschub\b/,
  // English
  /\bextension\b[^.]{0,40}\b(?:deadline|time limit|period)\b/,
  /\bextend(?:ed|ing)?\b[^.]{0,40}\b(?:deadline|time limit|period)\b/,
];

function fold(text: string): string {
  return foldAccents(text).toLowerCase();
}

export function detectExtension(text: string): ExtensionSuggestion {
  const folded = fold(text);
  const stripped = text.normalize("NFD");
  const phrases: string[] = [];
  for (const pattern of PATTERNS) {
    const m = pattern.exec(folded);
    if (!m) continue;
    // Quote the reply's own words: map the folded match back by counting base characters.
    const phrase = sliceOriginal(stripped, m.index, m.index + m[0].length).normalize("NFC").trim();
    if (!phrases.some((p) => p.includes(phrase) || phrase.includes(p))) phrases.push(phrase);
  }
  return { suggested: phrases.length > 0, phrases };
}

/** The substring of an NFD text whose folded form spans [start, end). */
function sliceOriginal(nfd: string, start: number, end: number): string {
  let base = 0;
  let from = -1;
  let to = nfd.length;
  for (let i = 0; i < nfd.length; i++) {
    const isMark = isCombiningMark(nfd[i]!);
    if (isMark) continue;
    if (base === start && from < 0) from = i;
    if (base === end) {
      to = i;
      break;
    }
    base++;
  }
  return nfd.slice(from < 0 ? 0 : from, to);
}

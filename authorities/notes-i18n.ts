import type { Locale } from "../core/i18n/locales";
import translations from "./data/notes-translations.json";

/**
 * Editorial notes (the directory's `notes` column) in the reader's language.
 *
 * The notes are written in English and are mostly templates, so they are
 * translated sentence by sentence: a sentence is looked up as an exact match
 * in data/notes-translations.json, else matched against a pattern whose
 * `{placeholders}` (URLs, dates, names) are carried over unchanged. A sentence
 * with neither stays in English and is marked as such (`translated: false`),
 * so the page can show it with `lang="en"` and a visible "(in English)" hint
 * — never silently. Results are cached per (note, language): a note is
 * translated once per process, not on every page view.
 */

export type NoteLanguage = Exclude<Locale, "en">;
type Translations = Record<NoteLanguage, string>;

interface NotesTranslationFile {
  sentences: Record<string, Translations>;
  patterns: Array<{ en: string } & Translations>;
}

export interface NoteSentence {
  text: string;
  /** False: the sentence is the English original (no translation known). */
  translated: boolean;
}

interface CompiledPattern {
  regex: RegExp;
  names: string[];
  targets: Translations;
}

const PLACEHOLDER = /\{(\w+)\}/g;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function compilePattern(pattern: { en: string } & Translations): CompiledPattern {
  const names: string[] = [];
  let source = "";
  let last = 0;
  for (const match of pattern.en.matchAll(PLACEHOLDER)) {
    source += escapeRegex(pattern.en.slice(last, match.index)) + "(.+?)";
    names.push(match[1]!);
    last = match.index! + match[0].length;
  }
  source += escapeRegex(pattern.en.slice(last));
  return { regex: new RegExp(`^${source}$`, "s"), names, targets: { fr: pattern.fr, nl: pattern.nl, de: pattern.de } };
}

const file = translations as NotesTranslationFile;
const exact = new Map(Object.entries(file.sentences));
const patterns = file.patterns.map(compilePattern);

/** Split a note into sentences: after . ! or ? followed by space and a capital or "(". URLs stay whole. */
export function splitSentences(note: string): string[] {
  return note
    .trim()
    .split(/(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Þ(])/u)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

const englishMonths = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const months: Record<NoteLanguage, string[]> = {
  fr: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
  nl: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
  de: ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
};
const monthName = new RegExp(`(?<!\\p{L})(${englishMonths.join("|")})(?!\\p{L})`, "gu");

/** A `{date}` carried into a translation ("12 January 2021") gets the month's name in that language. */
function localMonths(date: string, language: NoteLanguage): string {
  return date.replace(monthName, (month) => months[language][englishMonths.indexOf(month)]!);
}

/** One sentence in `language`, or null when no translation is known. */
export function translateSentence(sentence: string, language: NoteLanguage): string | null {
  const known = exact.get(sentence);
  if (known) return known[language];
  for (const pattern of patterns) {
    const match = pattern.regex.exec(sentence);
    if (!match) continue;
    const values = new Map(pattern.names.map((name, i) => [name, name === "date" ? localMonths(match[i + 1]!, language) : match[i + 1]!]));
    return pattern.targets[language].replace(PLACEHOLDER, (whole, name: string) => values.get(name) ?? whole);
  }
  return null;
}

const cache = new Map<string, NoteSentence[]>();
const CACHE_LIMIT = 5000;

/** A note as sentences in the reader's language; English readers get the original. */
export function translateNote(note: string, locale: Locale): NoteSentence[] {
  if (locale === "en") return splitSentences(note).map((text) => ({ text, translated: true }));
  const key = `${locale}\u0000${note}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const result = splitSentences(note).map((sentence) => {
    const text = translateSentence(sentence, locale);
    return text === null ? { text: sentence, translated: false } : { text, translated: true };
  });
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, result);
  return result;
}

export interface NotesCoverage {
  language: NoteLanguage;
  sentences: number;
  sentencesTranslated: number;
  notes: number;
  notesFullyTranslated: number;
}

/** How much of a set of notes translates: distinct sentences and whole notes, per language. */
export function notesCoverage(notes: readonly string[], language: NoteLanguage): NotesCoverage {
  const distinct = new Set<string>();
  let fully = 0;
  const nonEmpty = notes.filter((n) => n.trim() !== "");
  for (const note of nonEmpty) {
    const sentences = splitSentences(note);
    sentences.forEach((s) => distinct.add(s));
    if (sentences.every((s) => translateSentence(s, language) !== null)) fully++;
  }
  let translated = 0;
  for (const s of distinct) if (translateSentence(s, language) !== null) translated++;
  return {
    language,
    sentences: distinct.size,
    sentencesTranslated: translated,
    notes: nonEmpty.length,
    notesFullyTranslated: fully,
  };
}

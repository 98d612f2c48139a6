import type { Settings } from "meilisearch";

/**
 * How Meilisearch is told to read French, Dutch and German as the
 * PostgreSQL backend does (docs/decisions/401-search-relevance.md).
 * Meilisearch has no per-document language stemming: its settings are one
 * list for the whole index, so they hold only what is safe in all three
 * languages.
 *
 * - Stop words: French elided articles and pronouns ("l'accès" is "accès")
 *   and French and German function words. Dutch function words are not
 *   stop words ("hebben" alone must stay findable, as in PostgreSQL since
 *   migration 0440), except where a French or German one is spelt alike
 *   ("en").
 *   A word that is a stop word in one language and a real word in another
 *   ("die", "des", "war") is left out.
 * - Synonyms: the same Belgian institutions under their French, Dutch and
 *   German names and abbreviations, so a reader finds replies written in
 *   another language's terms.
 * - Typo tolerance: not on numbers (file numbers, years and amounts must
 *   match as written), one typo from 5 letters, two from 9.
 */
export const elidedParticles = ["l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu"];

const frenchStopWords = ["le", "la", "les", "un", "une", "du", "au", "aux", "et", "ou", "en", "dans", "sur", "pour", "par", "avec", "ce", "cette", "ces", "que", "qui", "se", "sa", "son", "ses", "leur", "leurs", "ne", "pas", "il", "elle", "nous", "vous", "ils", "elles", "est", "sont"];
const germanStopWords = ["der", "das", "dem", "den", "ein", "eine", "einer", "eines", "einem", "einen", "und", "oder", "zu", "zum", "zur", "im", "auf", "mit", "von", "vom", "für", "ist", "sind", "sich", "nicht"];

/** Groups of names of one institution or thing; each name finds the others. */
export const synonymGroups: string[][] = [
  ["cpas", "ocmw", "öshz"],
  ["commune", "gemeente", "gemeinde"],
  ["zone de police", "politiezone", "polizeizone"],
  ["conseil communal", "gemeenteraad", "gemeinderat"],
  ["procès-verbal", "pv", "proces-verbaal"],
  ["budget", "begroting", "haushalt"],
  ["permis d'urbanisme", "omgevingsvergunning", "bouwvergunning", "städtebauliche genehmigung"],
  ["bourgmestre", "burgemeester", "bürgermeister"],
  ["échevin", "schepen", "schöffe"],
];

export function synonyms(groups: string[][] = synonymGroups): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const group of groups) for (const name of group) out[name] = group.filter((other) => other !== name);
  return out;
}

export const relevanceSettings: Settings = {
  stopWords: [...new Set([...elidedParticles, ...frenchStopWords, ...germanStopWords])],
  synonyms: synonyms(),
  typoTolerance: { enabled: true, disableOnNumbers: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
};

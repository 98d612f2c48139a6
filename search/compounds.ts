import { sql } from "kysely";
import type { Db } from "../db/connect";
import type { SearchDocument } from "../core/search";
import { compoundSplitter } from "./lexicon";

/**
 * Fills `search_compound_parts` (migration 0441) with the compounds of
 * Dutch and German documents about to be indexed: search_vector reads it to
 * index each compound's parts at its positions ("omgevingsvergunning" is
 * found by "vergunning"). Each word is split once per site: the words
 * already in the table (split or not: no parts) are skipped, and so are
 * those this process has seen.
 */
const compoundConfigs = { nl: "nl_unaccent", de: "de_unaccent" } as const;
type CompoundLanguage = keyof typeof compoundConfigs;

/** Words shorter than this are never compounds worth splitting (search/lexicon.ts). */
const minCompound = 8;
const seen = new Set<string>();
const seenSize = 200_000;

function remember(key: string): void {
  if (seen.size >= seenSize) seen.delete(seen.values().next().value!);
  seen.add(key);
}

/** The distinct lower-case words of 8 letters or more in a document's texts, as PostgreSQL's parser cuts them. */
export function longWords(texts: string[]): string[] {
  const words = new Set<string>();
  for (const text of texts) for (const [word] of text.matchAll(/\p{L}{8,}/gu)) words.add(word.toLowerCase());
  return [...words];
}

export async function storeCompoundParts(db: Db, documents: SearchDocument[], maxChars: number): Promise<void> {
  for (const language of Object.keys(compoundConfigs) as CompoundLanguage[]) {
    const config = compoundConfigs[language];
    const texts = documents
      .filter((d) => d.language === language)
      .flatMap((d) => [d.title, d.subtitle ?? "", d.body.slice(0, maxChars), ...Object.values(d.authorityNames)]);
    const words = longWords(texts).filter((w) => w.length >= minCompound && !seen.has(`${config} ${w}`));
    if (words.length === 0) continue;
    const stored = await sql<{ word: string }>`
      select word from search_compound_parts where config = ${config} and word = any(${words}::text[])`.execute(db);
    const known = new Set(stored.rows.map((r) => r.word));
    const fresh = words.filter((w) => !known.has(w));
    for (const word of known) remember(`${config} ${word}`);
    if (fresh.length === 0) continue;
    const split = await compoundSplitter(language);
    const rows = fresh.map((word) => ({ word, parts: split(word) }));
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000);
      await sql`
        insert into search_compound_parts (config, word, parts)
        select ${config}, w, coalesce(nullif(p, ''), '{}')::text[]
        from unnest(${chunk.map((r) => r.word)}::text[], ${chunk.map((r) => `{${r.parts.join(",")}}`)}::text[]) as t(w, p)
        on conflict do nothing`.execute(db);
    }
    for (const { word } of rows) remember(`${config} ${word}`);
  }
}

import { sql } from "kysely";
import type { Db } from "../db/connect";
import type { SearchDocument } from "../core/search";
import { wordChecker, type LexiconLanguage } from "./lexicon";

/**
 * Fills `search_words` (migration 0442) with the words of documents about
 * to be indexed, each with whether the dictionary of the document's
 * language knows it: search_vector indexes a word's exact form ('=steele')
 * only where it does not, the only documents a query can ask for it
 * (search/postgres-backend.ts, `foreignWords`). The words are cut and
 * folded by PostgreSQL itself (the `simple_unaccent` lexemes that
 * search_exact_forms reads), and each is checked once per site: the
 * words already stored are left out by the same statement.
 */
const wordConfigs: Record<LexiconLanguage, string> = { fr: "fr_unaccent", nl: "nl_unaccent", de: "de_unaccent" };

/** Rows written per statement. */
const insertChunk = 5000;

export async function storeWordChecks(db: Db, documents: SearchDocument[], maxChars: number): Promise<void> {
  for (const language of Object.keys(wordConfigs) as LexiconLanguage[]) {
    const config = wordConfigs[language];
    const texts = documents
      .filter((d) => d.language === language)
      .flatMap((d) => [d.title, d.subtitle ?? "", d.body.slice(0, maxChars), ...Object.values(d.authorityNames)])
      .filter((text) => text.length > 0);
    if (texts.length === 0) continue;
    const fresh = await sql<{ word: string }>`
      select distinct t.lexeme as word
      from unnest(${texts}::text[]) x(text), unnest(to_tsvector('simple_unaccent', x.text)) t
      where not exists (select 1 from search_words w where w.config = ${config} and w.word = t.lexeme)`.execute(db);
    if (fresh.rows.length === 0) continue;
    const isWord = await wordChecker(language);
    const words = fresh.rows.map((r) => r.word);
    for (let i = 0; i < words.length; i += insertChunk) {
      const chunk = words.slice(i, i + insertChunk);
      await sql`
        insert into search_words (config, word, known)
        select ${config}, w, k from unnest(${chunk}::text[], ${chunk.map(isWord)}::boolean[]) as t(w, k)
        on conflict do nothing`.execute(db);
    }
  }
}

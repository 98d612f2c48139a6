import { describe, expect, it } from "vitest";
import { MeilisearchBackend } from "../../search/meilisearch-backend";
import { relevanceSettings } from "../../search/meilisearch-settings";
import { backendBehaviour, doc } from "./backend-suite";

const url = process.env.MEILISEARCH_URL;
if (!url) console.warn("Skipping the Meilisearch backend tests: MEILISEARCH_URL is not set (the server cannot run here).");

describe.skipIf(!url)("Meilisearch search backend", () => {
  backendBehaviour(async () => new MeilisearchBackend({ url: url!, key: process.env.MEILISEARCH_KEY, indexName: `dossier_test_${process.pid}` }));
});

describe("Meilisearch relevance settings", () => {
  it("drop French elisions and function words but keep Dutch words findable; name institutions across languages; never fuzz numbers", () => {
    const stop = relevanceSettings.stopWords!;
    for (const word of ["l", "d", "qu", "les", "der", "und"]) expect(stop).toContain(word);
    for (const word of ["hebben", "zijn", "die", "war", "des"]) expect(stop).not.toContain(word);
    expect(relevanceSettings.synonyms!["ocmw"]).toEqual(["cpas", "öshz"]);
    expect(relevanceSettings.synonyms!["polizeizone"]).toContain("zone de police");
    expect(relevanceSettings.typoTolerance).toMatchObject({ disableOnNumbers: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } });
  });

  it.skipIf(!url)("are applied by setup, and 'l'accès' finds 'accès'", async () => {
    const backend = new MeilisearchBackend({ url: url!, key: process.env.MEILISEARCH_KEY, indexName: `dossier_relevance_${process.pid}` });
    await backend.setup();
    await backend.clear();
    await backend.index([doc(1, { body: "La demande d'accès est acceptée." }), doc(2, { language: "nl", body: "Bewoners hebben recht op een kaart." })]);
    expect((await backend.search({ q: "l’accès" })).hits.map((h) => h.id)).toEqual(["message-1"]);
    expect((await backend.search({ q: "hebben" })).hits.map((h) => h.id)).toEqual(["message-2"]);
  });
});

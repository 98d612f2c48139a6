import { describe, expect, it } from "vitest";
import { MeilisearchBackend, pageBreaksOf } from "../../search/meilisearch-backend";
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

describe("Meilisearch page numbers and recognised text", () => {
  it("keeps the page breaks as UTF-8 byte offsets (Meilisearch gives a match's position in bytes)", () => {
    expect(pageBreaksOf("no pages")).toEqual([]);
    // "É" and "é" are two bytes each: the break after "Été" is at byte 5, not character 3.
    expect(pageBreaksOf("Été\fabc\fd")).toEqual([5, 9]);
  });

  it.skipIf(!url)("gives an attachment hit its page, and says when that page's text was recognised automatically", async () => {
    const backend = new MeilisearchBackend({ url: url!, key: process.env.MEILISEARCH_KEY, indexName: `dossier_pages_${process.pid}` });
    await backend.setup();
    await backend.clear();
    const attachment = (id: number, body: string, ocrPages: number[]) =>
      doc(id, { id: `attachment-${id}`, type: "attachment", attachmentId: id, fileType: "pdf", hasAttachments: true, body, ocrPages });
    await backend.index([
      attachment(1, "Été communal, devis du carillon.\fRapport sur le beffroi de la place.", [2]),
      attachment(2, "Sommaire.\fEntretien de l'horloge communale.", []),
    ]);
    expect((await backend.search({ q: "beffroi" })).hits[0]).toMatchObject({ id: "attachment-1", page: 2, recognised: true });
    expect((await backend.search({ q: "carillon" })).hits[0]).toMatchObject({ id: "attachment-1", page: 1, recognised: false });
    expect((await backend.search({ q: "horloge" })).hits[0]).toMatchObject({ id: "attachment-2", page: 2, recognised: false });
  });
});

import { beforeAll, expect, it } from "vitest";
import type { SearchBackend, SearchDocument } from "../../core/search";

/**
 * The behaviour both backends must have, run against each of them
 * (test/search/postgres-backend.test.ts, test/search/meilisearch-backend.test.ts).
 */
export function doc(id: number, values: Partial<SearchDocument>): SearchDocument {
  return {
    id: `message-${id}`,
    type: "message",
    requestId: id,
    messageId: id,
    attachmentId: null,
    requestSlug: `request-${id}`,
    title: "Demande",
    subtitle: null,
    body: "",
    language: "fr",
    authorityId: 1,
    authoritySlug: "namur",
    authorityNames: { fr: "Ville de Namur", nl: "Stad Namen" },
    region: "wallonia",
    kind: "commune",
    regime: "wallonia",
    state: "successful",
    date: new Date("2025-01-15T12:00:00Z"),
    hasAttachments: false,
    fileType: null,
    ...values,
  };
}

export const corpus: SearchDocument[] = [
  doc(1, { title: "Permis d'urbanisme", body: "Voici le document demandé concernant le permis de bâtir de la rue Haute." }),
  doc(2, { title: "Budget communal", body: "Le budget de l'exercice 2024 et ses annexes.", date: new Date("2024-06-01T00:00:00Z") }),
  doc(3, {
    language: "nl",
    title: "Omgevingsvergunning",
    body: "In bijlage vindt u de vergunning voor het project aan de Kerkstraat.",
    authorityId: 2,
    authoritySlug: "gent",
    authorityNames: { nl: "Stad Gent", fr: "Ville de Gand" },
    region: "flanders",
    regime: "flanders",
  }),
  doc(4, {
    language: "de",
    title: "Baugenehmigung",
    body: "Anbei finden Sie die Genehmigungen für das Bauvorhaben in Eupen.",
    authorityId: 3,
    authoritySlug: "eupen",
    authorityNames: { de: "Stadt Eupen", fr: "Ville d'Eupen" },
    region: "wallonia",
    regime: "german_community",
    state: "partially_successful",
  }),
  doc(5, { title: "Marchés publics", body: "La réunion du collège a approuvé le marché de déneigement.", date: new Date("2023-02-01T00:00:00Z"), state: "refused" }),
  doc(6, {
    id: "attachment-60",
    type: "attachment",
    attachmentId: 60,
    requestId: 5,
    messageId: 5,
    requestSlug: "request-5",
    title: "Marchés publics",
    subtitle: "cahier-des-charges.pdf",
    body: "Cahier spécial des charges: le déneigement des voiries communales est confié au prestataire.",
    fileType: "pdf",
    hasAttachments: true,
    date: new Date("2023-02-01T00:00:00Z"),
    state: "refused",
  }),
];

export function backendBehaviour(makeBackend: () => Promise<SearchBackend>) {
  let backend: SearchBackend;
  beforeAll(async () => {
    backend = await makeBackend();
    await backend.setup();
    await backend.clear();
    await backend.index(corpus);
  });
  const ids = async (q: string, extra: Parameters<SearchBackend["search"]>[0] extends infer R ? Partial<R> : never = {}) =>
    (await backend.search({ q, ...extra })).hits.map((h) => h.id).sort();

  it("finds words through French, Dutch and German stemming", async () => {
    expect(await ids("documents")).toContain("message-1");
    expect(await ids("vergunningen")).toContain("message-3");
    expect(await ids("Genehmigung")).toContain("message-4");
  });

  it("ignores accents", async () => {
    expect(await ids("batir")).toContain("message-1");
    expect(await ids("deneigement")).toEqual(["attachment-60", "message-5"]);
    expect(await ids("réunion")).toEqual(await ids("reunion"));
  });

  it("matches quoted phrases and excludes -words", async () => {
    expect(await ids('"permis de bâtir"')).toEqual(["message-1"]);
    expect(await ids('"bâtir permis"')).toEqual([]);
    expect(await ids("déneigement -collège")).toEqual(["attachment-60"]);
  });

  it("filters, sorts by date and counts facets", async () => {
    const all = await backend.search({ q: "déneigement OR budget OR vergunning OR document", sort: "date" });
    expect(all.hits.map((h) => h.id)).toEqual(["message-3", "message-1", "message-2", "message-5", "attachment-60"].filter((id) => all.hits.some((h) => h.id === id)));
    const result = await backend.search({ q: "déneigement" });
    expect(result.total).toBe(2);
    expect(result.facets?.fileType).toEqual([{ value: "pdf", count: 1 }]);
    expect(result.facets?.year).toEqual([{ value: "2023", count: 2 }]);
    expect(result.facets?.state).toEqual([{ value: "refused", count: 2 }]);
    const filtered = await backend.search({ q: "déneigement", filters: { fileType: ["pdf"] } });
    expect(filtered.hits.map((h) => h.id)).toEqual(["attachment-60"]);
    expect(filtered.hits[0].url).toBe("/requests/5#attachment-60");
    expect((await backend.search({ q: "vergunning", filters: { authority: ["namur"] } })).total).toBe(0);
    expect((await backend.search({ q: "vergunning", filters: { region: ["flanders"] } })).total).toBe(1);
    expect((await backend.search({ q: "budget", filters: { year: [2024] } })).total).toBe(1);
    expect((await backend.search({ q: "budget", filters: { dateFrom: "2024-06-02" } })).total).toBe(0);
  });

  it("highlights the matching words in a snippet", async () => {
    const [hit] = (await backend.search({ q: "Kerkstraat" })).hits;
    expect(hit.snippet?.filter((p) => p.hit).map((p) => p.text)).toEqual(["Kerkstraat"]);
    expect(hit.snippet?.map((p) => p.text).join("")).toContain("project aan de Kerkstraat");
  });

  it("forgets deleted documents", async () => {
    await backend.index([doc(99, { body: "Un texte éphémère" })]);
    expect(await ids("éphémère")).toEqual(["message-99"]);
    await backend.deleteRequest(99);
    expect(await ids("éphémère")).toEqual([]);
  });
}

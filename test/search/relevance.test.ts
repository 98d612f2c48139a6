import { describe, expect, it } from "vitest";
import * as m0440 from "../../db/migrations/0440_search_stem_then_fold";
import * as m0441 from "../../db/migrations/0441_search_exact_forms_and_compounds";
import * as m0442 from "../../db/migrations/0442_search_exact_forms_of_unknown_words";
import { PostgresSearchBackend } from "../../search/postgres-backend";
import { parseQuery } from "../../search/query-syntax";
import { snippetText } from "../../search/snippet";
import { useTestDatabase } from "../support/database";
import { doc } from "./backend-suite";

describe("what the reader means (issue 22)", () => {
  const database = useTestDatabase();
  const ids = async (backend: PostgresSearchBackend, q: string) => (await backend.search({ q, perPage: 50 })).hits.map((h) => h.id).sort();

  it("stems before folding accents: 'enregistrées' meets 'enregistrer' and 'enregistrement', with or without accents", async () => {
    const backend = new PostgresSearchBackend(database.db);
    await backend.clear();
    await backend.index([
      doc(1, { body: "Les séances sont enregistrées depuis 2018." }),
      doc(2, { body: "Le collège a décidé d'enregistrer chaque séance." }),
      doc(3, { body: "Un enregistrement vidéo est disponible." }),
      doc(4, { body: "Le registre des permis est public." }),
      doc(5, { body: "La donnée utilisée est publique; le logiciel utilisé aussi." }),
    ]);
    expect(await ids(backend, "enregistrées")).toEqual(["message-1", "message-2", "message-3"]);
    expect(await ids(backend, "enregistrement")).toEqual(["message-1", "message-2", "message-3"]);
    // Typed without accents: the old order's forms are indexed too.
    expect(await ids(backend, "enregistrees")).toEqual(["message-1"]);
    expect(await ids(backend, "utilisée")).toEqual(["message-5"]);
    expect(await ids(backend, "utilise")).toEqual(["message-5"]);
  });

  it("handles French elisions with either apostrophe: 'l'accès' meets 'accès'", async () => {
    const backend = new PostgresSearchBackend(database.db);
    await backend.clear();
    await backend.index([
      doc(11, { body: "Votre demande d’accès est acceptée." }),
      doc(12, { body: "L'accès aux documents est un droit." }),
      doc(13, { body: "Le droit d'accéder aux accès publics." }),
      doc(14, { body: "Le collège accepte la demande." }),
    ]);
    expect(parseQuery("l’accès")).toEqual([[{ kind: "word", text: "accès", negated: false }]]);
    expect(parseQuery("qu'il aujourd'hui")[0].map((t) => [t.kind, t.text])).toEqual([["word", "il"], ["phrase", "aujourd hui"]]);
    for (const q of ["l'accès", "l’accès", "accès", "acces", "d'accès", "L’ACCÈS"]) {
      expect(await ids(backend, q), q).toEqual(["message-11", "message-12", "message-13"]);
    }
  });

  it("finds a Dutch stop word alone and a Dutch phrase made of stop words, as written", async () => {
    const backend = new PostgresSearchBackend(database.db);
    await backend.clear();
    await backend.index([
      doc(21, { language: "nl", body: "Bewoners hebben recht op een parkeerkaart." }),
      doc(22, { language: "nl", body: "Het recht op inzage werd erkend; wij hebben dat gemeld." }),
      doc(23, { language: "nl", body: "De gemeente heeft een kaart." }),
    ]);
    expect(await ids(backend, "hebben")).toEqual(["message-21", "message-22"]);
    expect(await ids(backend, '"hebben recht op"')).toEqual(["message-21"]);
    // With other words, stop words are dropped from the query as before.
    expect(await ids(backend, "hebben recht")).toEqual(["message-21", "message-22"]);
  });

  it("ranks an old document whose title holds the word above newer replies mentioning it, past the candidate cap", async () => {
    const backend = new PostgresSearchBackend(database.db, { candidateLimit: 5 });
    await backend.clear();
    await backend.index([
      doc(31, { id: "request-31", type: "request", title: "Budget communal 2019", body: "Le budget ordinaire et le budget extraordinaire.", date: new Date("2019-03-01T10:00:00Z") }),
      ...Array.from({ length: 12 }, (_, n) => doc(40 + n, { body: `Accusé de réception ${n}: votre demande sur le budget est transmise.`, date: new Date(`2025-0${1 + (n % 9)}-10T10:00:00Z`) })),
    ]);
    const result = await backend.search({ q: "budget", perPage: 3 });
    expect(result.totalIsLowerBound).toBe(true);
    expect(result.hits[0].id).toBe("request-31");
  });

  it("re-indexes an existing index in migration 0440", async () => {
    const backend = new PostgresSearchBackend(database.db);
    await backend.clear();
    await backend.index([doc(61, { body: "Les images enregistrées." })]);
    // Back to 0400's vectors (accents folded, then stemmed), as an existing index holds them.
    await m0442.down(database.db);
    await m0441.down(database.db);
    await m0440.down(database.db);
    const vector = async () => (await database.db.selectFrom("search_documents").select("tsv").where("id", "=", "message-61").executeTakeFirstOrThrow()).tsv;
    expect(await vector()).not.toContain("'enregistr'");
    expect(await vector()).not.toContain("'=images'");
    await m0440.up(database.db);
    expect(await vector()).toContain("'enregistr'");
    await m0441.up(database.db);
    // 0441 adds each word's exact form.
    expect(await vector()).toContain("'=enregistrees'");
    expect(await vector()).toContain("'=images'");
    // 0442 keeps the rows as they are (every exact form: they match as
    // before); indexed again, a row keeps only the unknown words' forms.
    await m0442.up(database.db);
    expect(await vector()).toContain("'=images'");
    expect(await ids(backend, "enregistrement")).toEqual(["message-61"]);
    expect(await ids(backend, "enregistrees")).toEqual(["message-61"]);
    await backend.index([doc(61, { body: "Les images enregistrées." })]);
    expect(await vector()).not.toContain("'=images'");
    expect(await vector()).toContain("'=enregistrees'");
    expect(await ids(backend, "enregistrees")).toEqual(["message-61"]);
  });

  it("indexes exact forms only for the words the document's dictionary does not know once folded", async () => {
    const backend = new PostgresSearchBackend(database.db);
    await backend.clear();
    await backend.index([
      doc(101, { body: "Le rapport de Steele sur l'accès aux images enregistrées, en 2024.", authorityNames: {} }),
      doc(102, { language: "de", body: "Der Bericht von Steele über die Prüfung der Straße.", authorityNames: {} }),
      doc(103, { language: "en", body: "The report by Steele.", authorityNames: {} }),
    ]);
    const vector = async (id: string) => (await database.db.selectFrom("search_documents").select("tsv").where("id", "=", id).executeTakeFirstOrThrow()).tsv;
    const exact = (tsv: string) => [...tsv.matchAll(/'=([^']+)'/g)].map((m) => m[1]).sort();
    // French knows "rapport", "images", "sur"… but not "acces", "enregistrees" (typed without accents) or "steele".
    expect(exact(await vector("message-101"))).toEqual(["acces", "enregistrees", "steele"]);
    // German knows "über" and "Prüfung" but not "uber" or "prufung"; "Straße" folds to "strasse", which it does not know either.
    expect(exact(await vector("message-102"))).toEqual(["prufung", "steele", "strasse", "uber"]);
    // No query asks a document in no dictionary's language for an exact form.
    expect(exact(await vector("message-103"))).toEqual([]);
    const stored = await database.db.selectFrom("search_words").select(["word", "known"]).where("config", "=", "fr_unaccent").where("word", "in", ["rapport", "steele", "acces", "2024"]).orderBy("word").execute();
    expect(stored).toEqual([
      { word: "2024", known: true },
      { word: "acces", known: false },
      { word: "rapport", known: true },
      { word: "steele", known: false },
    ]);
    // Each is still found: a known word by its stem, the others as written.
    for (const [q, expected] of [
      ["rapport", ["message-101"]],
      ["acces", ["message-101"]],
      ["accès", ["message-101"]],
      ["Steele", ["message-101", "message-102", "message-103"]],
      ["prufung", ["message-102"]],
      ["Prüfung", ["message-102"]],
      ["Strasse", ["message-102"]],
      ["2024", ["message-101"]],
    ] as const) {
      expect(await ids(backend, q), q).toEqual(expected);
    }
  });

  it("marks in a snippet only the words that matched, in the passage that holds them", async () => {
    const backend = new PostgresSearchBackend(database.db);
    await backend.clear();
    const filler = "Le service a examiné la question avec attention et rend compte ici de ses travaux. ".repeat(6);
    await backend.index([doc(71, { body: `La permission du collège est requise. ${filler}Le permis d'urbanisme est délivré; les permis suivants aussi.` })]);
    const [hit] = (await backend.search({ q: "permis" })).hits;
    const text = snippetText(hit.snippet, "[", "]");
    // "permission" starts with the stem 'permis' but is not what matched ('permiss').
    expect(text).not.toContain("[permission]");
    expect(text).toContain("[permis] d'urbanisme");
    expect(text).toContain("les [permis] suivants");
    const marked = hit.snippet!.filter((p) => p.hit).map((p) => p.text.toLowerCase());
    expect(new Set(marked)).toEqual(new Set(["permis"]));
  });

  it("splits Dutch and German compounds with the dictionary: 'vergunning' finds 'omgevingsvergunning'", async () => {
    const backend = new PostgresSearchBackend(database.db);
    await backend.clear();
    await backend.index([
      doc(81, { language: "nl", body: "De omgevingsvergunning voor de loods werd verleend." }),
      doc(82, { language: "nl", body: "Een vergunning voor het terras is nodig." }),
      doc(83, { language: "nl", body: "De onkostenvergoedingen van de raadsleden." }),
      doc(84, { language: "nl", body: "De gunning van de opdracht volgt later." }),
      doc(85, { language: "de", body: "Der Haushaltsplan wurde angenommen." }),
      doc(86, { language: "nl", body: "De documenten zijn openbaar." }),
    ]);
    expect(await ids(backend, "vergunning")).toEqual(["message-81", "message-82"]);
    expect(await ids(backend, "vergunningen")).toEqual(["message-81", "message-82"]);
    expect(await ids(backend, "omgevingsvergunning")).toEqual(["message-81"]);
    expect(await ids(backend, "onkosten")).toEqual(["message-83"]);
    expect(await ids(backend, "vergoeding")).toEqual(["message-83"]);
    expect(await ids(backend, "Haushalt")).toEqual(["message-85"]);
    // No split into prefixes or endings: "ver|gunning", "docu|menten".
    expect(await ids(backend, "gunning")).toEqual(["message-84"]);
    expect(await ids(backend, "menten")).toEqual([]);
    // A compound's part does not make a phrase with the compound's neighbours' parts.
    expect(await ids(backend, '"vergunning voor"')).toEqual(["message-82"]);
    const parts = await database.db.selectFrom("search_compound_parts" as never).select(["word" as never, "parts" as never]).where("word" as never, "=", "omgevingsvergunning" as never).execute();
    expect(parts).toEqual([{ word: "omgevingsvergunning", parts: ["omgeving", "vergunning"] }]);
    // The compound found by its part is what the snippet marks; a word merely holding the letters is not.
    const marked = async (q: string, id: string) => {
      const hit = (await backend.search({ q, perPage: 10 })).hits.find((h) => h.id === id)!;
      return hit.snippet!.filter((p) => p.hit).map((p) => p.text.toLowerCase());
    };
    expect(await marked("vergunning", "message-81")).toEqual(["omgevingsvergunning"]);
    expect(await marked("vergunning", "message-82")).toEqual(["vergunning"]);
    expect(await marked("vergoeding", "message-83")).toEqual(["onkostenvergoedingen"]);
    expect(await marked("Haushalt", "message-85")).toEqual(["haushaltsplan"]);
    expect(await marked("gunning", "message-84")).toEqual(["gunning"]);
  });

  it("finds a name that is no word of a document's language as written there, not through that language's stem", async () => {
    const backend = new PostgresSearchBackend(database.db);
    await backend.clear();
    await backend.index([
      doc(91, { language: "nl", body: "Raadslid Steele vroeg de cijfers op." }),
      doc(92, { language: "nl", body: "Wij stellen voor de begroting aan te passen; de steel van de hamer brak." }),
      doc(93, { language: "de", body: "Ratsmitglied Steele fragte nach den Zahlen." }),
      doc(94, { language: "fr", body: "La conseillère Steele a posé la question." }),
      doc(95, { language: "nl", body: "Steele stelde voor de stellen te herzien." }),
    ]);
    // The Dutch stemmer makes "steele" 'stel', the stem of "stellen" and "steel".
    expect(await ids(backend, "steele")).toEqual(["message-91", "message-93", "message-94", "message-95"]);
    expect(await ids(backend, "Steele")).toEqual(["message-91", "message-93", "message-94", "message-95"]);
    // A Dutch word still meets its inflections in Dutch documents.
    expect(await ids(backend, "stellen")).toEqual(["message-92", "message-95"]);
    // "Steele" is marked, "stelde" and "stellen" (stem 'stel') are not.
    const all = (await backend.search({ q: "steele", perPage: 10 })).hits;
    const mixed = all.find((h) => h.id === "message-95")!;
    expect(mixed.snippet!.filter((p) => p.hit).map((p) => p.text)).toEqual(["Steele"]);
  });
});

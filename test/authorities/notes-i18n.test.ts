import { describe, expect, it } from "vitest";
import { loadBundledDirectory } from "../../authorities/bundled";
import { notesCoverage, splitSentences, translateNote, translateSentence } from "../../authorities/notes-i18n";
import translations from "../../authorities/data/notes-translations.json";

const notes = loadBundledDirectory()
  .map((r) => r.row.notes ?? "")
  .filter((n) => n !== "");

describe("editorial notes in the reader's language", () => {
  it("splits a note into sentences without cutting URLs", () => {
    expect(
      splitSentences("Existence and name checked against: https://www.vlaanderen.be/structuur-van-de-vlaamse-overheid. Website not checked."),
    ).toEqual(["Existence and name checked against: https://www.vlaanderen.be/structuur-van-de-vlaamse-overheid.", "Website not checked."]);
  });

  it("translates exact sentences and patterns, keeping URLs and dates as they are", () => {
    expect(translateSentence("Website not checked.", "nl")).toBe("Website niet gecontroleerd.");
    expect(translateSentence("Postal address from https://be.brussels/x?set_language=en (seen 2026-12-06).", "de")).toBe(
      "Postanschrift aus https://be.brussels/x?set_language=en (abgerufen am 2026-12-06).",
    );
    expect(translateSentence("Merged municipality (2025 merger) of the former NIS codes 44034, 44073.", "fr")).toBe(
      "Commune fusionnée (fusion de 2025) des anciens codes INS 44034, 44073.",
    );
  });

  it("marks a sentence it cannot translate instead of dropping it", () => {
    const result = translateNote("Supervises nothing in particular. Website not checked.", "fr");
    expect(result).toEqual([
      { text: "Supervises nothing in particular.", translated: false },
      { text: "Site web non vérifié.", translated: true },
    ]);
    expect(translateNote("Supervises nothing in particular.", "en")).toEqual([{ text: "Supervises nothing in particular.", translated: true }]);
  });

  it("has every entry of the data file in fr, nl and de, with the same placeholders", () => {
    for (const [en, t] of Object.entries(translations.sentences)) {
      for (const lang of ["fr", "nl", "de"] as const) expect(t[lang], `${lang}: ${en}`).toMatch(/\S/);
    }
    for (const p of translations.patterns) {
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const lang of ["fr", "nl", "de"] as const) expect(names(p[lang]), `${lang}: ${p.en}`).toEqual(names(p.en));
    }
  });

  it("covers every repeated sentence and most notes of the bundled directory in each language", () => {
    const counts = new Map<string, number>();
    for (const n of notes) for (const s of splitSentences(n)) counts.set(s, (counts.get(s) ?? 0) + 1);
    const repeated = [...counts].filter(([, c]) => c >= 2).map(([s]) => s);
    for (const lang of ["fr", "nl", "de"] as const) {
      const coverage = notesCoverage(notes, lang);
      // Printed so that the figure is on record with the test output.
      console.log(
        `notes coverage ${lang}: sentences ${coverage.sentencesTranslated}/${coverage.sentences}, ` +
          `notes fully translated ${coverage.notesFullyTranslated}/${coverage.notes} ` +
          `(${((100 * coverage.notesFullyTranslated) / coverage.notes).toFixed(1)} %)`,
      );
      expect(repeated.filter((s) => translateSentence(s, lang) === null)).toEqual([]);
      expect(coverage.notes).toBeGreaterThan(1000);
      expect(coverage.notesFullyTranslated / coverage.notes).toBeGreaterThanOrEqual(0.9);
    }
  });

  it("every sentence of every note in the bundled directory has a French, Dutch and German translation", () => {
    expect(notes.length).toBeGreaterThan(1000);
    const sentences = [...new Set(notes.flatMap((n) => splitSentences(n)))];
    const untranslated = sentences.flatMap((s) =>
      (["fr", "nl", "de"] as const).filter((lang) => translateSentence(s, lang) === null).map((lang) => `${lang}: ${s}`),
    );
    expect(untranslated).toEqual([]);
  });

  it("gives a carried-over date its month in the reader's language", () => {
    const sentence = "From the regional portal be.brussels (information updated 12 January 2021)";
    expect(translateSentence(sentence, "fr")).toBe("Issu du portail régional be.brussels (informations mises à jour le 12 janvier 2021)");
    expect(translateSentence(sentence, "nl")).toBe("Uit het gewestelijke portaal be.brussels (informatie bijgewerkt op 12 januari 2021)");
    expect(translateSentence(sentence, "de")).toBe("Aus dem regionalen Portal be.brussels (Informationen aktualisiert am 12 Januar 2021)");
    // English month names that are not also that language's own (German shares April, August, September, November).
    const english: Record<"fr" | "nl" | "de", string> = {
      fr: "January|February|March|April|May|June|July|August|September|October|November|December",
      nl: "January|February|March|May|June|July|August|October",
      de: "January|February|March|May|June|July|October|December",
    };
    for (const lang of ["fr", "nl", "de"] as const) {
      const months = new RegExp(`(?<!\\p{L})(${english[lang]})(?!\\p{L})`, "u");
      const leaked = notes.flatMap((n) => translateNote(n, lang)).filter((s) => months.test(s.text)).map((s) => s.text);
      expect(leaked, lang).toEqual([]);
    }
  });
});

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
});

import { describe, expect, it } from "vitest";
import { APPEAL_BODIES } from "../../authorities/appeal-bodies";
import { explainRegime } from "../../authorities/regime-text";
import { REGIMES } from "../../authorities/regimes";
import { REGIME_IDS } from "../../authorities/vocabulary";

const LOCALES = ["fr", "nl", "de", "en"] as const;

describe("plain-language explanations", () => {
  it.each(REGIME_IDS.flatMap((r) => LOCALES.map((l) => [r, l] as const)))("%s in %s has every section", (regime, locale) => {
    const e = explainRegime(regime, locale, { languages: REGIMES[regime].requestLanguages.value });
    for (const k of ["regimeName", "law", "deadline", "counting", "appeal", "language"] as const) expect(e[k].length).toBeGreaterThan(10);
    expect(e.deadline).toContain(String(REGIMES[regime].due.value.days));
  });

  it("says Brussels counts working days and names the extra days", () => {
    expect(explainRegime("brussels", "fr").counting).toContain("8 mai");
    expect(explainRegime("brussels", "nl").deadline).toContain("20 werkdagen");
  });

  it("shows assumptions where the table has unverified rules", () => {
    expect(explainRegime("fwb", "en").assumptions.some((a) => a.includes("extension"))).toBe(true);
    expect(explainRegime("brussels", "de").assumptions.length).toBeGreaterThan(0);
  });

  it("mentions language facilities and the CRAIE warning", () => {
    expect(explainRegime("german_community", "de", { languages: ["de"], language_facilities: ["fr"] }).language).toContain("Französisch");
    expect(explainRegime("wallonia", "fr").environmental).toContain("15 jours");
    expect(explainRegime("flanders", "nl").environmental).toBeNull();
  });
});

describe("appeal bodies", () => {
  it("exist for every regime and have names in four languages", () => {
    for (const r of Object.values(REGIMES)) {
      const b = APPEAL_BODIES[r.appealBody.value];
      expect(b, r.id).toBeDefined();
      for (const l of LOCALES) expect(b.name[l].length).toBeGreaterThan(5);
    }
  });
  it("carry the contact details of the research", () => {
    expect(APPEAL_BODIES["cada-wallonia"]).toMatchObject({ email: "support.cada@spw.wallonie.be", binding: true });
    expect(APPEAL_BODIES["beroepsinstantie-ovb"].postalAddress).toContain("Havenlaan 88");
    expect(APPEAL_BODIES["cada-fwb"].postalAddress).toContain("Boulevard Léopold II 44");
    expect(APPEAL_BODIES["dg-ombudsdienst"].email).toBe("beschwerde@dg-ombudsdienst.be");
    expect(APPEAL_BODIES["cada-federal"].email).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { explainRegime } from "../../authorities/regime-text";
import { REGIMES } from "../../authorities/regimes";

describe("the authority page's law text is written once per language and authority languages", () => {
  it("returns the same frozen explanation for the same regime, language and languages", () => {
    const first = explainRegime("flanders", "nl", { languages: ["nl"] });
    expect(explainRegime("flanders", "nl", { languages: ["nl"] })).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.assumptions)).toBe(true);
  });

  it("writes another text for another language or other authority languages", () => {
    const dutch = explainRegime("brussels", "nl", { languages: ["fr", "nl"] });
    const french = explainRegime("brussels", "fr", { languages: ["fr", "nl"] });
    expect(french).not.toBe(dutch);
    expect(french.deadline).not.toEqual(dutch.deadline);
    const frenchOnly = explainRegime("brussels", "fr", { languages: ["fr"] });
    expect(frenchOnly).not.toBe(french);
  });

  it("never shares text written from another regime table (tests, proposals)", () => {
    const table = { ...REGIMES, brussels: { ...REGIMES.brussels, name: { ...REGIMES.brussels.name, fr: "Régime d'essai" } } };
    expect(explainRegime("brussels", "fr", {}, table).regimeName).toBe("Régime d'essai");
    expect(explainRegime("brussels", "fr", {}).regimeName).not.toBe("Régime d'essai");
  });
});

import { describe, expect, it } from "vitest";
import { composeFollowUp, composeLetter, letterLanguages } from "../../requests/letter";
import { CLASSIFICATION_STATES, REQUEST_STATES, canTransition } from "../../requests/states";
import { requestStatus } from "../../requests/requests";

describe("the request letter", () => {
  const base = { title: "Budget 2025", body: "Le budget 2025 de la bibliothèque.", displayName: "Anne Martin", publicUrl: "https://dossier.example/requests/7" };

  it("is in the authority's language, citing its regime's law and deadline", () => {
    const nl = composeLetter({ ...base, regime: "flanders", language: "nl", dueDate: "2026-12-17" });
    expect(nl.subject).toBe("Verzoek om openbaarheid van bestuursdocumenten — Budget 2025");
    expect(nl.text).toContain("Bestuursdecreet van 7 december 2018");
    expect(nl.text).toContain("artikel 32 van de Grondwet");
    expect(nl.text).toContain("binnen 20 kalenderdagen");
    expect(nl.text).toContain("uiterlijk op 17 december 2026");
    expect(nl.text).toContain("Met vriendelijke groeten,\n\nAnne Martin");

    const fr = composeLetter({ ...base, regime: "wallonia", language: "fr", dueDate: "2026-12-28" });
    expect(fr.text).toContain("décret du 30 mars 1995");
    expect(fr.text).toContain("L3211-1");
    expect(fr.text).toContain("30 jours calendrier");
    expect(fr.text).toContain("au plus tard le 28 décembre 2026");
    expect(fr.text).toContain("https://dossier.example/requests/7");

    const brussels = composeLetter({ ...base, regime: "brussels", language: "fr", dueDate: null });
    expect(brussels.text).toContain("16 mai 2019");
    expect(brussels.text).toContain("20 jours ouvrables");

    const de = composeLetter({ ...base, regime: "german_community", language: "de", dueDate: "2026-12-28" });
    expect(de.text).toContain("Dekret vom 16. Oktober 1995");
    expect(de.text).toContain("spätestens am 28. Dezember 2026");

    const federalNl = composeLetter({ ...base, regime: "federal", language: "nl", dueDate: null });
    expect(federalNl.text).toContain("wet van 11 april 1994");
  });

  it("offers a choice of language only where the law allows one", () => {
    expect(letterLanguages({ regime: "flanders", languages: ["nl"] })).toEqual(["nl"]);
    expect(letterLanguages({ regime: "wallonia", languages: ["fr"] })).toEqual(["fr"]);
    expect(letterLanguages({ regime: "brussels", languages: ["fr", "nl"] })).toEqual(["fr", "nl"]);
    expect(letterLanguages({ regime: "federal", languages: ["fr", "nl", "de"] })).toEqual(["fr", "nl", "de"]);
    // A Walloon commune with German facilities still gets a French letter.
    expect(letterLanguages({ regime: "wallonia", languages: ["fr", "de"] })).toEqual(["fr"]);
  });

  it("threads follow-ups under the original subject", () => {
    const f = composeFollowUp({ language: "nl", title: "Budget 2025", body: "Graag een antwoord.", displayName: "Anne", publicUrl: null });
    expect(f.subject).toBe("Re: Verzoek om openbaarheid van bestuursdocumenten — Budget 2025");
  });
});

describe("the lifecycle", () => {
  it("refuses transitions that make no sense", () => {
    expect(canTransition("draft", "awaiting_response")).toBe(true);
    expect(canTransition("draft", "successful")).toBe(false);
    expect(canTransition("withdrawn", "awaiting_response")).toBe(false);
    expect(canTransition("awaiting_response", "withdrawn")).toBe(true);
    expect(canTransition("successful", "withdrawn")).toBe(false);
    expect(canTransition("refused", "appeal_pending")).toBe(true);
    expect(canTransition("awaiting_response", "draft")).toBe(false);
    expect(canTransition("awaiting_response", "nonsense")).toBe(false);
    for (const s of REQUEST_STATES) expect(canTransition(s, s)).toBe(false);
    for (const s of CLASSIFICATION_STATES) expect(canTransition("awaiting_response", s) || s === "awaiting_response").toBe(true);
  });

  it("computes days left and overdue from the due date in force", () => {
    const r = { state: "awaiting_response", due_date: "2026-12-10", extended_due_date: null };
    expect(requestStatus(r, { today: "2026-12-01" })).toMatchObject({ daysLeft: 9, overdue: false, due: "2026-12-10" });
    expect(requestStatus(r, { today: "2026-12-10" })).toMatchObject({ daysLeft: 0, overdue: false });
    expect(requestStatus(r, { today: "2026-12-11" })).toMatchObject({ daysLeft: null, overdue: true, overdueSince: "2026-12-10" });
    expect(requestStatus({ ...r, extended_due_date: "2026-12-24" }, { today: "2026-12-11" })).toMatchObject({ overdue: false, daysLeft: 13 });
    expect(requestStatus({ ...r, state: "successful" }, { today: "2027-01-01" }).overdue).toBe(false);
    expect(requestStatus(r, { today: "2026-12-01", unclassifiedReply: true }).awaitingClassification).toBe(true);
  });
});

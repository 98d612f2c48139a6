import { describe, expect, it } from "vitest";
import { buildTimeline, formatDate } from "../../requests/deadlines/timeline";
import { appealWindow, computeStoredDates, type TrackingInput } from "../../requests/deadlines/tracking";

function timeline(input: TrackingInput, state: string, today: string, locale: "fr" | "nl" | "de" | "en", appealSent?: { date: string; body: string; bodyDecisionBy: string | null }) {
  return buildTimeline({ state, dates: computeStoredDates(input), decisionDate: input.decisionDate, appeal: appealWindow(input), appealSent }, today, locale);
}

const wallonia: TrackingInput = { regime: "wallonia", receivedDate: "2026-03-02", extended: false, decisionDate: null, environmental: false };

describe("formatDate", () => {
  it.each([
    ["fr", "2 mars 2026"],
    ["nl", "2 maart 2026"],
    ["de", "2. März 2026"],
    ["en", "2 March 2026"],
  ] as const)("%s", (locale, text) => expect(formatDate("2026-03-02", locale)).toBe(text));
});

describe("buildTimeline", () => {
  it.each([
    ["fr", ["Envoyée le 2 mars 2026.", "L’autorité doit répondre au plus tard le 1 avril 2026.", "En retard depuis le 2 avril 2026 (9 jours sans réponse après le délai).", "Recours possible auprès de : Commission d’accès aux documents administratifs (CADA wallonne), au plus tard le 1 mai 2026 (encore 21 jours)."]],
    ["nl", ["Verstuurd op 2 maart 2026.", "De overheid moet uiterlijk op 1 april 2026 antwoorden.", "Te laat sinds 2 april 2026 (9 dagen zonder antwoord na de termijn).", "Beroep mogelijk bij: Commissie voor de toegang tot bestuursdocumenten (Waals Gewest), uiterlijk op 1 mei 2026 (nog 21 dagen)."]],
    ["de", ["Gesendet am 2. März 2026.", "Die Behörde muss spätestens am 1. April 2026 antworten.", "Überfällig seit dem 2. April 2026 (9 Tage ohne Antwort nach Fristablauf).", "Beschwerde möglich bei: Kommission für den Zugang zu Verwaltungsdokumenten (Wallonische Region), spätestens am 1. Mai 2026 (noch 21 Tage)."]],
    ["en", ["Sent on 2 March 2026.", "The authority must answer by 1 April 2026.", "Overdue since 2 April 2026 (9 days without an answer after the deadline).", "You can appeal to: Walloon Commission for Access to Administrative Documents (CADA), by 1 May 2026 (21 days left)."]],
  ] as const)("overdue Walloon request in %s: sent, due, overdue since, appeal by", (locale, texts) => {
    const t = timeline(wallonia, "awaiting_response", "2026-04-10", locale);
    expect(t.map((e) => e.kind)).toEqual(["sent", "due", "overdue", "appeal_by"]);
    expect(t.map((e) => e.text)).toEqual(texts);
    expect(t.find((e) => e.kind === "overdue")?.urgent).toBe(true);
  });

  it("not overdue yet: no overdue line; the due date is in the future", () => {
    const t = timeline(wallonia, "awaiting_response", "2026-03-10", "en");
    expect(t.map((e) => e.kind)).toEqual(["sent", "due", "appeal_by"]);
    expect(t[1]!.when).toBe("future");
  });

  it("extension: the original deadline is shown as replaced", () => {
    const t = timeline({ ...wallonia, extended: true }, "awaiting_response", "2026-04-10", "en");
    expect(t.map((e) => e.kind)).toEqual(["sent", "due", "extended_due", "appeal_by"]);
    expect(t[1]!.text).toBe("Original deadline: 1 April 2026 (extended).");
    expect(t[2]!.text).toBe("The authority extended the deadline: it must answer by 16 April 2026.");
  });

  it("appeal deadline within a week is urgent; the last day and expiry are said plainly", () => {
    expect(timeline(wallonia, "awaiting_response", "2026-04-25", "en").find((e) => e.kind === "appeal_by")?.urgent).toBe(true);
    expect(timeline(wallonia, "awaiting_response", "2026-05-01", "en").find((e) => e.kind === "appeal_by")?.text).toContain("today is the last day");
    expect(timeline(wallonia, "awaiting_response", "2026-05-02", "fr").find((e) => e.kind === "appeal_by")?.text).toBe(
      "Le délai de recours auprès de Commission d’accès aux documents administratifs (CADA wallonne) a expiré le 1 mai 2026.",
    );
  });

  it.each([
    ["federal", "The law sets no deadline"],
    ["flanders", "No deadline runs against a silence"],
    ["german_community", "No appeal commission: mediation by Ombudsman of the German-speaking Community, then the Council of State."],
  ] as const)("%s: an appeal line without a date says why", (regime, text) => {
    const t = timeline({ ...wallonia, regime }, "awaiting_response", "2026-04-30", "en");
    const line = t.find((e) => e.kind === "appeal_by")!;
    expect(line.date).toBeNull();
    expect(line.text).toContain(text);
  });

  it("environmental Walloon request: the CRAIE's 15 days are urgent from the start", () => {
    const t = timeline({ ...wallonia, environmental: true }, "awaiting_response", "2026-04-02", "fr");
    const env = t.find((e) => e.kind === "environmental_appeal_by")!;
    expect(env.date).toBe("2026-04-16");
    expect(env.urgent).toBe(true);
    expect(env.text).toContain("Information environnementale");
  });

  it("decision and a sent appeal with the body's decision deadline", () => {
    const t = timeline({ ...wallonia, decisionDate: "2026-03-20" }, "appeal_pending", "2026-03-25", "en", { date: "2026-03-25", body: "cada-wallonia", bodyDecisionBy: "2026-04-24" });
    expect(t.map((e) => e.kind)).toEqual(["sent", "decision", "appeal_sent", "due", "appeal_by", "body_decision_by"]);
    expect(t.find((e) => e.kind === "body_decision_by")?.text).toBe("Walloon Commission for Access to Administrative Documents (CADA) must decide by 24 April 2026.");
  });
});

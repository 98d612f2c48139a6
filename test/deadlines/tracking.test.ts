import { describe, expect, it } from "vitest";
import {
  appealWindow,
  canEscalate,
  computeStoredDates,
  factsFromEvents,
  overdueStatus,
  type TrackingInput,
} from "../../requests/deadlines/tracking";

const base = (over: Partial<TrackingInput>): TrackingInput => ({
  regime: "federal",
  receivedDate: "2026-03-02",
  extended: false,
  decisionDate: null,
  environmental: false,
  ...over,
});

describe("computeStoredDates", () => {
  it.each([
    // regime, received, extended, decision, env, due, extended_due, appeal_deadline
    ["federal", "2026-03-02", false, null, false, "2026-04-01", null, null],
    ["federal", "2026-03-02", true, null, false, "2026-04-01", "2026-04-16", null],
    ["federal", "2026-03-06", false, null, false, "2026-04-07", null, null], // Sunday then Easter Monday
    ["wallonia", "2026-03-02", false, null, false, "2026-04-01", null, "2026-05-01"],
    ["wallonia", "2026-03-02", true, null, false, "2026-04-01", "2026-04-16", "2026-05-16"],
    ["wallonia", "2026-03-02", false, "2026-03-20", false, "2026-04-01", null, "2026-04-19"],
    ["wallonia", "2026-03-02", false, null, true, "2026-04-01", null, "2026-04-16"], // CRAIE 15 days is earlier
    ["wallonia", "2026-03-02", false, "2026-03-20", true, "2026-04-01", null, "2026-04-04"],
    ["brussels", "2026-03-02", false, null, false, "2026-03-30", null, "2026-04-29"],
    ["brussels", "2026-03-02", true, null, false, "2026-03-30", "2026-04-28", "2026-05-28"],
    ["flanders", "2026-03-02", false, null, false, "2026-03-23", null, null], // no period against silence
    ["flanders", "2026-03-02", false, "2026-03-10", false, "2026-03-23", null, "2026-04-09"],
    ["flanders", "2026-03-02", true, null, false, "2026-03-23", "2026-04-13", null],
    ["fwb", "2026-03-02", false, null, false, "2026-04-01", null, "2026-05-31"],
    ["fwb", "2026-03-02", false, "2026-03-15", false, "2026-04-01", null, "2026-05-14"],
    ["german_community", "2026-03-02", false, null, false, "2026-04-01", null, null],
    ["federal", "2026-03-02", false, "2026-03-20", true, "2026-04-01", null, "2026-05-19"], // federal environmental: 60 days after refusal
    ["federal", "2026-03-02", false, null, true, "2026-04-01", null, null], // no limit against silence
  ] as const)("%s received %s extended=%s decision=%s env=%s", (regime, received, extended, decision, env, due, ext, appeal) => {
    const dates = computeStoredDates(base({ regime, receivedDate: received, extended, decisionDate: decision, environmental: env }));
    expect(dates).toEqual({ received_date: received, due_date: due, extended_due_date: ext, appeal_deadline: appeal });
  });

  it("stores nothing for an unsent request", () => {
    expect(computeStoredDates(base({ receivedDate: null }))).toEqual({ received_date: null, due_date: null, extended_due_date: null, appeal_deadline: null });
  });

  it("Flanders without the appeal notice: 4 months and 30 days", () => {
    expect(computeStoredDates(base({ regime: "flanders", decisionDate: "2026-03-10", appealNoticeMissing: true })).appeal_deadline).toBe("2026-08-09");
  });
});

describe("appealWindow", () => {
  it.each([
    ["federal", "cada-federal", "no_statutory_deadline"],
    ["flanders", "beroepsinstantie-ovb", "no_period_runs"],
    ["german_community", "dg-ombudsdienst", "not_computed"],
    ["wallonia", "cada-wallonia", null],
  ] as const)("%s → %s (%s)", (regime, body, reason) => {
    const w = appealWindow(base({ regime }));
    expect(w.body).toBe(body);
    expect(w.noDateReason).toBe(reason);
  });

  it("environmental flag: CRAIE for Wallonia (urgent), the federal commission for federal, nothing separate for Brussels and Flanders", () => {
    expect(appealWindow(base({ regime: "wallonia", environmental: true })).environmental).toEqual({ body: "craie", by: "2026-04-16", urgent: true });
    expect(appealWindow(base({ regime: "federal", environmental: true, decisionDate: "2026-03-20" })).environmental).toEqual({ body: "federal-appeal-environment", by: "2026-05-19", urgent: false });
    expect(appealWindow(base({ regime: "brussels", environmental: true })).environmental).toBeNull();
    expect(appealWindow(base({ regime: "flanders", environmental: true })).environmental).toBeNull();
  });
});

describe("overdueStatus", () => {
  const dates = { due_date: "2026-04-01", extended_due_date: null };
  it.each([
    ["awaiting_response", "2026-03-31", false, null, 0],
    ["awaiting_response", "2026-04-01", false, null, 0], // the due date itself is not late
    ["awaiting_response", "2026-04-02", true, "2026-04-02", 1],
    ["waiting_clarification", "2026-04-11", true, "2026-04-02", 10],
    ["successful", "2026-05-01", false, null, 0],
    ["refused", "2026-05-01", false, null, 0],
    ["draft", "2026-05-01", false, null, 0],
  ] as const)("%s on %s → overdue=%s", (state, today, overdue, since, days) => {
    expect(overdueStatus(state, dates, today)).toEqual({ overdue, overdueSince: since, daysOverdue: days });
  });

  it("the extended deadline replaces the ordinary one", () => {
    expect(overdueStatus("awaiting_response", { due_date: "2026-04-01", extended_due_date: "2026-04-16" }, "2026-04-10").overdue).toBe(false);
    expect(overdueStatus("awaiting_response", { due_date: "2026-04-01", extended_due_date: "2026-04-16" }, "2026-04-17").overdueSince).toBe("2026-04-17");
  });

  it("escalation is offered when overdue, refused or partially successful", () => {
    expect(canEscalate("awaiting_response", dates, "2026-04-01")).toBe(false);
    expect(canEscalate("awaiting_response", dates, "2026-04-02")).toBe(true);
    expect(canEscalate("refused", dates, "2026-03-10")).toBe(true);
    expect(canEscalate("partially_successful", dates, "2026-03-10")).toBe(true);
    expect(canEscalate("successful", dates, "2026-05-10")).toBe(false);
  });
});

describe("factsFromEvents", () => {
  const at = (iso: string) => new Date(iso);
  it("reads the extension and the decision date (the last reply before the classification)", () => {
    const facts = factsFromEvents(
      [
        { type: "extension_marked", at: at("2026-03-20T10:00:00Z"), data: {} },
        { type: "state_changed", at: at("2026-04-05T10:00:00Z"), data: { from: "awaiting_response", to: "refused" } },
      ],
      [at("2026-03-19T23:30:00Z"), at("2026-04-03T08:00:00Z"), at("2026-04-06T08:00:00Z")],
    );
    expect(facts).toEqual({ extended: true, decisionDate: "2026-04-03" });
  });
  it("a reply late in the evening UTC counts on the Brussels date", () => {
    const facts = factsFromEvents([{ type: "state_changed", at: at("2026-04-05T10:00:00Z"), data: { to: "partially_successful" } }], [at("2026-04-02T22:30:00Z")]);
    expect(facts.decisionDate).toBe("2026-04-03");
  });
  it("an unmarked extension and a return to waiting clear the facts", () => {
    const facts = factsFromEvents(
      [
        { type: "extension_marked", at: at("2026-03-20T10:00:00Z"), data: {} },
        { type: "state_changed", at: at("2026-03-25T10:00:00Z"), data: { to: "refused" } },
        { type: "extension_unmarked", at: at("2026-03-26T10:00:00Z"), data: {} },
        { type: "state_changed", at: at("2026-03-27T10:00:00Z"), data: { to: "awaiting_response" } },
      ],
      [],
    );
    expect(facts).toEqual({ extended: false, decisionDate: null });
  });
});

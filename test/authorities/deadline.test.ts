import { describe, expect, it } from "vitest";
import {
  appealByAfterRefusal,
  appealByAfterSilence,
  computeDeadlines,
  DeadlineInputError,
  dueDate,
  extendedDueDate,
} from "../../authorities/deadline";
import { environmentalDeadlines } from "../../authorities/appeal-bodies";
import { REGIMES, assumptionsOf, withOverrides } from "../../authorities/regimes";
import type { RegimeId } from "../../authorities/vocabulary";

// [regime, received, due, extended due]
const DUE_CASES: Array<[RegimeId, string, string, string]> = [
  // The examples of deadline-rules.md.
  ["federal", "2026-03-02", "2026-04-01", "2026-04-16"],
  ["federal", "2026-03-06", "2026-04-07", "2026-04-20"], // R+30 is Sunday 5 April, then Easter Monday
  ["brussels", "2026-03-02", "2026-03-30", "2026-04-28"],
  // Federal: weekends, Christmas, national day, All Saints, Armistice.
  ["federal", "2025-03-03", "2025-04-02", "2025-04-17"], // research §11.4 example
  ["federal", "2025-11-26", "2025-12-26", "2026-01-12"], // 26 Dec is a working day outside Brussels
  ["federal", "2025-12-12", "2026-01-12", "2026-01-26"], // Sunday 11 Jan
  ["federal", "2026-06-21", "2026-07-22", "2026-08-05"], // 21 July
  ["federal", "2025-10-02", "2025-11-03", "2025-11-17"], // Saturday 1 Nov, Sunday 2 Nov
  ["federal", "2026-10-12", "2026-11-12", "2026-11-26"], // 11 November
  ["federal", "2026-10-16", "2026-11-16", "2026-11-30"], // Sunday 15 Nov is only "offices may be closed"
  // Wallonia.
  ["wallonia", "2026-03-20", "2026-04-20", "2026-05-04"], // Sunday 19 April
  ["wallonia", "2025-03-22", "2025-04-22", "2025-05-06"], // Easter Monday 2025
  ["wallonia", "2026-04-15", "2026-05-15", "2026-06-01"], // extension ends on Whit weekend
  ["wallonia", "2025-06-21", "2025-07-22", "2025-08-05"],
  ["wallonia", "2026-10-02", "2026-11-02", "2026-11-16"], // 2 Nov is a working day in Wallonia
  ["wallonia", "2024-12-01", "2024-12-31", "2025-01-15"],
  ["wallonia", "2026-01-31", "2026-03-02", "2026-03-17"], // across February
  ["wallonia", "2028-01-31", "2028-03-01", "2028-03-16"], // leap year
  // FWB.
  ["fwb", "2026-03-06", "2026-04-07", "2026-04-20"],
  ["fwb", "2025-03-21", "2025-04-22", "2025-05-05"],
  ["fwb", "2026-11-25", "2026-12-28", "2027-01-11"], // Christmas Friday, then weekend
  ["fwb", "2026-08-28", "2026-09-28", "2026-10-12"], // 27 Sept (FWB day) is a Sunday anyway
  ["fwb", "2027-08-28", "2027-09-27", "2027-10-12"], // Monday 27 Sept 2027 does not move the date
  // German-speaking Community.
  ["german_community", "2026-03-06", "2026-04-07", "2026-04-20"],
  ["german_community", "2025-12-26", "2026-01-26", "2026-02-09"],
  ["german_community", "2026-04-25", "2026-05-26", "2026-06-09"], // Whit Monday 25 May
  ["german_community", "2027-10-16", "2027-11-15", "2027-11-30"], // 15 Nov (DG day) does not move the date
  // Flanders: 20/40 calendar days.
  ["flanders", "2025-03-03", "2025-03-24", "2025-04-14"], // day 20 is Sunday 23 March
  ["flanders", "2026-03-16", "2026-04-07", "2026-04-27"], // Easter Sunday and Monday
  ["flanders", "2025-04-01", "2025-04-22", "2025-05-12"],
  ["flanders", "2026-12-05", "2026-12-28", "2027-01-14"], // Christmas
  ["flanders", "2027-03-09", "2027-03-30", "2027-04-19"], // Easter Monday 29 March 2027
  ["flanders", "2026-07-01", "2026-07-22", "2026-08-10"], // 21 July; 11 July does not count
  ["flanders", "2026-06-21", "2026-07-13", "2026-07-31"], // Saturday 11 July: weekend only
  ["flanders", "2026-04-24", "2026-05-15", "2026-06-03"], // Ascension 14 May
  // Brussels: 20/40 working days, with 8 May, 2 Nov, 15 Nov and 26 Dec off.
  ["brussels", "2025-03-03", "2025-03-31", "2025-04-29"], // research §11.4 example
  ["brussels", "2026-04-20", "2026-05-21", "2026-06-19"], // 1 May, 8 May, Ascension, Whit Monday
  ["brussels", "2026-10-20", "2026-11-19", "2026-12-17"], // 2 Nov and 11 Nov
  ["brussels", "2025-12-10", "2026-01-12", "2026-02-09"], // 25, 26 Dec and 1 Jan
  ["brussels", "2026-12-10", "2027-01-11", "2027-02-08"],
  ["brussels", "2027-04-26", "2027-05-26", "2027-06-23"],
  ["brussels", "2025-04-30", "2025-06-02", "2025-07-01"], // 1 May, 8 May, Ascension
  ["brussels", "2027-11-03", "2027-12-03", "2027-12-31"], // 11 Nov, Monday 15 Nov 2027
  ["brussels", "2026-03-07", "2026-04-03", "2026-05-05"], // received on a Saturday
];

describe("due and extended due", () => {
  it.each(DUE_CASES)("%s, received %s: due %s, extended %s", (regime, received, due, extended) => {
    expect(dueDate(regime, received)).toBe(due);
    expect(extendedDueDate(regime, received)).toBe(extended);
  });
});

// [regime, received, extended?, appeal by after silence]
const SILENCE_CASES: Array<[RegimeId, string, boolean, string | null]> = [
  ["wallonia", "2026-03-02", false, "2026-05-01"],
  ["wallonia", "2026-03-02", true, "2026-05-16"],
  ["wallonia", "2025-03-22", false, "2025-05-22"], // due moved over Easter Monday; appeal counted from it
  ["wallonia", "2026-03-20", false, "2026-05-20"],
  ["brussels", "2026-03-02", false, "2026-04-29"],
  ["brussels", "2026-03-02", true, "2026-05-28"],
  ["brussels", "2025-12-10", false, "2026-02-11"],
  ["fwb", "2026-03-02", false, "2026-05-31"], // a Sunday: the citizen's date is never moved
  ["fwb", "2026-03-02", true, "2026-06-15"],
  ["fwb", "2026-11-25", false, "2027-02-26"],
  ["federal", "2026-03-02", false, null],
  ["federal", "2026-03-02", true, null],
  ["flanders", "2026-03-02", false, null],
  ["flanders", "2026-03-02", true, null],
  ["german_community", "2026-03-02", false, null],
];

describe("appeal deadline after silence", () => {
  it.each(SILENCE_CASES)("%s, received %s, extended %s: %s", (regime, received, extended, expected) => {
    expect(appealByAfterSilence(regime, received, { extended })).toBe(expected);
  });
});

// [regime, refused on, appeal notice missing?, appeal by]
const REFUSAL_CASES: Array<[RegimeId, string, boolean, string | null]> = [
  ["wallonia", "2025-04-04", false, "2025-05-04"], // research §11.4: Sunday 4 May, not moved
  ["wallonia", "2026-12-01", false, "2026-12-31"],
  ["brussels", "2026-03-10", false, "2026-04-09"],
  ["fwb", "2026-03-10", false, "2026-05-09"],
  ["fwb", "2025-12-31", false, "2026-03-01"],
  ["flanders", "2026-03-10", false, "2026-04-09"],
  ["flanders", "2026-03-10", true, "2026-08-09"], // S + 4 months + 30 days
  ["flanders", "2025-10-31", true, "2026-03-30"], // 31 Oct + 4 months clamps to 28 Feb
  ["flanders", "2027-10-31", true, "2028-03-30"], // leap year: 29 Feb
  ["flanders", "2026-08-31", true, "2027-01-30"],
  ["wallonia", "2026-03-10", true, "2026-04-09"], // the 4-month rule is Flemish only
  ["federal", "2026-03-10", false, null],
  ["german_community", "2026-03-10", false, null],
];

describe("appeal deadline after an explicit refusal", () => {
  it.each(REFUSAL_CASES)("%s, refused %s, notice missing %s: %s", (regime, refused, missing, expected) => {
    expect(appealByAfterRefusal(regime, refused, { appealNoticeMissing: missing })).toBe(expected);
  });
});

describe("computeDeadlines (the CLI contract)", () => {
  it("prints every field for the federal example", () => {
    expect(computeDeadlines({ regime: "federal", received: "2026-03-02" })).toEqual({
      regime: "federal",
      received: "2026-03-02",
      due: "2026-04-01",
      extended_due: "2026-04-16",
      appeal_body: "cada-federal",
      appeal_by_after_silence: null,
      appeal_by_after_refusal: null,
    });
  });

  it("counts silence from the extended due date when extended", () => {
    const r = computeDeadlines({ regime: "wallonia", received: "2026-03-02", extended: true, refused_on: "2026-04-10" });
    expect(r).toMatchObject({ due: "2026-04-01", extended_due: "2026-04-16", appeal_body: "cada-wallonia", appeal_by_after_silence: "2026-05-16", appeal_by_after_refusal: "2026-05-10" });
  });

  it.each([
    ["brussels", "cada-brussels"],
    ["flanders", "beroepsinstantie-ovb"],
    ["fwb", "cada-fwb"],
    ["german_community", "dg-ombudsdienst"],
  ])("names the appeal body of %s", (regime, body) => {
    expect(computeDeadlines({ regime, received: "2026-01-05" }).appeal_body).toBe(body);
  });

  it.each([
    [{ regime: "nope", received: "2026-01-01" }],
    [{ regime: "federal", received: "2026-02-30" }],
    [{ regime: "federal", received: "02/03/2026" }],
    [{ regime: "federal", received: "2026-01-01", refused_on: "yesterday" }],
  ])("refuses bad input %j", (input) => {
    expect(() => computeDeadlines(input)).toThrow(DeadlineInputError);
  });

  it("works across many years without drifting", () => {
    for (let y = 2000; y <= 2100; y++) {
      const due = dueDate("federal", `${y}-06-01`);
      expect(due >= `${y}-07-01` && due <= `${y}-07-04`).toBe(true);
    }
  });
});

describe("regime table", () => {
  it("marks the assumptions of deadline-rules.md as unverified", () => {
    expect(REGIMES.fwb.extendedDue.verified).toBe(false);
    expect(REGIMES.german_community.extendedDue.verified).toBe(false);
    expect(REGIMES.brussels.appealAfterSilence.verified).toBe(false);
    expect(REGIMES.brussels.appealAfterRefusal.verified).toBe(false);
    expect(REGIMES.wallonia.due.verified).toBe(true);
  });

  it("gives every rule a source", () => {
    for (const r of Object.values(REGIMES)) {
      for (const v of Object.values(r)) {
        if (v && typeof v === "object" && "verified" in v) expect((v as { source: string }).source.length).toBeGreaterThan(3);
      }
      expect(assumptionsOf(r).every((a) => a.source.length > 0)).toBe(true);
    }
  });

  it("lets an administrator's override change the computed dates", () => {
    const table = withOverrides({ flanders: { due: { value: { days: 25, unit: "calendar" }, source: "test", verified: true } } });
    expect(dueDate("flanders", "2026-03-02", table)).toBe("2026-03-27");
    expect(dueDate("flanders", "2026-03-02")).toBe("2026-03-23");
  });
});

describe("environmental information", () => {
  it("never hides the 15-day CRAIE deadline for Walloon requests", () => {
    expect(environmentalDeadlines("wallonia", "2026-04-01", "2026-04-10")).toEqual({
      appeal_body: "craie",
      appeal_by_after_silence: "2026-04-16",
      appeal_by_after_refusal: "2026-04-25",
      urgent: true,
    });
  });
  it("uses the federal environmental commission with 60 days after a refusal and none against silence", () => {
    expect(environmentalDeadlines("federal", "2026-04-01", "2026-04-10")).toMatchObject({
      appeal_body: "federal-appeal-environment",
      appeal_by_after_silence: null,
      appeal_by_after_refusal: "2026-06-09",
    });
  });
  it("has no separate route in Flanders and Brussels", () => {
    expect(environmentalDeadlines("flanders", "2026-04-01", null)).toBeNull();
    expect(environmentalDeadlines("brussels", "2026-04-01", null)).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import {
  addWorkingDays,
  easterSunday,
  holidaysOf,
  isNonWorkingDay,
  nationalHolidays,
  nextWorkingDayOnOrAfter,
  officesMayBeClosedOn,
} from "../../authorities/calendar";
import { addDays, addMonths, dayOfWeek, formatCivilDate, InvalidDateError, toDayNumber, todayInBrussels } from "../../authorities/civil-date";

const EASTER: Array<[number, string]> = [
  [1818, "1818-03-22"],
  [2000, "2000-04-23"],
  [2008, "2008-03-23"],
  [2011, "2011-04-24"],
  [2019, "2019-04-21"],
  [2024, "2024-03-31"],
  [2025, "2025-04-20"],
  [2026, "2026-04-05"],
  [2027, "2027-03-28"],
  [2028, "2028-04-16"],
  [2029, "2029-04-01"],
  [2030, "2030-04-21"],
  [2038, "2038-04-25"],
  [2285, "2285-03-22"],
];

describe("Easter", () => {
  it.each(EASTER)("Easter %i is %s", (year, date) => {
    expect(easterSunday(year)).toBe(date);
    expect(dayOfWeek(date)).toBe(0);
  });
});

// Research §11.3: movable holidays (2025 verified; 2026 and 2027 computed).
const MOVABLE: Array<[number, string, string, string]> = [
  [2025, "2025-04-21", "2025-05-29", "2025-06-09"],
  [2026, "2026-04-06", "2026-05-14", "2026-05-25"],
  [2027, "2027-03-29", "2027-05-06", "2027-05-17"],
];

describe("national holidays", () => {
  it.each(MOVABLE)("%i: Easter Monday %s, Ascension %s, Whit Monday %s", (year, easterMonday, ascension, whitMonday) => {
    const dates = nationalHolidays(year).map((h) => h.date);
    expect(dates).toHaveLength(10);
    expect(dates).toContain(easterMonday);
    expect(dates).toContain(ascension);
    expect(dates).toContain(whitMonday);
    for (const md of ["01-01", "05-01", "07-21", "08-15", "11-01", "11-11", "12-25"]) expect(dates).toContain(`${year}-${md}`);
  });

  it("names every holiday in four languages", () => {
    for (const h of nationalHolidays(2026)) for (const l of ["fr", "nl", "de", "en"] as const) expect(h.name[l].length).toBeGreaterThan(2);
  });
});

// [date, regime, non-working?]
const DAYS: Array<[string, string, boolean]> = [
  ["2026-03-07", "federal", true], // Saturday
  ["2026-03-08", "federal", true], // Sunday
  ["2026-03-09", "federal", false],
  ["2026-04-06", "federal", true], // Easter Monday
  ["2026-04-06", "brussels", true],
  ["2026-05-14", "flanders", true], // Ascension
  ["2026-05-25", "wallonia", true], // Whit Monday
  ["2026-07-21", "fwb", true],
  ["2026-12-25", "german_community", true],
  ["2026-12-24", "federal", false],
  ["2025-12-26", "federal", false], // Friday 26 Dec: only Brussels is off
  ["2025-12-26", "brussels", true],
  ["2026-05-08", "brussels", true], // Friday 8 May
  ["2026-05-08", "wallonia", false],
  ["2026-11-02", "brussels", true], // Monday 2 Nov
  ["2026-11-02", "flanders", false],
  ["2027-11-15", "brussels", true], // Monday 15 Nov
  ["2027-11-15", "federal", false], // offices may be closed, but the date counts
  ["2027-11-15", "german_community", false],
  ["2026-07-10", "flanders", false],
  ["2025-07-11", "flanders", false], // Friday 11 July: information only
  ["2028-09-27", "fwb", false], // Wednesday 27 Sept: information only
  ["2026-01-01", "wallonia", true],
  ["2026-11-11", "federal", true],
  ["2026-08-15", "brussels", true], // Saturday and a holiday
  ["2026-08-14", "brussels", false],
];

describe("non-working days per regime", () => {
  it.each(DAYS)("%s in %s: non-working %s", (date, regime, expected) => {
    expect(isNonWorkingDay(date, regime as never)).toBe(expected);
  });
});

describe("counting helpers", () => {
  it.each([
    ["2026-04-04", "federal", "2026-04-07"], // Saturday, Sunday (Easter), Easter Monday
    ["2026-04-07", "federal", "2026-04-07"],
    ["2025-12-25", "brussels", "2025-12-29"],
    ["2025-12-25", "federal", "2025-12-26"],
    ["2026-10-31", "brussels", "2026-11-03"],
    ["2026-10-31", "wallonia", "2026-11-02"],
  ])("next working day on or after %s in %s is %s", (date, regime, expected) => {
    expect(nextWorkingDayOnOrAfter(date, regime as never)).toBe(expected);
  });

  it.each([
    ["2026-03-02", 1, "brussels", "2026-03-03"],
    ["2026-03-06", 1, "brussels", "2026-03-09"],
    ["2026-04-03", 1, "brussels", "2026-04-07"],
    ["2026-05-07", 1, "brussels", "2026-05-11"], // 8 May
    ["2026-05-07", 1, "federal", "2026-05-08"],
    ["2026-03-02", 0, "brussels", "2026-03-02"],
  ])("%s + %i working days in %s is %s", (date, n, regime, expected) => {
    expect(addWorkingDays(date, n, regime as never)).toBe(expected);
  });

  it("lists Brussels extra days and offices-may-be-closed days", () => {
    const bxl = holidaysOf("brussels", 2026).filter((h) => h.kind === "regime_extra").map((h) => h.date);
    expect(bxl).toEqual(["2026-05-08", "2026-11-02", "2026-11-15", "2026-12-26"]);
    expect(holidaysOf("flanders", 2026).filter((h) => h.kind === "offices_may_be_closed").map((h) => h.date)).toEqual(["2026-07-11"]);
    expect(officesMayBeClosedOn("2026-09-27", "fwb")?.monthDay).toBe("09-27");
    expect(officesMayBeClosedOn("2026-11-15", "federal")?.monthDay).toBe("11-15");
    expect(officesMayBeClosedOn("2026-11-15", "wallonia")).toBeNull();
  });
});

describe("civil dates", () => {
  it("rejects impossible dates", () => {
    for (const bad of ["2026-02-29", "2026-13-01", "2026-1-1", "", "2026-04-31"]) expect(() => toDayNumber(bad)).toThrow(InvalidDateError);
    expect(() => toDayNumber("2028-02-29")).not.toThrow();
  });
  it("adds days across DST changes and years", () => {
    expect(addDays("2026-03-28", 2)).toBe("2026-03-30");
    expect(addDays("2026-10-24", 2)).toBe("2026-10-26");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
  });
  it("adds months with clamping", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2026-10-31", 4)).toBe("2027-02-28");
    expect(addMonths("2026-11-15", 2)).toBe("2027-01-15");
  });
  it("formats dates in the reader's language without shifting them", () => {
    expect(formatCivilDate("2026-04-07", "fr")).toBe("7 avril 2026");
    expect(formatCivilDate("2026-04-07", "nl")).toBe("7 april 2026");
    expect(formatCivilDate("2026-04-07", "de")).toBe("7. April 2026");
    expect(formatCivilDate("2026-04-07", "en")).toBe("7 April 2026");
  });
  it("takes today's date in Brussels, not UTC", () => {
    expect(todayInBrussels(new Date("2026-03-01T23:30:00Z"))).toBe("2026-03-02");
    expect(todayInBrussels(new Date("2026-07-01T21:59:00Z"))).toBe("2026-07-01");
    expect(todayInBrussels(new Date("2026-07-01T22:00:00Z"))).toBe("2026-07-02");
  });
});

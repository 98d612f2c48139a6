/**
 * The non-working-day calendar of each regime (law/deadline-rules.md,
 * "Non-working days"): Saturdays, Sundays, the 10 national public holidays
 * (loi du 4 janvier 1974), and the regime's extra days from the regime table.
 * Easter-based holidays are computed, never typed in per year. Days on which
 * "offices may be closed" are information only and never move a date.
 */
import { addDays, dayOfWeek, fromDayNumber, toDayNumber, yearOf } from "./civil-date";
import { REGIMES, type FixedDay, type Localized, type RegimeTable } from "./regimes";
import type { RegimeId } from "./vocabulary";

export interface Holiday {
  date: string;
  name: Localized;
  kind: "national" | "regime_extra" | "offices_may_be_closed";
}

/** Easter Sunday (Gregorian), by the anonymous algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

const fixed = (year: number, monthDay: string) => `${year}-${monthDay}`;

/** The 10 national public holidays of a year, in date order. */
export function nationalHolidays(year: number): Holiday[] {
  const easter = easterSunday(year);
  const list: Array<[string, Localized]> = [
    [fixed(year, "01-01"), { fr: "Jour de l’An", nl: "Nieuwjaar", de: "Neujahr", en: "New Year’s Day" }],
    [addDays(easter, 1), { fr: "Lundi de Pâques", nl: "Paasmaandag", de: "Ostermontag", en: "Easter Monday" }],
    [fixed(year, "05-01"), { fr: "Fête du Travail", nl: "Dag van de Arbeid", de: "Tag der Arbeit", en: "Labour Day" }],
    [addDays(easter, 39), { fr: "Ascension", nl: "Onze-Lieve-Heer-Hemelvaart", de: "Christi Himmelfahrt", en: "Ascension Day" }],
    [addDays(easter, 50), { fr: "Lundi de Pentecôte", nl: "Pinkstermaandag", de: "Pfingstmontag", en: "Whit Monday" }],
    [fixed(year, "07-21"), { fr: "Fête nationale", nl: "Nationale feestdag", de: "Nationalfeiertag", en: "National Day" }],
    [fixed(year, "08-15"), { fr: "Assomption", nl: "Onze-Lieve-Vrouw-Hemelvaart", de: "Mariä Himmelfahrt", en: "Assumption Day" }],
    [fixed(year, "11-01"), { fr: "Toussaint", nl: "Allerheiligen", de: "Allerheiligen", en: "All Saints’ Day" }],
    [fixed(year, "11-11"), { fr: "Armistice", nl: "Wapenstilstand", de: "Waffenstillstand", en: "Armistice Day" }],
    [fixed(year, "12-25"), { fr: "Noël", nl: "Kerstmis", de: "Weihnachten", en: "Christmas Day" }],
  ];
  return list
    .map(([date, name]) => ({ date, name, kind: "national" as const }))
    .sort((x, y) => x.date.localeCompare(y.date));
}

function fixedDays(year: number, days: FixedDay[], kind: Holiday["kind"]): Holiday[] {
  return days.filter((d) => d.year === undefined || d.year === year).map((d) => ({ date: fixed(year, d.monthDay), name: d.name, kind }));
}

/** Every holiday of a regime in a year: national, extra, and offices-may-be-closed days. */
export function holidaysOf(regime: RegimeId, year: number, table: RegimeTable = REGIMES): Holiday[] {
  const r = table[regime];
  return [
    ...nationalHolidays(year),
    ...fixedDays(year, r.extraNonWorkingDays.value, "regime_extra"),
    ...fixedDays(year, r.officesMayBeClosed.value, "offices_may_be_closed"),
  ].sort((x, y) => x.date.localeCompare(y.date) || x.kind.localeCompare(y.kind));
}

// Per (table, regime, year) cache of non-working dates; the computation is
// cheap but deadline batches call it thousands of times.
const cache = new WeakMap<RegimeTable, Map<string, Set<string>>>();

function nonWorkingSet(regime: RegimeId, year: number, table: RegimeTable): Set<string> {
  let byKey = cache.get(table);
  if (!byKey) {
    byKey = new Map();
    cache.set(table, byKey);
  }
  const key = `${regime}:${year}`;
  let set = byKey.get(key);
  if (!set) {
    set = new Set([
      ...nationalHolidays(year).map((h) => h.date),
      ...fixedDays(year, table[regime].extraNonWorkingDays.value, "regime_extra").map((h) => h.date),
    ]);
    byKey.set(key, set);
  }
  return set;
}

export function isWeekend(date: string): boolean {
  const d = dayOfWeek(date);
  return d === 0 || d === 6;
}

/** Saturday, Sunday, national holiday or the regime's extra day. */
export function isNonWorkingDay(date: string, regime: RegimeId, table: RegimeTable = REGIMES): boolean {
  return isWeekend(date) || nonWorkingSet(regime, yearOf(date), table).has(date);
}

export function isWorkingDay(date: string, regime: RegimeId, table: RegimeTable = REGIMES): boolean {
  return !isNonWorkingDay(date, regime, table);
}

/** The date itself when it is a working day, else the next working day. */
export function nextWorkingDayOnOrAfter(date: string, regime: RegimeId, table: RegimeTable = REGIMES): string {
  let day = toDayNumber(date);
  while (isNonWorkingDay(fromDayNumber(day), regime, table)) day += 1;
  return fromDayNumber(day);
}

/** The Nth working day after `date` (the date itself is not counted). */
export function addWorkingDays(date: string, n: number, regime: RegimeId, table: RegimeTable = REGIMES): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a non-negative integer, got ${n}`);
  let day = toDayNumber(date);
  let counted = 0;
  while (counted < n) {
    day += 1;
    if (!isNonWorkingDay(fromDayNumber(day), regime, table)) counted += 1;
  }
  return fromDayNumber(day);
}

/** "Offices may be closed" days of a regime falling on a date (information only). */
export function officesMayBeClosedOn(date: string, regime: RegimeId, table: RegimeTable = REGIMES): FixedDay | null {
  const md = date.slice(5);
  return table[regime].officesMayBeClosed.value.find((d) => d.monthDay === md) ?? null;
}

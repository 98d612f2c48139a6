import { brusselsDate } from "../core/clock";
import { InvalidInputError } from "../core/errors";
import type { Locale } from "../core/i18n/locales";
import { dateTimeFormat } from "../core/intl";

/**
 * Civil dates as `YYYY-MM-DD` strings. Arithmetic runs on whole days since the
 * Unix epoch computed with Date.UTC, so no time zone or daylight-saving change
 * can shift a date: a legal deadline is a calendar date, not an instant.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export class InvalidDateError extends InvalidInputError {
  constructor(value: string) {
    super(`not a valid date (expected YYYY-MM-DD): ${JSON.stringify(value)}`, "invalid_date");
  }
}

/** Days since 1970-01-01 for a `YYYY-MM-DD` string; throws on impossible dates. */
export function toDayNumber(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new InvalidDateError(date);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw new InvalidDateError(date);
  }
  return Math.round(ms / MS_PER_DAY);
}

export function fromDayNumber(day: number): string {
  const dt = new Date(day * MS_PER_DAY);
  const y = dt.getUTCFullYear();
  const mo = dt.getUTCMonth() + 1;
  const d = dt.getUTCDate();
  return `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

export function isValidDate(date: string): boolean {
  try {
    toDayNumber(date);
    return true;
  } catch {
    return false;
  }
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/**
 * Add calendar months. When the target month is shorter (31 October + 4
 * months), the result is clamped to the month's last day: the earlier of the
 * plausible readings, which is the safe one for a citizen's own deadline.
 */
export function addMonths(date: string, months: number): string {
  const m = DATE_RE.exec(date);
  if (!m) throw new InvalidDateError(date);
  toDayNumber(date);
  const y = Number(m[1]);
  const mo = Number(m[2]) - 1 + months;
  const targetYear = y + Math.floor(mo / 12);
  const targetMonth = ((mo % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const d = Math.min(Number(m[3]), lastDay);
  return fromDayNumber(Math.round(Date.UTC(targetYear, targetMonth, d) / MS_PER_DAY));
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  // 1970-01-01 was a Thursday.
  return (((toDayNumber(date) + 4) % 7) + 7) % 7;
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

export function compareDates(a: string, b: string): number {
  return toDayNumber(a) - toDayNumber(b);
}

/** Today's civil date in Europe/Brussels (the date the law counts in). */
export function todayInBrussels(now: Date = new Date()): string {
  return brusselsDate(now);
}

/** "27 novembre 2026", "27 november 2026", "27. November 2026", "27 November 2026". */
export function formatCivilDate(date: string, locale: Locale): string {
  const ms = toDayNumber(date) * MS_PER_DAY;
  const tag = locale === "en" ? "en-GB" : `${locale}-BE`;
  return dateTimeFormat(tag, { dateStyle: "long", timeZone: "UTC" }).format(new Date(ms));
}

import { dateTimeFormat } from "./intl";

/**
 * Time, as one object in the context, so that a test can run the deadline
 * jobs "on 2026-03-01" without touching the machine's clock. Civil dates are
 * `YYYY-MM-DD` strings in Brussels time: a legal deadline is a calendar day.
 */
export interface Clock {
  now(): Date;
  /** Today's date in Brussels, `YYYY-MM-DD`. */
  today(): string;
}

export function brusselsDate(now: Date): string {
  const parts = dateTimeFormat("en-CA", {
    timeZone: "Europe/Brussels",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => brusselsDate(new Date()),
};

/** A clock stopped at `at` (tests); `set` moves it. */
export function fixedClock(at: Date | string): Clock & { set(at: Date | string): void } {
  let current = new Date(at);
  return {
    now: () => new Date(current),
    today: () => brusselsDate(current),
    set(next) {
      current = new Date(next);
    },
  };
}

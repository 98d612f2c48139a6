/**
 * Authority scorecards: pure functions over request records whose dates are
 * known. Every figure carries the number of requests behind it; proportions
 * carry a Wilson 95% interval, which stays honest for small samples (unlike
 * p ± 1.96·√(p(1−p)/n), it never leaves [0, 1] and is not zero-width at 0 or
 * 100%). Below a threshold a figure is "not enough requests yet": Alaveteli
 * hides everything under 100 requests; we show figures from a handful on,
 * with their uncertainty.
 */
import { compareDates, toDayNumber } from "../authorities/civil-date";

export const OUTCOMES = ["successful", "partially_successful", "refused", "not_held"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export type StatsRecord = {
  /** Civil date the authority received the request; null when never sent (not counted). */
  received: string | null;
  /** The legal deadline in force (the extended one when an extension was announced). */
  due: string | null;
  /** Civil date of the authority's first real reply (not an auto-reply or acknowledgement). */
  firstReply: string | null;
  /** Current state of the request. */
  state: string;
  /** The last outcome the requester classified, kept while an appeal is pending. */
  outcome: Outcome | null;
  appealed: boolean;
};

export const DEFAULT_THRESHOLD = 5;

export type Proportion = {
  /** Requests behind the figure (the denominator). */
  n: number;
  /** Requests counted (the numerator). */
  count: number;
  /** count / n, or null when n is under the threshold. */
  value: number | null;
  /** Wilson 95% interval, or null when n is under the threshold. */
  low: number | null;
  high: number | null;
  enough: boolean;
};

export type Median = { n: number; value: number | null; enough: boolean };

export type Scorecard = {
  requests: number;
  answeredInTime: Proportion;
  medianDaysToFirstReply: Median;
  overdueNow: Proportion;
  successful: Proportion;
  partial: Proportion;
  refused: Proportion;
  notHeld: Proportion;
  appeals: Proportion;
};

const Z95 = 1.959963984540054;

/** The Wilson score interval for `count` successes out of `n`. */
export function wilson(count: number, n: number, z = Z95): { low: number; high: number } {
  if (n <= 0) return { low: 0, high: 1 };
  const p = count / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export function proportion(count: number, n: number, threshold = DEFAULT_THRESHOLD): Proportion {
  const enough = n >= threshold && n > 0;
  if (!enough) return { n, count, value: null, low: null, high: null, enough };
  const { low, high } = wilson(count, n);
  return { n, count, value: count / n, low, high, enough };
}

export function median(values: number[], threshold = DEFAULT_THRESHOLD): Median {
  const n = values.length;
  if (n < threshold || n === 0) return { n, value: null, enough: false };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(n / 2);
  return { n, value: n % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2, enough: true };
}

export function daysBetween(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** States in which the authority still owes an answer, so the deadline can be missed "now". */
const AWAITING_AUTHORITY = new Set(["awaiting_response"]);

/**
 * The scorecard of a set of requests as of `today` (a civil date in Brussels).
 *
 * - requests: every request sent to the authority.
 * - answered in time: among requests whose fate is known (answered, or past
 *   their deadline), those answered on or before the deadline. A request not
 *   yet answered and not yet due says nothing yet and is left out.
 * - median days to first reply: calendar days from receipt to first reply,
 *   over answered requests.
 * - overdue now: among all requests, those still awaiting the authority after
 *   their deadline.
 * - outcomes: among requests the requester classified, the share of each.
 * - appeals: among all requests, those appealed.
 */
export function computeScorecard(records: StatsRecord[], today: string, threshold = DEFAULT_THRESHOLD): Scorecard {
  const sent = records.filter((r) => r.received !== null);
  const settled = sent.filter((r) => r.due !== null && (r.firstReply !== null || compareDates(today, r.due) > 0));
  const inTime = settled.filter((r) => r.firstReply !== null && compareDates(r.firstReply, r.due!) <= 0);
  const replyDays = sent.filter((r) => r.firstReply !== null).map((r) => daysBetween(r.received!, r.firstReply!));
  const overdue = sent.filter((r) => AWAITING_AUTHORITY.has(r.state) && r.due !== null && compareDates(today, r.due) > 0);
  const classified = sent.filter((r) => r.outcome !== null);
  const share = (outcome: Outcome) => proportion(classified.filter((r) => r.outcome === outcome).length, classified.length, threshold);
  return {
    requests: sent.length,
    answeredInTime: proportion(inTime.length, settled.length, threshold),
    medianDaysToFirstReply: median(replyDays, threshold),
    overdueNow: proportion(overdue.length, sent.length, threshold),
    successful: share("successful"),
    partial: share("partially_successful"),
    refused: share("refused"),
    notHeld: share("not_held"),
    appeals: proportion(sent.filter((r) => r.appealed).length, sent.length, threshold),
  };
}

export const FIGURES = ["requests", "answeredInTime", "medianDaysToFirstReply", "overdueNow", "successful", "partial", "refused", "notHeld", "appeals"] as const;
export type Figure = (typeof FIGURES)[number];

export function isFigure(value: unknown): value is Figure {
  return typeof value === "string" && (FIGURES as readonly string[]).includes(value);
}

/** The sortable value of one figure; null when there is not enough data. */
export function figureValue(card: Scorecard, figure: Figure): number | null {
  if (figure === "requests") return card.requests;
  return card[figure].value;
}

/**
 * Sorts rows by one figure. Rows without enough data always come last, in
 * name order, whatever the direction: "not enough requests yet" is not a rank.
 */
export function rankBy<T extends { card: Scorecard; name: string }>(rows: T[], figure: Figure, direction: "asc" | "desc"): T[] {
  const sign = direction === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = figureValue(a.card, figure);
    const vb = figureValue(b.card, figure);
    if (va === null || vb === null) {
      if (va !== vb) return va === null ? 1 : -1;
      return a.name.localeCompare(b.name);
    }
    return va === vb ? a.name.localeCompare(b.name) : (va - vb) * sign;
  });
}

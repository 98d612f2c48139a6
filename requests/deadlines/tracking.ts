/**
 * Deadline tracking of one request: the dates Dossier stores on it, whether
 * it is overdue on a given day, and how long the citizen has left to appeal.
 * Pure functions over the deadline engine (authorities/deadline.ts); "today"
 * is always passed in, never read from the clock, so tests drive time.
 */
import { appealBody as appealBodyById, environmentalDeadlines } from "../../authorities/appeal-bodies";
import { addDays, compareDates, toDayNumber } from "../../authorities/civil-date";
import { appealByAfterRefusal, appealByAfterSilence, dueDate, extendedDueDate } from "../../authorities/deadline";
import { REGIMES, type RegimeTable } from "../../authorities/regimes";
import type { RegimeId } from "../../authorities/vocabulary";
import type { Locale } from "../../core/i18n/locales";
import { brusselsDate } from "../../core/clock";

/** The states in which the authority still owes an answer (its deadline runs). */
export const WAITING_STATES = ["awaiting_response", "waiting_clarification"] as const;
/** The states a citizen may escalate from once classified. */
export const APPEALABLE_STATES = ["refused", "partially_successful"] as const;

export function isWaitingState(state: string): boolean {
  return (WAITING_STATES as readonly string[]).includes(state);
}

export interface TrackingInput {
  regime: RegimeId;
  /** Civil date (Europe/Brussels) on which the authority received the request; null while unsent. */
  receivedDate: string | null;
  /** The authority announced an extension (marked by the citizen). */
  extended: boolean;
  /** Date of the authority's explicit decision (refusal or partial refusal), if any. */
  decisionDate: string | null;
  /** Flanders: the decision does not mention the appeal route (the period starts 4 months later). */
  appealNoticeMissing?: boolean;
  environmental: boolean;
}

/** What the requests table stores (received_date, due_date, extended_due_date, appeal_deadline). */
export interface StoredDates {
  received_date: string | null;
  due_date: string | null;
  /** Only once an extension is announced. */
  extended_due_date: string | null;
  /** The earliest date by which the citizen must appeal; null when no period runs. */
  appeal_deadline: string | null;
}

export interface AppealWindow {
  /** The ordinary appeal body of the regime. */
  body: string;
  by: string | null;
  /** Why no date: no statutory deadline (federal), no period against silence (Flanders), none computed (DG). */
  noDateReason: "no_statutory_deadline" | "no_period_runs" | "not_computed" | null;
  /** The separate environmental route (federal, Wallonia) when the request is flagged. */
  environmental: { body: string; by: string | null; urgent: boolean } | null;
  /** `by` is the longer period the regime gives when the decision did not mention the appeal route (Flanders). */
  extendedForMissingNotice?: boolean;
}

/** Whether the regime gives the citizen more time when the decision does not mention the appeal route. */
export function missingNoticeExtends(regime: RegimeId, table: RegimeTable = REGIMES): boolean {
  return table[regime].appealAfterRefusal.value.withoutAppealNotice !== undefined;
}

/** The authority's deadline in force: the extended one once announced. */
export function dueInForce(dates: Pick<StoredDates, "due_date" | "extended_due_date">): string | null {
  return dates.extended_due_date ?? dates.due_date;
}

export function appealWindow(input: TrackingInput, table: RegimeTable = REGIMES): AppealWindow {
  const regime = table[input.regime];
  const body = regime.appealBody.value;
  if (!input.receivedDate) return { body, by: null, noDateReason: null, environmental: null };
  let by: string | null;
  let rule;
  if (input.decisionDate) {
    by = appealByAfterRefusal(input.regime, input.decisionDate, { appealNoticeMissing: input.appealNoticeMissing === true }, table);
    rule = regime.appealAfterRefusal.value.base;
  } else {
    by = appealByAfterSilence(input.regime, input.receivedDate, { extended: input.extended }, table);
    rule = regime.appealAfterSilence.value;
  }
  const noDateReason = by === null && rule.kind === "none" ? rule.reason : null;
  let environmental: AppealWindow["environmental"] = null;
  if (input.environmental) {
    const due = input.extended ? extendedDueDate(input.regime, input.receivedDate, table) : dueDate(input.regime, input.receivedDate, table);
    const env = environmentalDeadlines(input.regime, due, input.decisionDate);
    if (env && env.appeal_body !== body) {
      environmental = {
        body: env.appeal_body,
        by: input.decisionDate ? env.appeal_by_after_refusal : env.appeal_by_after_silence,
        urgent: env.urgent,
      };
    }
  }
  const extendedForMissingNotice = input.decisionDate !== null && input.appealNoticeMissing === true && by !== null && missingNoticeExtends(input.regime, table);
  return { body, by, noDateReason, environmental, extendedForMissingNotice };
}

function earliest(...dates: Array<string | null>): string | null {
  const real = dates.filter((d): d is string => d !== null);
  if (real.length === 0) return null;
  return real.reduce((a, b) => (compareDates(a, b) <= 0 ? a : b));
}

/**
 * The dates stored on the request. The stored appeal deadline is the
 * earliest of the ordinary and environmental routes: the safe date for the
 * citizen (law/deadline-rules.md).
 */
export function computeStoredDates(input: TrackingInput, table: RegimeTable = REGIMES): StoredDates {
  if (!input.receivedDate) return { received_date: null, due_date: null, extended_due_date: null, appeal_deadline: null };
  const window = appealWindow(input, table);
  return {
    received_date: input.receivedDate,
    due_date: dueDate(input.regime, input.receivedDate, table),
    extended_due_date: input.extended ? extendedDueDate(input.regime, input.receivedDate, table) : null,
    appeal_deadline: earliest(window.by, window.environmental?.by ?? null),
  };
}

export function storedDatesEqual(a: StoredDates, b: StoredDates): boolean {
  return (
    a.received_date === b.received_date &&
    a.due_date === b.due_date &&
    a.extended_due_date === b.extended_due_date &&
    a.appeal_deadline === b.appeal_deadline
  );
}

export interface OverdueStatus {
  overdue: boolean;
  /** The first overdue day (the day after the deadline in force). */
  overdueSince: string | null;
  daysOverdue: number;
}

/**
 * A request is overdue from the day after its deadline in force while the
 * authority still owes an answer (law/deadline-rules.md).
 */
export function overdueStatus(state: string, dates: Pick<StoredDates, "due_date" | "extended_due_date">, today: string): OverdueStatus {
  const due = dueInForce(dates);
  if (!due || !isWaitingState(state) || compareDates(today, due) <= 0) return { overdue: false, overdueSince: null, daysOverdue: 0 };
  return { overdue: true, overdueSince: addDays(due, 1), daysOverdue: toDayNumber(today) - toDayNumber(due) };
}

/** Days left until `date` (0 on the day itself, negative once past). */
export function daysUntil(date: string, today: string): number {
  return toDayNumber(date) - toDayNumber(today);
}

/** Whether the escalation wizard is offered: overdue, or classified refused / partially successful. */
export function canEscalate(state: string, dates: Pick<StoredDates, "due_date" | "extended_due_date">, today: string): boolean {
  return (APPEALABLE_STATES as readonly string[]).includes(state) || overdueStatus(state, dates, today).overdue;
}

export function appealBodyName(id: string, locale: Locale): string {
  return appealBodyById(id)?.name[locale] ?? id;
}

/** The civil date of an instant in Europe/Brussels (the date the law counts in). */
export { brusselsDate };

/** The events a request's tracking is derived from (a subset of the events table). */
export interface TrackingEvent {
  type: string;
  at: Date;
  data: Record<string, unknown>;
}

/**
 * Facts the events say: whether an extension was marked (and not withdrawn),
 * and the decision date of the latest classification as refused or partially
 * successful. The decision date is the date of the last authority reply
 * before that classification when known (the earliest plausible date: safe
 * for the citizen's deadline), else the classification's date.
 */
export function factsFromEvents(events: TrackingEvent[], replyDates: Date[]): { extended: boolean; decisionDate: string | null } {
  const sorted = [...events].sort((a, b) => a.at.getTime() - b.at.getTime());
  let extended = false;
  let decisionDate: string | null = null;
  for (const e of sorted) {
    if (e.type === "extension_marked") extended = true;
    if (e.type === "extension_unmarked") extended = false;
    if (e.type === "state_changed") {
      const to = e.data.to;
      if (typeof to === "string" && (APPEALABLE_STATES as readonly string[]).includes(to)) {
        const before = replyDates.filter((d) => d.getTime() <= e.at.getTime()).sort((a, b) => b.getTime() - a.getTime())[0];
        decisionDate = brusselsDate(before ?? e.at);
      } else if (typeof to === "string" && isWaitingState(to)) {
        decisionDate = null;
      }
    }
  }
  return { extended, decisionDate };
}

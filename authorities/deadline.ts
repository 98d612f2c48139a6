/**
 * The deadline engine: pure functions over the regime table and calendar
 * (law/deadline-rules.md). Dates are `YYYY-MM-DD` civil dates.
 *
 * - The authority's deadline (due, extended due) is counted from the day
 *   after receipt; a calendar-day deadline landing on a non-working day moves
 *   to the next working day; a working-day deadline is the Nth working day.
 * - The citizen's appeal deadlines are never moved over weekends or holidays.
 */
import { addDays, addMonths, isValidDate } from "./civil-date";
import { addWorkingDays, nextWorkingDayOnOrAfter } from "./calendar";
import { REGIMES, isRegimeId, type AppealPeriod, type Period, type RegimeTable } from "./regimes";
import type { RegimeId } from "./vocabulary";
import { InvalidInputError } from "../core/errors";

function applyPeriod(regime: RegimeId, received: string, period: Period, rollForward: boolean, table: RegimeTable): string {
  if (period.unit === "working") return addWorkingDays(received, period.days, regime, table);
  const end = addDays(received, period.days);
  return rollForward ? nextWorkingDayOnOrAfter(end, regime, table) : end;
}

/** The authority's ordinary deadline. */
export function dueDate(regime: RegimeId, received: string, table: RegimeTable = REGIMES): string {
  const r = table[regime];
  return applyPeriod(regime, received, r.due.value, r.rollForward.value, table);
}

/** The authority's deadline after it announced an extension. */
export function extendedDueDate(regime: RegimeId, received: string, table: RegimeTable = REGIMES): string {
  const r = table[regime];
  return applyPeriod(regime, received, r.extendedDue.value, r.rollForward.value, table);
}

function applyAppeal(period: AppealPeriod, from: string): string | null {
  return period.kind === "days_after" ? addDays(from, period.days) : null;
}

/**
 * Last day for the citizen's appeal when the authority stays silent, counted
 * from the due date in force (the extended one when an extension was
 * announced). Null when no period runs or none is computed.
 */
export function appealByAfterSilence(
  regime: RegimeId,
  received: string,
  opts: { extended?: boolean } = {},
  table: RegimeTable = REGIMES,
): string | null {
  const due = opts.extended ? extendedDueDate(regime, received, table) : dueDate(regime, received, table);
  return applyAppeal(table[regime].appealAfterSilence.value, due);
}

/**
 * Last day for the citizen's appeal against an explicit refusal dated S.
 * Flanders: S + 30 days, or S + 4 months + 30 days when the decision does not
 * mention the appeal route. Null when no period runs or none is computed.
 */
export function appealByAfterRefusal(
  regime: RegimeId,
  refusedOn: string,
  opts: { appealNoticeMissing?: boolean } = {},
  table: RegimeTable = REGIMES,
): string | null {
  const rule = table[regime].appealAfterRefusal.value;
  if (opts.appealNoticeMissing && rule.withoutAppealNotice) {
    return addDays(addMonths(refusedOn, rule.withoutAppealNotice.months), rule.withoutAppealNotice.days);
  }
  return applyAppeal(rule.base, refusedOn);
}

export interface DeadlineInput {
  regime: string;
  received: string;
  extended?: boolean;
  refused_on?: string | null;
  appeal_notice_missing?: boolean;
}

/** The JSON contract of `dossier deadline` (DESIGN.md). */
export interface DeadlineResult {
  regime: RegimeId;
  received: string;
  due: string;
  extended_due: string;
  appeal_body: string;
  appeal_by_after_silence: string | null;
  appeal_by_after_refusal: string | null;
}

export class DeadlineInputError extends InvalidInputError {
  constructor(message: string) {
    super(message, "invalid_deadline_input");
  }
}

/** Validate input and compute every date of the CLI contract. */
export function computeDeadlines(input: DeadlineInput, table: RegimeTable = REGIMES): DeadlineResult {
  if (typeof input.regime !== "string" || !isRegimeId(input.regime)) {
    throw new DeadlineInputError(`unknown regime ${JSON.stringify(input.regime)} (expected one of ${Object.keys(table).join(", ")})`);
  }
  if (typeof input.received !== "string" || !isValidDate(input.received)) {
    throw new DeadlineInputError(`received must be a date YYYY-MM-DD, got ${JSON.stringify(input.received)}`);
  }
  if (input.refused_on != null && (typeof input.refused_on !== "string" || !isValidDate(input.refused_on))) {
    throw new DeadlineInputError(`refused_on must be a date YYYY-MM-DD, got ${JSON.stringify(input.refused_on)}`);
  }
  if (input.extended != null && typeof input.extended !== "boolean") {
    throw new DeadlineInputError(`extended must be true or false, got ${JSON.stringify(input.extended)}`);
  }
  const regime = input.regime;
  return {
    regime,
    received: input.received,
    due: dueDate(regime, input.received, table),
    extended_due: extendedDueDate(regime, input.received, table),
    appeal_body: table[regime].appealBody.value,
    appeal_by_after_silence: appealByAfterSilence(regime, input.received, { extended: input.extended === true }, table),
    appeal_by_after_refusal: input.refused_on
      ? appealByAfterRefusal(regime, input.refused_on, { appealNoticeMissing: input.appeal_notice_missing === true }, table)
      : null,
  };
}

/**
 * Which reminder e-mails a citizen is owed on a given day. Pure and
 * idempotent: each reminder has a key naming what it is anchored to (the
 * deadline or the reply), so running the job twice, or after a pause, never
 * sends one twice, and a changed deadline (an extension) earns a new one.
 *
 * - `overdue`: the authority's deadline in force has passed without an answer.
 * - `unclassified`: a reply has waited 3, 10 and 24 days for the citizen to
 *   say what it is (as Alaveteli does).
 * - `appeal_deadline`: the citizen's own appeal deadline is 7, then 2 days away.
 *
 * After a pause only the latest step reached is sent (no burst of stale ones).
 */
import { compareDates } from "../../authorities/civil-date";
import { daysUntil, dueInForce, isWaitingState, type StoredDates } from "./tracking";

export const REMINDER_KINDS = ["overdue", "unclassified", "appeal_deadline"] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export function isReminderKind(value: unknown): value is ReminderKind {
  return typeof value === "string" && (REMINDER_KINDS as readonly string[]).includes(value);
}

export const UNCLASSIFIED_STEPS = [3, 10, 24] as const;
export const APPEAL_STEPS = [7, 2] as const;

export interface ReminderFacts {
  state: string;
  dates: StoredDates;
  /** Civil date of the oldest reply still waiting to be classified; null when none. */
  unclassifiedSince: string | null;
  /** An appeal was already sent (no more appeal-deadline reminders). */
  appealSent: boolean;
}

export interface DueReminder {
  kind: ReminderKind;
  /** Unique per request: `overdue:<due>`, `unclassified:<since>:<step>`, `appeal_deadline:<by>:<step>`. */
  key: string;
  /** Days: the unclassified step (3, 10, 24) or the days left before the appeal deadline (7, 2); 0 for overdue. */
  step: number;
}

/** Keys of the earlier steps of a series that a later step makes stale. */
function seriesKey(kind: ReminderKind, anchor: string, step: number): string {
  return `${kind}:${anchor}:${step}`;
}

export function remindersDue(facts: ReminderFacts, today: string, alreadySent: readonly string[], unsubscribed: readonly ReminderKind[] = []): DueReminder[] {
  const sent = new Set(alreadySent);
  const out: DueReminder[] = [];
  const want = (kind: ReminderKind) => !unsubscribed.includes(kind);

  const due = dueInForce(facts.dates);
  if (want("overdue") && due && isWaitingState(facts.state) && compareDates(today, due) > 0) {
    const key = `overdue:${due}`;
    if (!sent.has(key)) out.push({ kind: "overdue", key, step: 0 });
  }

  if (want("unclassified") && facts.unclassifiedSince) {
    const waited = -daysUntil(facts.unclassifiedSince, today);
    const reached = UNCLASSIFIED_STEPS.filter((s) => waited >= s);
    const latest = reached[reached.length - 1];
    if (latest !== undefined) {
      const laterOrSame = UNCLASSIFIED_STEPS.filter((s) => s >= latest).map((s) => seriesKey("unclassified", facts.unclassifiedSince!, s));
      if (!laterOrSame.some((k) => sent.has(k))) out.push({ kind: "unclassified", key: seriesKey("unclassified", facts.unclassifiedSince, latest), step: latest });
    }
  }

  const appealBy = facts.dates.appeal_deadline;
  const stillOpen = facts.state !== "successful" && facts.state !== "withdrawn" && facts.state !== "not_held" && !facts.appealSent;
  // The appeal deadline only matters once the citizen can appeal: after the
  // deadline in force passed, or after a decision.
  const appealRuns = due !== null && (compareDates(today, due) > 0 || !isWaitingState(facts.state));
  if (want("appeal_deadline") && appealBy && stillOpen && appealRuns) {
    const left = daysUntil(appealBy, today);
    if (left >= 0) {
      // APPEAL_STEPS run from 7 down to 2: the latest reached is the smallest step >= left.
      const reached = APPEAL_STEPS.filter((s) => left <= s);
      const latest = reached[reached.length - 1];
      if (latest !== undefined) {
        const laterOrSame = APPEAL_STEPS.filter((s) => s <= latest).map((s) => seriesKey("appeal_deadline", appealBy, s));
        if (!laterOrSame.some((k) => sent.has(k))) out.push({ kind: "appeal_deadline", key: seriesKey("appeal_deadline", appealBy, latest), step: latest });
      }
    }
  }
  return out;
}

/**
 * The reminder e-mails to citizens, in their interface language, each with
 * the one-click next steps and an unsubscribe link for that kind of
 * reminder only. Pure: links are passed in. The texts are the definition
 * in requests/emails.ts, with the shared catalogues.
 */
import type { Locale } from "../../authorities/regimes";
import type { DueReminder, ReminderKind } from "./reminders";
import { translate } from "../../core/i18n/index";
import { reminderEmail, type ReminderEmailParams } from "../emails";

export interface ReminderEmailInput {
  reminder: DueReminder;
  locale: Locale;
  citizenName: string;
  title: string;
  authorityName: string;
  /** The authority's deadline in force. */
  due: string | null;
  appealBy: string | null;
  appealBodyName: string;
  links: { request: string; nudge: string; escalate: string; classify: string; unsubscribe: string };
}

/** The reminder's definition's parameters (requests/emails.ts `reminderEmail`). */
export function reminderParams(input: ReminderEmailInput): ReminderEmailParams {
  return {
    kind: input.reminder.kind,
    days: input.reminder.step,
    name: input.citizenName,
    title: input.title,
    authority: input.authorityName,
    due: input.due,
    by: input.appealBy,
    body: input.appealBodyName,
    links: input.links,
  };
}

/** The reminder as the citizen reads it. */
export function reminderKindName(kind: ReminderKind, locale: Locale): string {
  return translate(locale, `email.reminder.kind.${kind}`);
}

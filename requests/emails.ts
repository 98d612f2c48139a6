import { defineEmail } from "../core/email";
import type { ReminderKind } from "./deadlines/reminders";
import { formatDate } from "./deadlines/timeline";

/** The citizen's copy: "your request was sent (or is waiting to be sent)". */
export const requestSentEmail = defineEmail<{ title: string; authority: string; url: string }>({
  kind: "request_sent",
  subject: (t, p) => t("email.requestSent.subject", { title: p.title }),
  body: (t, p) => t("email.requestSent.body", p),
});

export type ReminderEmailParams = {
  kind: ReminderKind;
  /** The reminder's step: days waited (unclassified) or left (appeal). */
  days: number;
  name: string;
  title: string;
  authority: string;
  /** Civil dates (YYYY-MM-DD), formatted in the citizen's language. */
  due: string | null;
  by: string | null;
  /** The appeal body's name. */
  body: string;
  links: { request: string; nudge: string; escalate: string; classify: string; unsubscribe: string };
};

/**
 * The deadline reminders, each with the one-click next steps and an
 * unsubscribe link for that kind of reminder only.
 */
export const reminderEmail = defineEmail<ReminderEmailParams>({
  kind: (p) => `reminder_${p.kind}`,
  subject: (t, p) => t(`email.reminder.${p.kind}.subject`, { title: p.title, days: p.days }),
  body: (t, p, locale) => {
    const values = {
      ...p.links,
      name: p.name,
      title: p.title,
      authority: p.authority,
      due: p.due ? formatDate(p.due, locale) : "",
      by: p.by ? formatDate(p.by, locale) : "",
      body: p.body,
      days: p.days,
      kind: t(`email.reminder.kind.${p.kind}`),
    };
    return `${t("email.reminder.hello", values)}\n\n${t(`email.reminder.${p.kind}.body`, values)}\n\n-- \n${t("email.reminder.footer", values)}\n`;
  },
});

/**
 * The plain-language timeline of a request (sent, due, overdue since, appeal
 * by…) in French, Dutch, German and English. Pure: `today` is passed in. The
 * same text serves the request page and the reminder e-mails, so it lives
 * next to the rules rather than in the UI catalogue.
 */
import { toDayNumber } from "../../authorities/civil-date";
import type { Locale } from "../../authorities/regimes";
import { appealBodyName, daysUntil, dueInForce, overdueStatus, type AppealWindow, type StoredDates } from "./tracking";
import { dateTimeFormat } from "../../core/intl";

const INTL_LOCALE: Record<Locale, string> = { fr: "fr-BE", nl: "nl-BE", de: "de-BE", en: "en-GB" };

/** "2 mars 2026", "2 maart 2026", "2. März 2026", "2 March 2026". */
export function formatDate(date: string, locale: Locale): string {
  const instant = new Date(toDayNumber(date) * 86_400_000);
  return dateTimeFormat(INTL_LOCALE[locale], { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" }).format(instant);
}

type Params = Record<string, string | number>;
const fill = (t: string, p: Params) => t.replace(/\{(\w+)\}/g, (m, k: string) => (k in p ? String(p[k]) : m));

export const TIMELINE_TEXT = {
  sent: {
    fr: "Envoyée le {date}.",
    nl: "Verstuurd op {date}.",
    de: "Gesendet am {date}.",
    en: "Sent on {date}.",
  },
  due: {
    fr: "L’autorité doit répondre au plus tard le {date}.",
    nl: "De overheid moet uiterlijk op {date} antwoorden.",
    de: "Die Behörde muss spätestens am {date} antworten.",
    en: "The authority must answer by {date}.",
  },
  dueReplaced: {
    fr: "Délai initial : {date} (prolongé).",
    nl: "Oorspronkelijke termijn: {date} (verlengd).",
    de: "Ursprüngliche Frist: {date} (verlängert).",
    en: "Original deadline: {date} (extended).",
  },
  extendedDue: {
    fr: "L’autorité a prolongé le délai : elle doit répondre au plus tard le {date}.",
    nl: "De overheid heeft de termijn verlengd: ze moet uiterlijk op {date} antwoorden.",
    de: "Die Behörde hat die Frist verlängert: Sie muss spätestens am {date} antworten.",
    en: "The authority extended the deadline: it must answer by {date}.",
  },
  overdue: {
    fr: "En retard depuis le {date} ({days} jours sans réponse après le délai).",
    nl: "Te laat sinds {date} ({days} dagen zonder antwoord na de termijn).",
    de: "Überfällig seit dem {date} ({days} Tage ohne Antwort nach Fristablauf).",
    en: "Overdue since {date} ({days} days without an answer after the deadline).",
  },
  decision: {
    fr: "Décision de l’autorité le {date}.",
    nl: "Beslissing van de overheid op {date}.",
    de: "Entscheidung der Behörde am {date}.",
    en: "The authority decided on {date}.",
  },
  appealBy: {
    fr: "Recours possible auprès de : {body}, au plus tard le {date} ({left}).",
    nl: "Beroep mogelijk bij: {body}, uiterlijk op {date} ({left}).",
    de: "Beschwerde möglich bei: {body}, spätestens am {date} ({left}).",
    en: "You can appeal to: {body}, by {date} ({left}).",
  },
  appealExpired: {
    fr: "Le délai de recours auprès de {body} a expiré le {date}.",
    nl: "De beroepstermijn bij {body} is verstreken op {date}.",
    de: "Die Beschwerdefrist bei {body} ist am {date} abgelaufen.",
    en: "The deadline to appeal to {body} passed on {date}.",
  },
  appealNoticeMissing: {
    fr: "La décision ne mentionnait pas les voies de recours : le délai de recours est plus long.",
    nl: "De beslissing vermeldde de beroepsmogelijkheid niet: de beroepstermijn is langer.",
    de: "Die Entscheidung nannte den Rechtsbehelf nicht: Die Beschwerdefrist ist länger.",
    en: "The decision did not say how to appeal: the appeal deadline is later.",
  },
  appealNoStatutory: {
    fr: "Recours possible auprès de : {body}. La loi ne fixe pas de délai, mais n’attendez pas trop longtemps.",
    nl: "Beroep mogelijk bij: {body}. De wet legt geen termijn op, maar wacht niet te lang.",
    de: "Beschwerde möglich bei: {body}. Das Gesetz setzt keine Frist, aber warten Sie nicht zu lange.",
    en: "You can appeal to: {body}. The law sets no deadline, but do not wait too long.",
  },
  appealNoPeriod: {
    fr: "Recours possible auprès de : {body}. Contre un silence, aucun délai ne court.",
    nl: "Beroep mogelijk bij: {body}. Tegen het uitblijven van een beslissing loopt geen termijn.",
    de: "Beschwerde möglich bei: {body}. Gegen ausbleibende Entscheidungen läuft keine Frist.",
    en: "You can appeal to: {body}. No deadline runs against a silence.",
  },
  appealNotComputed: {
    fr: "Pas de commission de recours : médiation par {body}, puis le Conseil d’État.",
    nl: "Geen beroepscommissie: bemiddeling door {body}, daarna de Raad van State.",
    de: "Keine Beschwerdekommission: Vermittlung durch {body}, danach der Staatsrat.",
    en: "No appeal commission: mediation by {body}, then the Council of State.",
  },
  envAppealBy: {
    fr: "Information environnementale : recours auprès de {body} au plus tard le {date} ({left}).",
    nl: "Milieu-informatie: beroep bij {body} uiterlijk op {date} ({left}).",
    de: "Umweltinformationen: Beschwerde bei {body} spätestens am {date} ({left}).",
    en: "Environmental information: appeal to {body} by {date} ({left}).",
  },
  envNoDeadline: {
    fr: "Information environnementale : recours possible auprès de {body} (pas de délai contre un silence).",
    nl: "Milieu-informatie: beroep mogelijk bij {body} (geen termijn tegen het uitblijven van een beslissing).",
    de: "Umweltinformationen: Beschwerde möglich bei {body} (keine Frist gegen ausbleibende Entscheidungen).",
    en: "Environmental information: you can appeal to {body} (no deadline against a silence).",
  },
  appealSent: {
    fr: "Recours envoyé le {date} à {body}.",
    nl: "Beroep verstuurd op {date} naar {body}.",
    de: "Beschwerde am {date} an {body} gesendet.",
    en: "Appeal sent on {date} to {body}.",
  },
  bodyDecisionBy: {
    fr: "{body} doit se prononcer au plus tard le {date}.",
    nl: "{body} moet zich uiterlijk op {date} uitspreken.",
    de: "{body} muss sich spätestens am {date} äußern.",
    en: "{body} must decide by {date}.",
  },
  daysLeft: {
    fr: "encore {days} jours",
    nl: "nog {days} dagen",
    de: "noch {days} Tage",
    en: "{days} days left",
  },
  lastDay: {
    fr: "c’est aujourd’hui le dernier jour",
    nl: "vandaag is de laatste dag",
    de: "heute ist der letzte Tag",
    en: "today is the last day",
  },
  oneDayLeft: {
    fr: "encore 1 jour",
    nl: "nog 1 dag",
    de: "noch 1 Tag",
    en: "1 day left",
  },
} satisfies Record<string, Record<Locale, string>>;

export type TimelineKey = keyof typeof TIMELINE_TEXT;

export function timelineText(key: TimelineKey, locale: Locale, params: Params = {}): string {
  return fill(TIMELINE_TEXT[key][locale], params);
}

export interface TimelineEntry {
  kind: "sent" | "due" | "extended_due" | "overdue" | "decision" | "appeal_by" | "environmental_appeal_by" | "appeal_sent" | "body_decision_by";
  date: string | null;
  text: string;
  /** past, today or future, relative to `today`. */
  when: "past" | "today" | "future" | null;
  /** Needs the citizen's attention (overdue, an appeal deadline within 7 days, the CRAIE's 15 days). */
  urgent: boolean;
}

export interface TimelineInput {
  state: string;
  dates: StoredDates;
  decisionDate: string | null;
  appeal: AppealWindow;
  appealSent?: { date: string; body: string; bodyDecisionBy: string | null } | null;
}

function leftText(date: string, today: string, locale: Locale): string {
  const left = daysUntil(date, today);
  if (left === 0) return timelineText("lastDay", locale);
  if (left === 1) return timelineText("oneDayLeft", locale);
  return timelineText("daysLeft", locale, { days: left });
}

function when(date: string, today: string): TimelineEntry["when"] {
  const d = daysUntil(date, today);
  return d < 0 ? "past" : d === 0 ? "today" : "future";
}

/** The timeline in date order as far as dates exist; entries without a date come last. */
export function buildTimeline(input: TimelineInput, today: string, locale: Locale): TimelineEntry[] {
  const { dates } = input;
  const out: TimelineEntry[] = [];
  const fmt = (d: string) => formatDate(d, locale);
  if (!dates.received_date || !dates.due_date) return out;
  out.push({ kind: "sent", date: dates.received_date, text: timelineText("sent", locale, { date: fmt(dates.received_date) }), when: when(dates.received_date, today), urgent: false });
  if (dates.extended_due_date) {
    out.push({ kind: "due", date: dates.due_date, text: timelineText("dueReplaced", locale, { date: fmt(dates.due_date) }), when: when(dates.due_date, today), urgent: false });
    out.push({ kind: "extended_due", date: dates.extended_due_date, text: timelineText("extendedDue", locale, { date: fmt(dates.extended_due_date) }), when: when(dates.extended_due_date, today), urgent: false });
  } else {
    out.push({ kind: "due", date: dates.due_date, text: timelineText("due", locale, { date: fmt(dates.due_date) }), when: when(dates.due_date, today), urgent: false });
  }
  const overdue = overdueStatus(input.state, dates, today);
  if (overdue.overdue && overdue.overdueSince) {
    out.push({ kind: "overdue", date: overdue.overdueSince, text: timelineText("overdue", locale, { date: fmt(overdue.overdueSince), days: overdue.daysOverdue }), when: "past", urgent: true });
  }
  if (input.decisionDate) {
    out.push({ kind: "decision", date: input.decisionDate, text: timelineText("decision", locale, { date: fmt(input.decisionDate) }), when: when(input.decisionDate, today), urgent: false });
  }
  const showAppeal = overdue.overdue || input.decisionDate !== null || input.state === "appeal_pending" || dueInForce(dates) !== null;
  if (showAppeal && input.state !== "successful" && input.state !== "withdrawn") {
    const body = appealBodyName(input.appeal.body, locale);
    if (input.appeal.by) {
      const left = daysUntil(input.appeal.by, today);
      out.push({
        kind: "appeal_by",
        date: input.appeal.by,
        text:
          (left < 0 ? timelineText("appealExpired", locale, { body, date: fmt(input.appeal.by) }) : timelineText("appealBy", locale, { body, date: fmt(input.appeal.by), left: leftText(input.appeal.by, today, locale) })) +
          (input.appeal.extendedForMissingNotice ? ` ${timelineText("appealNoticeMissing", locale)}` : ""),
        when: when(input.appeal.by, today),
        urgent: left >= 0 && left <= 7,
      });
    } else {
      const key = input.appeal.noDateReason === "no_period_runs" ? "appealNoPeriod" : input.appeal.noDateReason === "not_computed" ? "appealNotComputed" : "appealNoStatutory";
      out.push({ kind: "appeal_by", date: null, text: timelineText(key, locale, { body }), when: null, urgent: false });
    }
    const env = input.appeal.environmental;
    if (env) {
      const body2 = appealBodyName(env.body, locale);
      if (env.by) {
        const left = daysUntil(env.by, today);
        out.push({
          kind: "environmental_appeal_by",
          date: env.by,
          text: left < 0 ? timelineText("appealExpired", locale, { body: body2, date: fmt(env.by) }) : timelineText("envAppealBy", locale, { body: body2, date: fmt(env.by), left: leftText(env.by, today, locale) }),
          when: when(env.by, today),
          // The CRAIE's 15 days are always shown prominently (law/deadline-rules.md).
          urgent: left >= 0 && (env.urgent || left <= 7),
        });
      } else {
        out.push({ kind: "environmental_appeal_by", date: null, text: timelineText("envNoDeadline", locale, { body: body2 }), when: null, urgent: false });
      }
    }
  }
  if (input.appealSent) {
    const body = appealBodyName(input.appealSent.body, locale);
    out.push({ kind: "appeal_sent", date: input.appealSent.date, text: timelineText("appealSent", locale, { date: fmt(input.appealSent.date), body }), when: when(input.appealSent.date, today), urgent: false });
    if (input.appealSent.bodyDecisionBy) {
      out.push({ kind: "body_decision_by", date: input.appealSent.bodyDecisionBy, text: timelineText("bodyDecisionBy", locale, { body, date: fmt(input.appealSent.bodyDecisionBy) }), when: when(input.appealSent.bodyDecisionBy, today), urgent: false });
    }
  }
  const dated = out.filter((e) => e.date !== null).sort((a, b) => (a.date! < b.date! ? -1 : a.date! > b.date! ? 1 : 0));
  return [...dated, ...out.filter((e) => e.date === null)];
}

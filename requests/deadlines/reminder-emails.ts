/**
 * The reminder e-mails to citizens, in their interface language, each with
 * the one-click next steps and an unsubscribe link for that kind of
 * reminder only. Pure: links are passed in.
 */
import type { Locale } from "../../authorities/regimes";
import type { DueReminder, ReminderKind } from "./reminders";
import { formatDate } from "./timeline";

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

const KIND_NAME: Record<ReminderKind, Record<Locale, string>> = {
  overdue: { fr: "retards de réponse", nl: "laattijdige antwoorden", de: "überfällige Antworten", en: "overdue answers" },
  unclassified: { fr: "réponses à classer", nl: "te classificeren antwoorden", de: "einzuordnende Antworten", en: "replies to classify" },
  appeal_deadline: { fr: "délais de recours", nl: "beroepstermijnen", de: "Beschwerdefristen", en: "appeal deadlines" },
};

const T = {
  hello: { fr: "Bonjour {name},", nl: "Beste {name},", de: "Hallo {name},", en: "Hello {name}," },
  overdueSubject: { fr: "Pas de réponse dans le délai : {title}", nl: "Geen antwoord binnen de termijn: {title}", de: "Keine Antwort innerhalb der Frist: {title}", en: "No answer in time: {title}" },
  overdueBody: {
    fr: "{authority} devait répondre à votre demande « {title} » au plus tard le {due}. Le délai est passé sans réponse.\n\nVous pouvez maintenant :\n- envoyer un rappel poli à l’autorité : {nudge}\n- préparer votre recours : {escalate}",
    nl: "{authority} moest uiterlijk op {due} antwoorden op uw verzoek \"{title}\". De termijn is verstreken zonder antwoord.\n\nU kunt nu:\n- de overheid beleefd herinneren: {nudge}\n- uw beroep voorbereiden: {escalate}",
    de: "{authority} hätte Ihren Antrag „{title}“ spätestens am {due} beantworten müssen. Die Frist ist ohne Antwort abgelaufen.\n\nSie können jetzt:\n- die Behörde höflich erinnern: {nudge}\n- Ihre Beschwerde vorbereiten: {escalate}",
    en: "{authority} had to answer your request “{title}” by {due}. The deadline has passed without an answer.\n\nYou can now:\n- send the authority a polite reminder: {nudge}\n- prepare your appeal: {escalate}",
  },
  unclassifiedSubject: { fr: "Qu’a répondu l’autorité ? {title}", nl: "Wat heeft de overheid geantwoord? {title}", de: "Was hat die Behörde geantwortet? {title}", en: "What did the authority answer? {title}" },
  unclassifiedBody: {
    fr: "{authority} a répondu à votre demande « {title} » il y a {days} jours. Dites-nous si vous avez obtenu les documents, pour que chacun sache où en est la demande et que nous suivions les bons délais : {classify}",
    nl: "{authority} heeft {days} dagen geleden geantwoord op uw verzoek \"{title}\". Laat ons weten of u de documenten hebt gekregen, zodat iedereen weet hoe het verzoek ervoor staat en wij de juiste termijnen volgen: {classify}",
    de: "{authority} hat vor {days} Tagen auf Ihren Antrag „{title}“ geantwortet. Sagen Sie uns, ob Sie die Dokumente erhalten haben, damit alle den Stand kennen und wir die richtigen Fristen verfolgen: {classify}",
    en: "{authority} answered your request “{title}” {days} days ago. Tell us whether you got the documents, so everyone can see where the request stands and we track the right deadlines: {classify}",
  },
  appealSubject: { fr: "Plus que {days} jours pour votre recours : {title}", nl: "Nog {days} dagen voor uw beroep: {title}", de: "Nur noch {days} Tage für Ihre Beschwerde: {title}", en: "{days} days left to appeal: {title}" },
  appealBody: {
    fr: "Le délai pour saisir {body} au sujet de votre demande « {title} » expire le {by}. Après cette date, le recours ne sera plus possible.\n\nPréparer et envoyer votre recours : {escalate}",
    nl: "De termijn om beroep in te stellen bij {body} over uw verzoek \"{title}\" verstrijkt op {by}. Daarna is beroep niet meer mogelijk.\n\nUw beroep voorbereiden en versturen: {escalate}",
    de: "Die Frist, sich wegen Ihres Antrags „{title}“ an {body} zu wenden, endet am {by}. Danach ist keine Beschwerde mehr möglich.\n\nIhre Beschwerde vorbereiten und senden: {escalate}",
    en: "The deadline to appeal to {body} about your request “{title}” ends on {by}. After that date, an appeal is no longer possible.\n\nPrepare and send your appeal: {escalate}",
  },
  footer: {
    fr: "Votre demande : {request}\n\nVous ne voulez plus recevoir de rappels de ce type ({kind}) ? {unsubscribe}",
    nl: "Uw verzoek: {request}\n\nWilt u geen herinneringen van dit soort ({kind}) meer ontvangen? {unsubscribe}",
    de: "Ihr Antrag: {request}\n\nSie möchten keine Erinnerungen dieser Art ({kind}) mehr erhalten? {unsubscribe}",
    en: "Your request: {request}\n\nNo longer want reminders of this kind ({kind})? {unsubscribe}",
  },
} satisfies Record<string, Record<Locale, string>>;

const fill = (t: string, p: Record<string, string | number>) => t.replace(/\{(\w+)\}/g, (m, k: string) => (k in p ? String(p[k]) : m));

export function composeReminderEmail(input: ReminderEmailInput): { subject: string; text: string } {
  const { locale: l, reminder: r } = input;
  const p = {
    name: input.citizenName,
    title: input.title,
    authority: input.authorityName,
    due: input.due ? formatDate(input.due, l) : "",
    by: input.appealBy ? formatDate(input.appealBy, l) : "",
    body: input.appealBodyName,
    days: r.step,
    ...input.links,
    kind: KIND_NAME[r.kind][l],
  };
  const [subject, body] =
    r.kind === "overdue" ? [T.overdueSubject, T.overdueBody] : r.kind === "unclassified" ? [T.unclassifiedSubject, T.unclassifiedBody] : [T.appealSubject, T.appealBody];
  return {
    subject: fill(subject[l], p),
    text: `${fill(T.hello[l], p)}\n\n${fill(body[l], p)}\n\n-- \n${fill(T.footer[l], p)}\n`,
  };
}

export function reminderKindName(kind: ReminderKind, locale: Locale): string {
  return KIND_NAME[kind][locale];
}

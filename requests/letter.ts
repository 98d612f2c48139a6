import { REGIMES } from "../authorities/regimes";
import type { RegimeId } from "../authorities/vocabulary";
import { CONSTITUTION, LAW_CITATION, type LetterLanguage } from "./letter-law";
import { dateTimeFormat } from "../core/intl";

export type { LetterLanguage } from "./letter-law";
export const LETTER_LANGUAGES: readonly LetterLanguage[] = ["fr", "nl", "de"];

export type Letter = { subject: string; text: string };

export function isLetterLanguage(value: unknown): value is LetterLanguage {
  return value === "fr" || value === "nl" || value === "de";
}

/**
 * The languages a letter to this authority may be written in: those the
 * regime allows that the authority also works in. Brussels and federal
 * bodies usually leave the citizen a choice; a Flemish commune gets Dutch.
 */
export function letterLanguages(authority: { regime: string; languages: string[] }): LetterLanguage[] {
  const own = authority.languages.filter(isLetterLanguage);
  const regime = REGIMES[authority.regime as RegimeId];
  const allowed = regime ? own.filter((l) => regime.requestLanguages.value.includes(l)) : own;
  if (allowed.length > 0) return allowed;
  if (own.length > 0) return [own[0]];
  return regime ? [regime.requestLanguages.value[0]] : ["fr"];
}

export function chooseLetterLanguage(options: LetterLanguage[], wanted: unknown): LetterLanguage {
  return isLetterLanguage(wanted) && options.includes(wanted) ? wanted : options[0];
}

/** "27 décembre 2026", "27 december 2026", "27. Dezember 2026". */
export function formatCivilDate(date: string, language: string): string {
  const [y, m, d] = date.split("-").map(Number);
  const tag = { fr: "fr-BE", nl: "nl-BE", de: "de-BE", en: "en-GB" }[language] ?? "fr-BE";
  return dateTimeFormat(tag, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, d)));
}

function deadlineSentence(regime: RegimeId, language: LetterLanguage, due: string | null): string {
  const r = REGIMES[regime];
  const days = r.due.value.days;
  const extended = r.extendedDue.value.days;
  const working = r.due.value.unit === "working";
  const date = due ? formatCivilDate(due, language) : null;
  switch (language) {
    case "fr":
      return (
        `La loi vous impose de répondre dans un délai de ${days} jours ${working ? "ouvrables" : "calendrier"} à compter de la réception de la présente demande` +
        (date ? `, soit au plus tard le ${date}.` : ".") +
        ` Ce délai ne peut être porté à ${extended} jours${working ? " ouvrables" : ""} que si vous m’en informez, en motivant cette prolongation, avant son expiration.`
      );
    case "nl":
      return (
        `De regelgeving verplicht u te antwoorden binnen ${days} ${working ? "werkdagen" : "kalenderdagen"} na ontvangst van dit verzoek` +
        (date ? `, dus uiterlijk op ${date}.` : ".") +
        ` Die termijn kan alleen tot ${extended} ${working ? "werkdagen" : "dagen"} worden verlengd als u mij dat vóór het verstrijken ervan met redenen laat weten.`
      );
    case "de":
      return (
        `Sie sind verpflichtet, innerhalb von ${days} ${working ? "Werktagen" : "Kalendertagen"} nach Eingang dieses Antrags zu antworten` +
        (date ? `, also spätestens am ${date}.` : ".") +
        ` Diese Frist kann nur auf ${extended} ${working ? "Werktage" : "Tage"} verlängert werden, wenn Sie mir dies vor ihrem Ablauf mit Begründung mitteilen.`
      );
  }
}

export type LetterInput = {
  regime: RegimeId;
  language: LetterLanguage;
  title: string;
  body: string;
  displayName: string;
  /** The legal deadline if the letter is sent on the expected day. */
  dueDate: string | null;
  /** The request's public page. */
  publicUrl: string | null;
  /** The requester's postal address, where the regime requires or asks for it (moderation/postal-address.ts). */
  postalAddress?: string | null;
  /** By post (requests/channels.ts): the request's reply e-mail address, so the authority can answer by e-mail. */
  replyByEmailTo?: string | null;
};

/** What changes when the letter is printed and posted: it names the address to answer to. */
function postalWording(language: LetterLanguage, reply: string, url: string | null): { wish: string; footer: string } {
  switch (language) {
    case "fr":
      return {
        wish: `Je souhaite les recevoir sous forme électronique, par courriel à l’adresse ${reply}. Si vous ne détenez pas ces documents, je vous remercie de me l’indiquer et, si vous le savez, de me dire quelle autorité les détient.`,
        footer: `Cette demande est suivie au moyen de Dossier. Votre réponse sera publiée${url ? ` sur ${url}` : ""}. Merci de répondre par courriel à ${reply}.`,
      };
    case "nl":
      return {
        wish: `Ik ontvang ze graag elektronisch, per e-mail op het adres ${reply}. Als u deze documenten niet bezit, laat u mij dat dan weten en, als u het weet, welke overheid ze wel bezit.`,
        footer: `Dit verzoek wordt opgevolgd via Dossier. Uw antwoord wordt gepubliceerd${url ? ` op ${url}` : ""}. Gelieve per e-mail te antwoorden aan ${reply}.`,
      };
    case "de":
      return {
        wish: `Ich möchte sie in elektronischer Form erhalten, per E-Mail an die Adresse ${reply}. Falls Sie diese Dokumente nicht besitzen, teilen Sie mir dies bitte mit und, wenn möglich, welche Behörde sie besitzt.`,
        footer: `Dieser Antrag wird über Dossier verfolgt. Ihre Antwort wird veröffentlicht${url ? ` unter ${url}` : ""}. Bitte antworten Sie per E-Mail an ${reply}.`,
      };
  }
}

const ADDRESS_LABEL: Record<LetterLanguage, string> = { fr: "Adresse postale :", nl: "Postadres:", de: "Postanschrift:" };

/** The signature: the name, then the postal address when the letter carries one. */
function signature(name: string, postalAddress: string | null | undefined, language: LetterLanguage): string {
  const address = postalAddress?.trim();
  return address ? `${name}\n${ADDRESS_LABEL[language]}\n${address}` : name;
}

/** The exact letter e-mailed to the authority: what the preview shows is what is sent. */
export function composeLetter(input: LetterInput): Letter {
  const law = LAW_CITATION[input.regime][input.language];
  const constitution = CONSTITUTION[input.language];
  const deadline = deadlineSentence(input.regime, input.language, input.dueDate);
  const body = input.body.trim();
  const name = signature(input.displayName.trim(), input.postalAddress, input.language);
  const url = input.publicUrl;
  const postal = input.replyByEmailTo ? postalWording(input.language, input.replyByEmailTo, url) : null;
  switch (input.language) {
    case "fr":
      return {
        subject: `Demande d’accès à des documents administratifs — ${input.title}`,
        text: [
          "Madame, Monsieur,",
          `En application de ${constitution} et de ${law}, je vous demande de me communiquer une copie des documents administratifs suivants :`,
          body,
          postal?.wish ?? "Je souhaite les recevoir sous forme électronique, en réponse à ce message. Si vous ne détenez pas ces documents, je vous remercie de me l’indiquer et, si vous le savez, de me dire quelle autorité les détient.",
          deadline,
          "Veuillez agréer, Madame, Monsieur, l’expression de mes salutations distinguées.",
          name,
          "-- ",
          postal?.footer ?? `Cette demande a été envoyée au moyen de Dossier. Votre réponse sera publiée${url ? ` sur ${url}` : ""}. Merci de répondre à l’adresse de ce message.`,
        ].join("\n\n"),
      };
    case "nl":
      return {
        subject: `Verzoek om openbaarheid van bestuursdocumenten — ${input.title}`,
        text: [
          "Geachte mevrouw, geachte heer,",
          `Op grond van ${constitution} en ${law} verzoek ik u mij een afschrift te bezorgen van de volgende bestuursdocumenten:`,
          body,
          postal?.wish ?? "Ik ontvang ze graag elektronisch, als antwoord op dit bericht. Als u deze documenten niet bezit, laat u mij dat dan weten en, als u het weet, welke overheid ze wel bezit.",
          deadline,
          "Met vriendelijke groeten,",
          name,
          "-- ",
          postal?.footer ?? `Dit verzoek werd verstuurd via Dossier. Uw antwoord wordt gepubliceerd${url ? ` op ${url}` : ""}. Gelieve te antwoorden op het adres van dit bericht.`,
        ].join("\n\n"),
      };
    case "de":
      return {
        subject: `Antrag auf Zugang zu Verwaltungsdokumenten — ${input.title}`,
        text: [
          "Sehr geehrte Damen und Herren,",
          `auf der Grundlage von ${constitution} und ${law} beantrage ich eine Abschrift der folgenden Verwaltungsdokumente:`,
          body,
          postal?.wish ?? "Ich möchte sie in elektronischer Form erhalten, als Antwort auf diese Nachricht. Falls Sie diese Dokumente nicht besitzen, teilen Sie mir dies bitte mit und, wenn möglich, welche Behörde sie besitzt.",
          deadline,
          "Mit freundlichen Grüßen",
          name,
          "-- ",
          postal?.footer ?? `Dieser Antrag wurde über Dossier gesendet. Ihre Antwort wird veröffentlicht${url ? ` unter ${url}` : ""}. Bitte antworten Sie an die Adresse dieser Nachricht.`,
        ].join("\n\n"),
      };
  }
}

/** A follow-up: a short letter in the request's language, threaded onto the first. */
export function composeFollowUp(input: { language: LetterLanguage; title: string; body: string; displayName: string; publicUrl: string | null }): Letter {
  const greeting = { fr: "Madame, Monsieur,", nl: "Geachte mevrouw, geachte heer,", de: "Sehr geehrte Damen und Herren," }[input.language];
  const closing = { fr: "Veuillez agréer mes salutations distinguées.", nl: "Met vriendelijke groeten,", de: "Mit freundlichen Grüßen" }[input.language];
  const footer = {
    fr: `Ce message concerne une demande envoyée au moyen de Dossier${input.publicUrl ? ` : ${input.publicUrl}` : "."}`,
    nl: `Dit bericht betreft een verzoek verstuurd via Dossier${input.publicUrl ? `: ${input.publicUrl}` : "."}`,
    de: `Diese Nachricht betrifft einen über Dossier gesendeten Antrag${input.publicUrl ? `: ${input.publicUrl}` : "."}`,
  }[input.language];
  const prefix = { fr: "Demande d’accès à des documents administratifs", nl: "Verzoek om openbaarheid van bestuursdocumenten", de: "Antrag auf Zugang zu Verwaltungsdokumenten" }[input.language];
  return {
    subject: `Re: ${prefix} — ${input.title}`,
    text: [greeting, input.body.trim(), closing, input.displayName.trim(), "-- ", footer].join("\n\n"),
  };
}

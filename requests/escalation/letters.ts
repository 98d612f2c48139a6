/**
 * The letters of escalation, composed as plain data: the polite reminder to
 * the authority, and the appeal each regime requires (law/deadline-rules.md,
 * "The citizen's appeal"). Pure: everything, including the letter's date,
 * is passed in. Letters are written in the authority's or the appeal body's
 * language (fr, nl, de), never in English.
 */
import { APPEAL_BODIES, type AppealBody } from "../../authorities/appeal-bodies";
import { addDays } from "../../authorities/civil-date";
import { REGIMES } from "../../authorities/regimes";
import type { RegimeId } from "../../authorities/vocabulary";
import { formatDate } from "../deadlines/timeline";
import { appealWindow, dueInForce, type StoredDates } from "../deadlines/tracking";
import {
  ENVIRONMENTAL_ARTICLE,
  ENVIRONMENTAL_DECISION_PERIODS,
  ESCALATION_ROUTES,
  LAW_WITH_DEADLINE,
  appealBodyLanguage,
  type DecisionPeriod,
  type LetterKind,
  type LetterLanguage,
} from "./routes";

export interface Addressee {
  /** An appeal body id, or "authority". */
  id: string;
  name: string;
  email: string | null;
  postalAddress: string | null;
  website: string | null;
}

/** One piece of the correspondence, attached to an appeal. */
export interface Annex {
  title: string;
  date: string;
  from: string;
  to: string;
  subject: string;
  text: string;
}

/** A file the authority sent, attached to an appeal as received (its bytes stay in the file store). */
export interface OriginalFile {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  fileKey: string;
  /** The date and sender of the message that carried it. */
  date: string;
  from: string;
  /** False when it would make the e-mail too large: then it is only listed. */
  attached: boolean;
}

export interface Letter {
  kind: LetterKind;
  to: Addressee;
  language: LetterLanguage;
  subject: string;
  body: string;
  annexes: Annex[];
  /** The authority's own files, numbered after the annexes (letters to an appeal body only). */
  files: OriginalFile[];
  /** To be sent by registered post (Wallonia's copy to the authority), not by e-mail. */
  postal: boolean;
}

export interface EscalationFacts {
  requestId: number;
  regime: RegimeId;
  /** The request's letter language. */
  language: LetterLanguage;
  title: string;
  body: string;
  citizenName: string;
  /** The request's own reply address: letters are sent from it so answers thread back. */
  replyAddress: string;
  requestUrl: string;
  authority: { name: string; email: string | null; postalAddress: string | null };
  state: string;
  dates: StoredDates;
  decisionDate: string | null;
  appealNoticeMissing?: boolean;
  environmental: boolean;
  /** The whole correspondence, oldest first (the request itself first). */
  correspondence: Annex[];
  /** The files the authority sent, oldest first. */
  originals?: OriginalFile[];
  /** The letter's date (today, in Europe/Brussels). */
  today: string;
  /** Appeal bodies' contact details known to the directory (override the built-in ones, e.g. an e-mail set by an admin). */
  bodyContacts?: Record<string, Partial<Pick<Addressee, "email" | "postalAddress" | "website" | "name">>>;
}

const d = (date: string, lang: LetterLanguage) => formatDate(date, lang);

const SALUTATION: Record<LetterLanguage, string> = { fr: "Madame, Monsieur,", nl: "Geachte heer, geachte mevrouw,", de: "Sehr geehrte Damen und Herren," };
const CLOSING: Record<LetterLanguage, string> = {
  fr: "Je vous prie d’agréer, Madame, Monsieur, l’expression de mes salutations distinguées.",
  nl: "Met vriendelijke groeten,",
  de: "Mit freundlichen Grüßen",
};
const REPLY_TO: Record<LetterLanguage, string> = {
  fr: "Merci de répondre à l’adresse {address}, propre à cette demande.",
  nl: "Gelieve te antwoorden op het adres {address}, dat bij deze aanvraag hoort.",
  de: "Bitte antworten Sie an die Adresse {address}, die zu diesem Antrag gehört.",
};
const ANNEX_LIST: Record<LetterLanguage, string> = { fr: "Annexes :", nl: "Bijlagen:", de: "Anlagen:" };

function sign(f: EscalationFacts, lang: LetterLanguage): string {
  return `${CLOSING[lang]}\n\n${f.citizenName}\n${REPLY_TO[lang].replace("{address}", f.replyAddress)}\n${f.requestUrl}`;
}

const FILE_LINE: Record<LetterLanguage, { line: string; notAttached: string }> = {
  fr: { line: "{n}. {filename} — fichier envoyé par {from} le {date}", notAttached: " (trop volumineux pour ce courriel, disponible sur demande)" },
  nl: { line: "{n}. {filename} — bestand verstuurd door {from} op {date}", notAttached: " (te groot voor deze e-mail, beschikbaar op verzoek)" },
  de: { line: "{n}. {filename} — Datei, gesendet von {from} am {date}", notAttached: " (zu groß für diese E-Mail, auf Anfrage erhältlich)" },
};

function fileLine(file: OriginalFile, n: number, lang: LetterLanguage): string {
  const t = FILE_LINE[lang];
  const values: Record<string, string> = { n: String(n), filename: file.filename, from: file.from, date: d(file.date, lang) };
  return t.line.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? "") + (file.attached ? "" : t.notAttached);
}

function annexList(annexes: Annex[], lang: LetterLanguage, files: OriginalFile[] = []): string {
  if (annexes.length === 0 && files.length === 0) return "";
  const lines = [...annexes.map((a, i) => `${i + 1}. ${a.title} (${d(a.date, lang)})`), ...files.map((file, i) => fileLine(file, annexes.length + i + 1, lang))];
  return `\n\n${ANNEX_LIST[lang]}\n${lines.join("\n")}`;
}

const originals = (f: EscalationFacts): OriginalFile[] => f.originals ?? [];

function quote(text: string): string {
  return text
    .trim()
    .split("\n")
    .map((l) => `> ${l}`)
    .join("\n");
}

function bodyAddressee(id: string, lang: LetterLanguage, f: EscalationFacts): Addressee {
  const b: AppealBody | undefined = APPEAL_BODIES[id];
  const o = f.bodyContacts?.[id] ?? {};
  return {
    id,
    name: o.name ?? b?.name[lang] ?? id,
    email: o.email ?? b?.email ?? null,
    postalAddress: o.postalAddress ?? b?.postalAddress ?? null,
    website: o.website ?? b?.website ?? null,
  };
}

function authorityAddressee(f: EscalationFacts): Addressee {
  return { id: "authority", name: f.authority.name, email: f.authority.email, postalAddress: f.authority.postalAddress, website: null };
}

/** The facts in one paragraph: sent on, due by, silence or decision. */
function factsParagraph(f: EscalationFacts, lang: LetterLanguage): string {
  const sent = f.dates.received_date ? d(f.dates.received_date, lang) : "?";
  const due = dueInForce(f.dates);
  const dueText = due ? d(due, lang) : "?";
  const ext = f.dates.extended_due_date !== null;
  const law = LAW_WITH_DEADLINE[f.regime][lang];
  const head = {
    fr: `Le ${sent}, j’ai adressé à ${f.authority.name} une demande d’accès aux documents administratifs intitulée « ${f.title} », sur la base de ${law}.`,
    nl: `Op ${sent} heb ik ${f.authority.name} een verzoek om openbaarheid van bestuur gericht met als titel "${f.title}", op grond van ${law}.`,
    de: `Am ${sent} habe ich an ${f.authority.name} einen Antrag auf Zugang zu Verwaltungsdokumenten mit dem Titel „${f.title}“ gerichtet, gestützt auf ${law}.`,
  }[lang];
  const deadline = ext
    ? {
        fr: `L’autorité a prolongé le délai de réponse, qui expirait au plus tard le ${dueText}.`,
        nl: `De overheid heeft de antwoordtermijn verlengd; die liep uiterlijk af op ${dueText}.`,
        de: `Die Behörde hat die Antwortfrist verlängert; sie lief spätestens am ${dueText} ab.`,
      }[lang]
    : {
        fr: `Le délai légal de réponse expirait le ${dueText}.`,
        nl: `De wettelijke antwoordtermijn liep af op ${dueText}.`,
        de: `Die gesetzliche Antwortfrist lief am ${dueText} ab.`,
      }[lang];
  const outcome = f.decisionDate
    ? {
        fr: `Par sa réponse du ${d(f.decisionDate, lang)}, l’autorité a refusé, en tout ou en partie, l’accès aux documents demandés.`,
        nl: `Met haar antwoord van ${d(f.decisionDate, lang)} heeft de overheid de toegang tot de gevraagde documenten geheel of gedeeltelijk geweigerd.`,
        de: `Mit ihrer Antwort vom ${d(f.decisionDate, lang)} hat die Behörde den Zugang zu den beantragten Dokumenten ganz oder teilweise verweigert.`,
      }[lang]
    : {
        fr: `À ce jour, je n’ai reçu aucune décision : ce silence équivaut à un refus.`,
        nl: `Tot op heden heb ik geen beslissing ontvangen; dat stilzwijgen staat gelijk met een weigering.`,
        de: `Bis heute habe ich keine Entscheidung erhalten; dieses Schweigen gilt als Ablehnung.`,
      }[lang];
  return [head, deadline, outcome, ...(f.decisionDate && f.appealNoticeMissing ? missingNotice(f, lang) : [])].join(" ");
}

/** The decision did not mention the appeal route: said in every appeal, with the law's consequence where it gives one. */
function missingNotice(f: EscalationFacts, lang: LetterLanguage): string[] {
  const fact = {
    fr: "Cette décision ne mentionnait pas les voies de recours.",
    nl: "Die beslissing vermeldde de beroepsmogelijkheid niet.",
    de: "Diese Entscheidung enthielt keine Rechtsbehelfsbelehrung.",
  }[lang];
  const consequence = ESCALATION_ROUTES[f.regime].missingAppealNotice?.[lang];
  return consequence ? [fact, consequence] : [fact];
}

function requestQuote(f: EscalationFacts, lang: LetterLanguage): string {
  const intro = { fr: "Ma demande était la suivante :", nl: "Mijn verzoek luidde:", de: "Mein Antrag lautete:" }[lang];
  return `${intro}\n\n${quote(f.body)}`;
}

/** The polite reminder to the authority, threaded on the request. */
export function composeReminder(f: EscalationFacts): Letter {
  const lang = f.language;
  const due = dueInForce(f.dates);
  const dueText = due ? d(due, lang) : "?";
  const sent = f.dates.received_date ? d(f.dates.received_date, lang) : "?";
  const law = LAW_WITH_DEADLINE[f.regime][lang];
  const bodyName = APPEAL_BODIES[REGIMES[f.regime].appealBody.value]?.name[lang] ?? "";
  const text = {
    fr: `${SALUTATION.fr}\n\nLe ${sent}, je vous ai adressé une demande d’accès aux documents administratifs intitulée « ${f.title} ». Conformément à ${law}, vous deviez y répondre au plus tard le ${dueText}. Ce délai est dépassé et je n’ai pas encore reçu de réponse.\n\nJe vous serais reconnaissant(e) de me faire parvenir les documents demandés, ou votre décision motivée, dans les meilleurs délais. À défaut, je me réserve la possibilité de saisir ${bodyName}.\n\n${requestQuote(f, "fr")}\n\n${sign(f, "fr")}`,
    nl: `${SALUTATION.nl}\n\nOp ${sent} heb ik u een verzoek om openbaarheid van bestuur gestuurd met als titel "${f.title}". Volgens ${law} moest u uiterlijk op ${dueText} antwoorden. Die termijn is verstreken en ik heb nog geen antwoord ontvangen.\n\nIk zou het op prijs stellen als u mij de gevraagde documenten, of uw gemotiveerde beslissing, zo spoedig mogelijk bezorgt. Zo niet, dan behoud ik mij het recht voor om mij te wenden tot de ${bodyName}.\n\n${requestQuote(f, "nl")}\n\n${sign(f, "nl")}`,
    de: `${SALUTATION.de}\n\nam ${sent} habe ich Ihnen einen Antrag auf Zugang zu Verwaltungsdokumenten mit dem Titel „${f.title}“ gesendet. Gemäß ${law} hätten Sie spätestens am ${dueText} antworten müssen. Diese Frist ist abgelaufen, und ich habe noch keine Antwort erhalten.\n\nIch bitte Sie, mir die beantragten Dokumente oder Ihre begründete Entscheidung so bald wie möglich zukommen zu lassen. Andernfalls behalte ich mir vor, mich an ${bodyName} zu wenden.\n\n${requestQuote(f, "de")}\n\n${sign(f, "de")}`,
  }[lang];
  const subject = { fr: `Rappel : ${f.title}`, nl: `Herinnering: ${f.title}`, de: `Erinnerung: ${f.title}` }[lang];
  return { kind: "reminder", to: authorityAddressee(f), language: lang, subject, body: text, annexes: [], files: [], postal: false };
}

function reconsideration(f: EscalationFacts, annexes: Annex[]): Letter {
  const lang = f.language;
  const art = ESCALATION_ROUTES.federal.article[lang];
  const cada = APPEAL_BODIES["cada-federal"]!.name[lang];
  const text = {
    fr: `${SALUTATION.fr}\n\n${factsParagraph(f, "fr")}\n\nConformément à ${art}, je vous adresse par la présente une demande de reconsidération de cette décision. Je saisis simultanément, ce même jour, ${cada} d’une demande d’avis.\n\nJe vous demande de m’accorder l’accès aux documents demandés.\n\n${requestQuote(f, "fr")}${annexList(annexes, "fr")}\n\n${sign(f, "fr")}`,
    nl: `${SALUTATION.nl}\n\n${factsParagraph(f, "nl")}\n\nOvereenkomstig ${art} vraag ik u hierbij deze beslissing te heroverwegen. Tegelijkertijd, op dezelfde dag, vraag ik de ${cada} om advies.\n\nIk vraag u mij toegang te verlenen tot de gevraagde documenten.\n\n${requestQuote(f, "nl")}${annexList(annexes, "nl")}\n\n${sign(f, "nl")}`,
    de: `${SALUTATION.de}\n\n${factsParagraph(f, "de")}\n\nGemäß ${art} beantrage ich hiermit die Überprüfung dieser Entscheidung. Gleichzeitig, am selben Tag, ersuche ich den ${cada} um eine Stellungnahme.\n\nIch bitte Sie, mir Zugang zu den beantragten Dokumenten zu gewähren.\n\n${requestQuote(f, "de")}${annexList(annexes, "de")}\n\n${sign(f, "de")}`,
  }[lang];
  const subject = { fr: `Demande de reconsidération : ${f.title}`, nl: `Verzoek tot heroverweging: ${f.title}`, de: `Antrag auf Überprüfung: ${f.title}` }[lang];
  return { kind: "reconsideration", to: authorityAddressee(f), language: lang, subject, body: text, annexes, files: [], postal: false };
}

function adviceRequest(f: EscalationFacts, annexes: Annex[]): Letter {
  const lang = f.language;
  const art = ESCALATION_ROUTES.federal.article[lang];
  const text = {
    fr: `${SALUTATION.fr}\n\n${factsParagraph(f, "fr")}\n\nConformément à ${art}, je sollicite l’avis de la Commission. J’adresse ce même jour à ${f.authority.name} une demande de reconsidération, dont copie en annexe.\n\nVous trouverez en annexe ma demande, la correspondance échangée et la demande de reconsidération, avec leurs dates, expéditeurs et destinataires.\n\n${requestQuote(f, "fr")}${annexList(annexes, "fr", originals(f))}\n\n${sign(f, "fr")}`,
    nl: `${SALUTATION.nl}\n\n${factsParagraph(f, "nl")}\n\nOvereenkomstig ${art} vraag ik het advies van de Commissie. Op dezelfde dag richt ik aan ${f.authority.name} een verzoek tot heroverweging, waarvan een kopie als bijlage.\n\nIn bijlage vindt u mijn verzoek, de briefwisseling en het verzoek tot heroverweging, met hun data, afzenders en geadresseerden.\n\n${requestQuote(f, "nl")}${annexList(annexes, "nl", originals(f))}\n\n${sign(f, "nl")}`,
    de: `${SALUTATION.de}\n\n${factsParagraph(f, "de")}\n\nGemäß ${art} ersuche ich den Ausschuss um eine Stellungnahme. Am selben Tag richte ich an ${f.authority.name} einen Antrag auf Überprüfung, der in Kopie beiliegt.\n\nIn der Anlage finden Sie meinen Antrag, den Schriftwechsel und den Antrag auf Überprüfung, mit Datum, Absender und Empfänger.\n\n${requestQuote(f, "de")}${annexList(annexes, "de", originals(f))}\n\n${sign(f, "de")}`,
  }[lang];
  const subject = { fr: `Demande d’avis : ${f.title}`, nl: `Verzoek om advies: ${f.title}`, de: `Ersuchen um Stellungnahme: ${f.title}` }[lang];
  return { kind: "advice_request", to: bodyAddressee("cada-federal", lang, f), language: lang, subject, body: text, annexes, files: originals(f), postal: false };
}

function commissionAppeal(f: EscalationFacts, annexes: Annex[]): Letter {
  const route = ESCALATION_ROUTES[f.regime];
  const lang = appealBodyLanguage(f.regime, f.language);
  const bodyId = REGIMES[f.regime].appealBody.value;
  const art = route.article[lang];
  const ask = {
    fr: `Conformément à ${art}, j’introduis par la présente un recours auprès de votre Commission contre ce ${f.decisionDate ? "refus" : "refus implicite"}. Je vous demande d’ordonner à ${f.authority.name} de me communiquer les documents demandés.`,
    nl: `Overeenkomstig ${art} stel ik hierbij beroep in tegen ${f.decisionDate ? "deze beslissing" : "het uitblijven van een beslissing"}. Ik vraag u ${f.authority.name} op te dragen mij de gevraagde documenten te bezorgen.`,
    de: `Gemäß ${art} lege ich hiermit Beschwerde gegen ${f.decisionDate ? "diese Entscheidung" : "die ausbleibende Entscheidung"} ein. Ich bitte Sie, ${f.authority.name} anzuweisen, mir die beantragten Dokumente zu übermitteln.`,
  }[lang];
  const copy = route.registeredCopyToAuthority
    ? {
        fr: `\n\nUne copie du présent recours est adressée ce jour à ${f.authority.name} par envoi recommandé.`,
        nl: `\n\nEen kopie van dit beroep wordt vandaag aangetekend naar ${f.authority.name} gestuurd.`,
        de: `\n\nEine Kopie dieser Beschwerde wird heute per Einschreiben an ${f.authority.name} gesendet.`,
      }[lang]
    : "";
  const attached = {
    fr: "Vous trouverez en annexe ma demande et toute la correspondance échangée avec l’autorité.",
    nl: "In bijlage vindt u mijn verzoek en de volledige briefwisseling met de overheid.",
    de: "In der Anlage finden Sie meinen Antrag und den gesamten Schriftwechsel mit der Behörde.",
  }[lang];
  const text = `${SALUTATION[lang]}\n\n${factsParagraph(f, lang)}\n\n${ask}${copy}\n\n${attached}\n\n${requestQuote(f, lang)}${annexList(annexes, lang, originals(f))}\n\n${sign(f, lang)}`;
  const subject = { fr: `Recours : ${f.title} (${f.authority.name})`, nl: `Beroep: ${f.title} (${f.authority.name})`, de: `Beschwerde: ${f.title} (${f.authority.name})` }[lang];
  return { kind: "appeal", to: bodyAddressee(bodyId, lang, f), language: lang, subject, body: text, annexes, files: originals(f), postal: false };
}

/** Wallonia: the copy of the appeal to the authority, by registered post (date certaine). */
function registeredCopy(f: EscalationFacts, appeal: Letter): Letter {
  const lang = appeal.language;
  const intro = {
    fr: `${SALUTATION.fr}\n\nVous trouverez ci-dessous copie du recours que j’adresse ce ${d(f.today, "fr")} à ${appeal.to.name}, conformément à l’article 8bis du décret du 30 mars 1995.`,
    nl: `${SALUTATION.nl}\n\nHieronder vindt u een kopie van het beroep dat ik op ${d(f.today, "nl")} instel bij de ${appeal.to.name}, overeenkomstig artikel 8bis van het decreet van 30 maart 1995.`,
    de: `${SALUTATION.de}\n\nnachstehend finden Sie eine Kopie der Beschwerde, die ich am ${d(f.today, "de")} bei ${appeal.to.name} einlege, gemäß Artikel 8bis des Dekrets vom 30. März 1995.`,
  }[lang];
  const subject = { fr: `Copie de recours (recommandé) : ${f.title}`, nl: `Kopie van beroep (aangetekend): ${f.title}`, de: `Kopie der Beschwerde (Einschreiben): ${f.title}` }[lang];
  return { kind: "registered_copy", to: authorityAddressee(f), language: lang, subject, body: `${intro}\n\n---\n\n${appeal.body}`, annexes: appeal.annexes, files: appeal.files, postal: true };
}

function environmentalAppeal(f: EscalationFacts, bodyId: string, annexes: Annex[]): Letter {
  const lang = f.regime === "federal" ? f.language : "fr";
  const art = ENVIRONMENTAL_ARTICLE[bodyId]?.[lang] ?? "";
  const ask = {
    fr: `Ma demande porte sur des informations environnementales. Conformément à ${art}, j’introduis par la présente un recours auprès de votre Commission et vous demande d’ordonner la communication des informations demandées.`,
    nl: `Mijn verzoek betreft milieu-informatie. Overeenkomstig ${art} stel ik hierbij beroep in bij uw Commissie en vraag ik u de mededeling van de gevraagde informatie te bevelen.`,
    de: `Mein Antrag betrifft Umweltinformationen. Gemäß ${art} lege ich hiermit Beschwerde bei Ihrer Kommission ein und bitte Sie, die Übermittlung der beantragten Informationen anzuordnen.`,
  }[lang];
  const text = `${SALUTATION[lang]}\n\n${factsParagraph(f, lang)}\n\n${ask}\n\n${requestQuote(f, lang)}${annexList(annexes, lang, originals(f))}\n\n${sign(f, lang)}`;
  const subject = { fr: `Recours (information environnementale) : ${f.title}`, nl: `Beroep (milieu-informatie): ${f.title}`, de: `Beschwerde (Umweltinformationen): ${f.title}` }[lang];
  return { kind: "environmental_appeal", to: bodyAddressee(bodyId, lang, f), language: lang, subject, body: text, annexes, files: originals(f), postal: false };
}

/** German-speaking Community: a request for mediation to the Ombudsdienst (not an appeal). */
function ombudsmanComplaint(f: EscalationFacts, annexes: Annex[]): Letter {
  const lang: LetterLanguage = "de";
  const text = `${SALUTATION.de}\n\n${factsParagraph(f, "de")}\n\nDa es in der Deutschsprachigen Gemeinschaft keine Beschwerdekommission für den Zugang zu Verwaltungsdokumenten gibt, bitte ich den Ombudsdienst um Vermittlung, damit ${f.authority.name} mir die beantragten Dokumente übermittelt oder ihre Entscheidung begründet.\n\n${requestQuote(f, "de")}${annexList(annexes, "de", originals(f))}\n\n${sign(f, "de")}`;
  return { kind: "ombudsman_complaint", to: bodyAddressee("dg-ombudsdienst", lang, f), language: lang, subject: `Bitte um Vermittlung: ${f.title}`, body: text, annexes, files: originals(f), postal: false };
}

export interface EscalationPlan {
  regime: RegimeId;
  route: "federal_dual" | "commission" | "no_commission";
  letters: Letter[];
  /** The citizen's deadline for the ordinary route; null when none runs or none is computed. */
  appealBy: string | null;
  noDateReason: "no_statutory_deadline" | "no_period_runs" | "not_computed" | null;
  /** The environmental route when the request is flagged and it differs. */
  environmental: { body: string; appealBy: string | null; urgent: boolean } | null;
  /** The appeal body's own deadline, counted from today's sending, where the law gives one. */
  bodyDecision: { body: string; by: string; period: DecisionPeriod } | null;
  environmentalBodyDecision: { body: string; by: string; period: DecisionPeriod } | null;
  /** Advice keys the wizard explains (strings in app/i18n/messages/escalation.ts). */
  advice: Array<"not_binding" | "registered_copy" | "no_deadline_silence" | "no_commission" | "environmental_urgent" | "environmental_both" | "no_email" | "appeal_notice_missing" | "appeal_expired">;
}

/**
 * The appeal the regime requires, with every letter ready for review. The
 * annexes are the whole correspondence; for the federal route the advice
 * request also carries the reconsideration request, as the CADA asks.
 */
export function planEscalation(f: EscalationFacts): EscalationPlan {
  const route = ESCALATION_ROUTES[f.regime];
  const window = appealWindow({
    regime: f.regime,
    receivedDate: f.dates.received_date,
    extended: f.dates.extended_due_date !== null,
    decisionDate: f.decisionDate,
    appealNoticeMissing: f.appealNoticeMissing,
    environmental: f.environmental,
  });
  const annexes = f.correspondence;
  const letters: Letter[] = [];
  const advice: EscalationPlan["advice"] = [];
  if (route.kind === "federal_dual") {
    const recon = reconsideration(f, annexes);
    const reconAnnex: Annex = { title: recon.subject, date: f.today, from: f.citizenName, to: f.authority.name, subject: recon.subject, text: recon.body };
    letters.push(recon, adviceRequest(f, [...annexes, reconAnnex]));
    advice.push("not_binding");
  } else if (route.kind === "commission") {
    const appeal = commissionAppeal(f, annexes);
    letters.push(appeal);
    if (route.registeredCopyToAuthority) {
      letters.push(registeredCopy(f, appeal));
      advice.push("registered_copy");
    }
    if (f.regime === "flanders" && !f.decisionDate) advice.push("no_deadline_silence");
  } else {
    letters.push(ombudsmanComplaint(f, annexes));
    advice.push("no_commission");
  }
  let environmental: EscalationPlan["environmental"] = null;
  let environmentalBodyDecision: EscalationPlan["environmentalBodyDecision"] = null;
  if (window.environmental) {
    environmental = { body: window.environmental.body, appealBy: window.environmental.by, urgent: window.environmental.urgent };
    letters.push(environmentalAppeal(f, window.environmental.body, annexes));
    advice.push("environmental_both");
    if (window.environmental.urgent) advice.push("environmental_urgent");
    const p = ENVIRONMENTAL_DECISION_PERIODS[window.environmental.body];
    if (p) environmentalBodyDecision = { body: window.environmental.body, by: addDays(f.today, p.days), period: p };
  }
  if (letters.some((l) => !l.postal && !l.to.email)) advice.push("no_email");
  if (window.extendedForMissingNotice) advice.push("appeal_notice_missing");
  if (window.by && window.by < f.today) advice.push("appeal_expired");
  const bodyId = route.kind === "no_commission" ? null : REGIMES[f.regime].appealBody.value;
  const bodyDecision = bodyId && route.decisionPeriod ? { body: bodyId, by: addDays(f.today, route.decisionPeriod.days), period: route.decisionPeriod } : null;
  return { regime: f.regime, route: route.kind, letters, appealBy: window.by, noDateReason: window.noDateReason, environmental, bodyDecision, environmentalBodyDecision, advice };
}

import { foldForMatch } from "../core/text";
import type { ParsedMessage } from "./parse";

/**
 * What an incoming message is, decided once at ingest. Only a real reply
 * asks the citizen to classify their request; bounces mark a delivery
 * problem, auto-replies are shown folded, acknowledgements as such.
 */
export type MessageKind = "bounce" | "auto_reply" | "acknowledgement" | "reply";

export const MESSAGE_KINDS: readonly MessageKind[] = ["reply", "acknowledgement", "auto_reply", "bounce"];

export function isMessageKind(value: unknown): value is MessageKind {
  return typeof value === "string" && (MESSAGE_KINDS as readonly string[]).includes(value);
}

export interface Classification {
  kind: MessageKind;
  /** A short machine-readable reason, shown to admins ("subject: out of office", "header: auto-submitted"). */
  reason: string;
  /** For bounces: a permanent failure (5.x.x) versus a delay notice (4.x.x), which changes nothing for the request. */
  permanent?: boolean;
  /** For bounces: the recipients the report names as failed. */
  failedRecipients?: string[];
}

export interface ClassifyContext {
  /** The SMTP envelope sender; "" for the null sender <>. */
  envelopeFrom?: string | null;
  /**
   * What the citizen wrote that an authority quotes back: the request's title
   * and the subjects of our letters. A subject pattern matching only text
   * quoted from these is no signal ("RE: Absences du personnel" is an answer).
   */
  requestTitle?: string | null;
  ownSubjects?: string[];
}

/**
 * The first match of a global, folded pattern in `subject` that is not part
 * of a text the citizen wrote, or null.
 */
export function subjectSignal(pattern: RegExp, subject: string, ownTexts: string[]): string | null {
  const folded = foldForMatch(subject);
  const own = ownTexts.map(foldForMatch).filter((t) => t.trim().length > 0);
  for (const match of folded.matchAll(pattern)) {
    const hit = match[0].trim();
    if (!hit) continue;
    // The matched words sit inside a quoted title when the title contains them.
    if (own.some((t) => t.includes(hit))) continue;
    return hit;
  }
  return null;
}


const DAEMON_LOCAL = /^(mailer[-_.]?daemon|mail[-_.]?daemon|postmaster|mail[-_.]?delivery[-_.]?(sub)?system|bounces?|mdaemon|mailadmin|nobody)$/i;
const DAEMON_NAME = /^(mail delivery (sub)?system|mailer[- ]daemon|postmaster|mail administrator|microsoft outlook|system administrator)$/i;

const FAILURE_SUBJECT = new RegExp(
  [
    "mail delivery failed",
    "delivery status notification",
    "undeliver(?:able|ed)",
    "returned mail",
    "returning message to sender",
    "delivery (?:has )?failed",
    "delivery failure",
    "failure notice",
    "could not be delivered",
    "message not delivered",
    "delivery notification",
    "non remis",
    "non distribuable",
    "impossible de remettre",
    "(?:é|e)chec de (?:la )?(?:remise|livraison)",
    "onbestelbaar",
    "niet (?:afgeleverd|bezorgd)",
    "kan niet worden bezorgd",
    "unzustellbar",
    "nicht zustellbar",
    "zustellung fehlgeschlagen",
    "error during delivery",
  ].join("|"),
  "i",
);

export const DELAY = /\((?:delay|delayed)\)|delivery delayed|warning: message [^\n]{0,200}? delayed|delayed mail|vertraagd|verzögert|retard/i;

// Every pattern below is matched against text folded by foldForMatch (lower case, no accents, ß → ss).
const OUT_OF_OFFICE_SUBJECT = new RegExp(
  [
    // en
    "out of (?:the )?office",
    "automatic reply",
    "automatic response",
    "auto(?:matic)?[- ]?reply",
    "auto(?:matic)?[- ]?response",
    "^auto:",
    "away from (?:the |my )?office",
    "on (?:annual )?leave",
    "on holiday",
    "on vacation",
    "autosvar",
    // fr
    "\\babsente?s?\\b",
    "\\babsence\\b",
    "reponse automatique",
    "message automatique",
    "en conges?\\b",
    // nl
    "\\bafwezig",
    "automatisch antwoord",
    "automatisch bericht",
    "automatische reactie",
    "automatisch beantwoord",
    "niet op kantoor",
    "met verlof",
    // de
    "abwesenheit",
    "\\babwesend\\b",
    "automatische antwort",
    "nicht im buero?",
    "\\burlaub",
  ].join("|"),
  "g",
);

/** Receipt acknowledged, in a subject or in the first lines of a short message. */
const ACKNOWLEDGEMENT = new RegExp(
  [
    // fr
    "accuse de reception",
    "accusons (?:bonne )?reception",
    "accusant (?:bonne )?reception",
    "nous avons bien re[cç]u",
    "(?:a|ont) bien ete (?:recue?s?|enregistree?s?)",
    "confirmation de (?:reception|votre demande)",
    // nl
    "ontvangstbevestiging",
    "bevestiging van ontvangst",
    "bevestigen (?:hierbij )?de ontvangst",
    "ontvangstmelding",
    "goed ontvangen",
    "goed aangekomen",
    "werd geregistreerd",
    // de
    "eingangsbest(?:a|ae)tigung",
    "empfangsbest(?:a|ae)tigung",
    "best(?:a|ae)tigung des eingangs",
    "bestatigen (?:hiermit )?den (?:eingang|empfang)",
    "bestaetigen (?:hiermit )?den (?:eingang|empfang)",
    "bestatigen wir den (?:eingang|empfang)",
    "ist (?:bei uns )?eingegangen",
    // en
    "acknowledge?ment of receipt",
    "acknowledge?ment",
    "acknowledge receipt",
    "receipt of your (?:request|e-?mail|message)",
    "we have received your",
    "(?:request|e-?mail|message) has been received",
  ].join("|"),
  "g",
);

/**
 * What makes a message an answer even when it opens by acknowledging
 * receipt: a decision, a refusal, "we do not hold it", or documents enclosed.
 */
const DECISION = new RegExp(
  [
    // fr
    "\\brefus", "\\brejet", "ne pouvons (?:pas )?(?:donner suite|faire droit|communiquer|vous communiquer|transmettre)",
    "(?:ne|n') ?dispos(?:e|ons) pas", "n'existe pas", "il n'existe", "pas en (?:notre )?possession", "ne detien(?:t|nent|s|nons) pas",
    "a decide", "avons decide", "ci-joint", "ci-annexe", "en annexe", "vous trouverez", "veuillez trouver", "exception prevue",
    // nl
    "weiger", "afgewezen", "niet ingaan op", "niet (?:kunnen|kan) ingaan", "beschik(?:t|ken) niet over", "niet in (?:ons |het )?bezit",
    "bestaat niet", "heeft beslist", "hebben beslist", "in bijlage", "bijgevoegd", "als bijlage", "vindt u", "uitzondering van",
    // de
    "ablehn", "abgelehnt", "liegt (?:der \\w+ |uns )?nicht vor", "liegen (?:der \\w+ |uns )?nicht vor", "nicht im besitz",
    "verfug(?:t|en) (?:nicht|nicht uber)", "beschlossen", "im anhang", "anbei", "beigefugt", "in der anlage", "entscheidung",
    // en
    "\\brefus", "\\bdeclin", "not held", "do not hold", "does not hold", "don't hold", "no such (?:document|record)",
    "please find", "attached", "enclosed", "exempt", "we have decided", "must refuse",
  ].join("|"),
);

function header(m: ParsedMessage, name: string): string[] {
  return m.headers[name] ?? [];
}

function dsnPermanence(m: ParsedMessage): boolean {
  const text = m.text.slice(0, 20_000);
  if (/^action:\s*failed/im.test(text) || /^status:\s*5\.\d+\.\d+/im.test(text)) return true;
  if (/^action:\s*delayed/im.test(text) || /^status:\s*4\.\d+\.\d+/im.test(text)) return false;
  return !DELAY.test(m.subject);
}

function failedRecipients(m: ParsedMessage): string[] {
  const out = new Set<string>();
  for (const v of header(m, "x-failed-recipients")) for (const a of v.split(/[,\s]+/)) if (a.includes("@")) out.add(a.toLowerCase());
  for (const match of m.text.slice(0, 20_000).matchAll(/^final-recipient:\s*rfc822;\s*<?([^\s<>]+@[^\s<>]+)>?/gim)) out.add(match[1].toLowerCase());
  return [...out];
}

function bounce(m: ParsedMessage, reason: string): Classification {
  return { kind: "bounce", reason, permanent: dsnPermanence(m), failedRecipients: failedRecipients(m) };
}

export function classifyMessage(m: ParsedMessage, ctx: ClassifyContext = {}): Classification {
  const subject = m.subject;
  const fromLocal = (m.from.address ?? "").split("@")[0];
  const fromName = (m.from.name ?? "").trim();
  const nullSender = m.returnPath === "" || ctx.envelopeFrom === "";
  const autoSubmitted = header(m, "auto-submitted").map((v) => v.toLowerCase().split(";")[0].trim());

  // Bounces first: many carry Auto-Submitted too, and they matter more.
  if (m.reportType === "delivery-status" || (m.contentType === "multipart/report" && m.hasDeliveryStatus)) return bounce(m, "multipart/report delivery-status");
  if (header(m, "x-failed-recipients").length > 0) return bounce(m, "header: x-failed-recipients");
  const daemonSender = DAEMON_LOCAL.test(fromLocal) || DAEMON_NAME.test(fromName);
  if (daemonSender && !subjectSignal(OUT_OF_OFFICE_SUBJECT, subject, [])) return bounce(m, `sender: ${m.from.address ?? fromName}`);
  if (FAILURE_SUBJECT.test(subject) && (nullSender || autoSubmitted.length > 0 || m.hasDeliveryStatus || !m.from.address)) {
    return bounce(m, "subject: delivery failure");
  }

  if (m.reportType === "disposition-notification") return { kind: "auto_reply", reason: "read receipt" };
  const autoSubmittedValue = autoSubmitted.find((v) => v && v !== "no");
  if (autoSubmittedValue) return { kind: "auto_reply", reason: `header: auto-submitted ${autoSubmittedValue}` };
  for (const name of ["x-autoreply", "x-autorespond", "x-autoresponse", "x-autogenerated"]) {
    if (header(m, name).some((v) => v && v.toLowerCase() !== "no")) return { kind: "auto_reply", reason: `header: ${name}` };
  }
  if (header(m, "precedence").some((v) => /auto[_-]?reply/i.test(v))) return { kind: "auto_reply", reason: "header: precedence auto_reply" };
  if (header(m, "x-post-messageclass").some((v) => /autorespond/i.test(v))) return { kind: "auto_reply", reason: "header: x-post-messageclass" };
  for (const [name, values] of Object.entries(m.headers)) {
    if (values.some((v) => /IPM\.Note\.Rules\.(?:External)?OofTemplate/i.test(v))) return { kind: "auto_reply", reason: `header: ${name} (Outlook out-of-office class)` };
  }
  const own = [ctx.requestTitle ?? "", ...(ctx.ownSubjects ?? [])];
  const outOfOffice = subjectSignal(OUT_OF_OFFICE_SUBJECT, subject, own);
  if (outOfOffice) return { kind: "auto_reply", reason: `subject: out of office (${outOfOffice})` };

  // An acknowledgement says only that the request arrived; once a decision,
  // a refusal, "not held" or a document is there, it is an answer.
  const opening = foldForMatch(m.text.slice(0, 4000));
  const decision = DECISION.exec(opening)?.[0] ?? null;
  const documents = m.attachments.filter((a) => !a.related).length;
  const subjectAck = subjectSignal(ACKNOWLEDGEMENT, subject, own);
  if (subjectAck && !decision) return { kind: "acknowledgement", reason: `subject: acknowledgement of receipt (${subjectAck})` };
  if (subjectAck && decision) return { kind: "reply", reason: `subject acknowledges receipt but the text decides (${decision})` };
  const bodyAck = firstMatch(ACKNOWLEDGEMENT, foldForMatch(m.text.slice(0, 600)));
  if (bodyAck && !decision && documents === 0 && m.text.length < 2000) {
    return { kind: "acknowledgement", reason: `text: acknowledgement of receipt (${bodyAck})` };
  }
  if (bodyAck) return { kind: "reply", reason: `text acknowledges receipt but ${decision ? `decides (${decision})` : documents ? "carries documents" : "is long"}` };
  return { kind: "reply", reason: "no bounce, auto-reply or acknowledgement signal" };
}

function firstMatch(pattern: RegExp, text: string): string | null {
  for (const match of text.matchAll(pattern)) if (match[0].trim()) return match[0].trim();
  return null;
}

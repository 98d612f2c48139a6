import type { ParsedMessage } from "./parse";

/**
 * What an incoming message is, decided once at ingest. Only a real reply
 * asks the citizen to classify their request; bounces mark a delivery
 * problem, auto-replies are shown folded, acknowledgements as such.
 */
export type MessageKind = "bounce" | "auto_reply" | "acknowledgement" | "reply";

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
    "r(?:é|e)ponse automatique",
    "message automatique",
    "en cong(?:é|e)",
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
    "nicht im b(?:ü|ue)ro",
    "\\burlaub",
  ].join("|"),
  "i",
);

const ACKNOWLEDGEMENT = new RegExp(
  [
    "accus(?:é|e) de r(?:é|e)ception",
    "accusant r(?:é|e)ception",
    "nous avons bien re(?:ç|c)u",
    "ontvangstbevestiging",
    "bevestiging van ontvangst",
    "ontvangstmelding",
    "goed ontvangen",
    "eingangsbest(?:ä|ae)tigung",
    "empfangsbest(?:ä|ae)tigung",
    "best(?:ä|ae)tigung des eingangs",
    "acknowledge?ment",
    "acknowledge receipt",
    "receipt of your (?:request|e-?mail)",
    "we have received your",
  ].join("|"),
  "i",
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
  if (daemonSender && !OUT_OF_OFFICE_SUBJECT.test(subject)) return bounce(m, `sender: ${m.from.address ?? fromName}`);
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
  if (OUT_OF_OFFICE_SUBJECT.test(subject)) return { kind: "auto_reply", reason: "subject: out of office" };

  if (ACKNOWLEDGEMENT.test(subject)) return { kind: "acknowledgement", reason: "subject: acknowledgement of receipt" };
  // A short message without documents whose first lines acknowledge receipt is one too.
  if (m.attachments.length === 0 && m.text.length < 2000 && ACKNOWLEDGEMENT.test(m.text.slice(0, 600))) {
    return { kind: "acknowledgement", reason: "text: acknowledgement of receipt" };
  }
  return { kind: "reply", reason: "no bounce, auto-reply or acknowledgement signal" };
}

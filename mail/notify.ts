import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema";
import type { CitizenEmail } from "./outbound";
import { recordEvent } from "../core/events";

type Locale = "fr" | "nl" | "de" | "en";

const TEXT: Record<Locale, { subject: (title: string) => string; body: (name: string, title: string, link: string) => string }> = {
  fr: {
    subject: (t) => `Nouvelle réponse à votre demande « ${t} »`,
    body: (n, t, l) => `Bonjour ${n},\n\nL'autorité a répondu à votre demande « ${t} ».\n\nLisez la réponse et indiquez ce qu'elle contient (information reçue, refus, demande de délai…) :\n${l}\n\n— Dossier`,
  },
  nl: {
    subject: (t) => `Nieuw antwoord op uw verzoek "${t}"`,
    body: (n, t, l) => `Beste ${n},\n\nDe overheid heeft geantwoord op uw verzoek "${t}".\n\nLees het antwoord en geef aan wat het bevat (informatie ontvangen, weigering, uitstel…):\n${l}\n\n— Dossier`,
  },
  de: {
    subject: (t) => `Neue Antwort auf Ihre Anfrage „${t}“`,
    body: (n, t, l) => `Guten Tag ${n},\n\ndie Behörde hat auf Ihre Anfrage „${t}“ geantwortet.\n\nLesen Sie die Antwort und geben Sie an, was sie enthält (Information erhalten, Ablehnung, Fristverlängerung…):\n${l}\n\n— Dossier`,
  },
  en: {
    subject: (t) => `New reply to your request "${t}"`,
    body: (n, t, l) => `Hello ${n},\n\nThe authority has replied to your request "${t}".\n\nRead the reply and tell us what it contains (information received, refusal, extension…):\n${l}\n\n— Dossier`,
  },
};

/**
 * Tell the citizen a real reply arrived and ask them to classify it. Runs
 * inside the ingest transaction, so the e-mail exists only if the message
 * does: it goes to the outbox (outbound_emails + a mail.send job) through
 * `queueEmail`. Without one (unit tests) only the event is recorded.
 */
export async function notifyCitizenOfReply(
  trx: Kysely<Database>,
  requestId: number,
  messageId: number,
  opts: { baseUrl?: string; queueEmail?: (trx: Kysely<Database>, email: CitizenEmail) => Promise<void> },
): Promise<void> {
  const row = await trx
    .selectFrom("requests")
    .innerJoin("users", "users.id", "requests.user_id")
    .select(["requests.title", "users.id as user_id", "users.email", "users.display_name", "users.locale"])
    .where("requests.id", "=", requestId)
    .executeTakeFirst();
  if (!row) return;
  const locale = (["fr", "nl", "de", "en"].includes(row.locale) ? row.locale : "fr") as Locale;
  const link = `${(opts.baseUrl ?? "http://localhost:3000").replace(/\/+$/, "")}/requests/${requestId}#message-${messageId}`;
  const t = TEXT[locale];
  const email: CitizenEmail = { to: [row.email], subject: t.subject(row.title), text: t.body(row.display_name, row.title, link), userId: row.user_id, kind: "reply_received" };
  if (opts.queueEmail) await opts.queueEmail(trx, email);
  await recordEvent(trx, {
    request_id: requestId,
    type: "citizen_notified",
    data: JSON.stringify({ kind: "reply_received", user_id: row.user_id, locale, subject: email.subject, message_id: messageId, outbox: Boolean(opts.queueEmail) }),
  });
}

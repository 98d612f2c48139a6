import { sql } from "kysely";
import type { Db } from "../db/connect";
import { queueEmail } from "../mail/outbound";
import type { Config } from "../server/config";
import type { JobQueue } from "../server/queue";
import { classifyLinks } from "./classify-links";
import type { ClassificationState } from "./states";

type Lang = "fr" | "nl" | "de" | "en";

const CHOICES = ["successful", "partially_successful", "refused", "not_held", "waiting_clarification", "awaiting_response"] as const satisfies readonly ClassificationState[];

const LABELS: Record<Lang, { intro: string } & Record<(typeof CHOICES)[number], string>> = {
  fr: { intro: "En un clic, dites ce que contient la réponse :", successful: "J’ai reçu l’information", partially_successful: "J’ai reçu une partie de l’information", refused: "La demande est refusée", not_held: "L’autorité ne détient pas l’information", waiting_clarification: "L’autorité demande des précisions", awaiting_response: "J’attends encore la réponse" },
  nl: { intro: "Zeg met één klik wat het antwoord inhoudt:", successful: "Ik kreeg de informatie", partially_successful: "Ik kreeg een deel van de informatie", refused: "Het verzoek is geweigerd", not_held: "De overheid heeft de informatie niet", waiting_clarification: "De overheid vraagt verduidelijking", awaiting_response: "Ik wacht nog op het antwoord" },
  de: { intro: "Sagen Sie mit einem Klick, was die Antwort enthält:", successful: "Ich habe die Information erhalten", partially_successful: "Ich habe einen Teil der Information erhalten", refused: "Der Antrag wurde abgelehnt", not_held: "Die Behörde besitzt die Information nicht", waiting_clarification: "Die Behörde bittet um Klarstellung", awaiting_response: "Ich warte noch auf die Antwort" },
  en: { intro: "In one click, tell us what the reply contains:", successful: "I received the information", partially_successful: "I received part of the information", refused: "The request was refused", not_held: "The authority does not hold the information", waiting_clarification: "The authority asks for clarification", awaiting_response: "I am still waiting for the answer" },
};

type Note = { status?: string; user_id?: number; to?: string; locale?: string; subject?: string; text?: string; kind?: string };

/**
 * The mail room records "a reply arrived" notifications as
 * `citizen_notification_queued` events (inside its ingest transaction).
 * This hands each one to the outbox, adding the one-click classification
 * links, and marks the event so it is handed over once.
 */
export async function outboxReplyNotifications(db: Db, queue: JobQueue, config: Pick<Config, "secret" | "baseUrl">, limit = 200): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const events = await trx
      .selectFrom("events")
      .select(["id", "request_id", "data"])
      .where("type", "=", "citizen_notification_queued")
      .where(sql<boolean>`data->>'status' = 'queued'`)
      .orderBy("id")
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    for (const event of events) {
      const note = (event.data ?? {}) as Note;
      if (!note.to || !note.subject || !note.text || !event.request_id) {
        await trx.updateTable("events").set({ data: sql`data || '{"status":"invalid"}'::jsonb` }).where("id", "=", event.id).execute();
        continue;
      }
      const lang = (["fr", "nl", "de", "en"].includes(note.locale ?? "") ? note.locale : "fr") as Lang;
      const links = classifyLinks(config, event.request_id);
      const text = `${note.text}\n\n${LABELS[lang].intro}\n${CHOICES.map((c) => `- ${LABELS[lang][c]}: ${links[c]}`).join("\n")}\n`;
      const ref = await queueEmail(trx, queue, { userId: note.user_id ?? null, kind: note.kind ?? "reply_received", to: [note.to], subject: note.subject, text });
      await trx
        .updateTable("events")
        .set({ data: sql`data || ${JSON.stringify({ status: "outboxed", outbound_email_id: ref.id })}::jsonb` })
        .where("id", "=", event.id)
        .execute();
    }
    return events.length;
  });
}

import { describe, expect, it } from "vitest";
import { locales } from "../../core/i18n/index";
import { replyReceivedEmail } from "../../mail/emails";
import { requestSentEmail, reminderEmail } from "../../requests/emails";

/**
 * Citizen e-mails are typed definitions rendered from the shared catalogues
 * in the citizen's locale (core/email.ts); the texts are those written
 * before the move, word for word.
 */
describe("citizen e-mails, defined one way", () => {
  it("renders the reply notification as it was written before, in each language", () => {
    const params = { name: "Anne", title: "Budget 2026", link: "https://dossier.test/requests/1#message-2" };
    expect(locales.map((l) => replyReceivedEmail.render(l, params).subject)).toEqual([
      "Nouvelle réponse à votre demande « Budget 2026 »",
      'Nieuw antwoord op uw verzoek "Budget 2026"',
      "Neue Antwort auf Ihre Anfrage „Budget 2026“",
      'New reply to your request "Budget 2026"',
    ]);
    expect(replyReceivedEmail.render("en", params)).toEqual({
      kind: "reply_received",
      subject: 'New reply to your request "Budget 2026"',
      text: 'Hello Anne,\n\nThe authority has replied to your request "Budget 2026".\n\nRead the reply and tell us what it contains (information received, refusal, extension…):\nhttps://dossier.test/requests/1#message-2\n\n— Dossier',
    });
  });

  it("renders the copy of a sent request and the reminders with their kind", () => {
    const sent = requestSentEmail.render("fr", { title: "Permis", authority: "Namur", url: "https://dossier.test/requests/3" });
    expect(sent).toEqual({
      kind: "request_sent",
      subject: "Votre demande « Permis » est en route",
      text: "Bonjour,\n\nVotre demande « Permis » à Namur a été enregistrée et sera envoyée par e-mail. Vous la suivrez ici :\nhttps://dossier.test/requests/3\n\nNous vous écrirons quand l’autorité répondra.\n\nDossier",
    });
    const links = { request: "R", nudge: "N", escalate: "E", classify: "C", unsubscribe: "U" };
    const overdue = reminderEmail.render("nl", { kind: "overdue", days: 0, name: "Jan", title: "Plan", authority: "Gent", due: "2026-01-26", by: null, body: "", links });
    expect(overdue.kind).toBe("reminder_overdue");
    expect(overdue.subject).toBe("Geen antwoord binnen de termijn: Plan");
    expect(overdue.text).toBe(
      'Beste Jan,\n\nGent moest uiterlijk op 26 januari 2026 antwoorden op uw verzoek "Plan". De termijn is verstreken zonder antwoord.\n\nU kunt nu:\n- de overheid beleefd herinneren: N\n- uw beroep voorbereiden: E\n\n-- \nUw verzoek: R\n\nWilt u geen herinneringen van dit soort (laattijdige antwoorden) meer ontvangen? U\n',
    );
    expect(reminderEmail.render("de", { kind: "appeal_deadline", days: 5, name: "A", title: "T", authority: "B", due: null, by: "2026-03-01", body: "X", links }).subject).toBe("Nur noch 5 Tage für Ihre Beschwerde: T");
  });
});

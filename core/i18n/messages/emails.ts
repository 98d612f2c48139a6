/** Strings of the e-mails to citizens (core/email.ts definitions in the rooms' emails.ts). */
const en = {
  "email.signature": "Dossier",
  "email.replyReceived.subject": 'New reply to your request "{title}"',
  "email.replyReceived.body":
    'Hello {name},\n\nThe authority has replied to your request "{title}".\n\nRead the reply and tell us what it contains (information received, refusal, extension…):\n{link}\n\n— Dossier',
  "email.requestSent.subject": 'Your request "{title}" is on its way',
  "email.requestSent.body":
    'Hello,\n\nYour request "{title}" to {authority} has been recorded and will be sent by e-mail. Follow it here:\n{url}\n\nWe will write to you when the authority replies.\n\nDossier',
  "email.reminder.hello": "Hello {name},",
  "email.reminder.overdue.subject": "No answer in time: {title}",
  "email.reminder.overdue.body":
    "{authority} had to answer your request “{title}” by {due}. The deadline has passed without an answer.\n\nYou can now:\n- send the authority a polite reminder: {nudge}\n- prepare your appeal: {escalate}",
  "email.reminder.unclassified.subject": "What did the authority answer? {title}",
  "email.reminder.unclassified.body":
    "{authority} answered your request “{title}” {days} days ago. Tell us whether you got the documents, so everyone can see where the request stands and we track the right deadlines: {classify}",
  "email.reminder.appeal_deadline.subject": "{days} days left to appeal: {title}",
  "email.reminder.appeal_deadline.body":
    "The deadline to appeal to {body} about your request “{title}” ends on {by}. After that date, an appeal is no longer possible.\n\nPrepare and send your appeal: {escalate}",
  "email.reminder.footer": "Your request: {request}\n\nNo longer want reminders of this kind ({kind})? {unsubscribe}",
  "email.reminder.kind.overdue": "overdue answers",
  "email.reminder.kind.unclassified": "replies to classify",
  "email.reminder.kind.appeal_deadline": "appeal deadlines",
};

export type EmailsKey = keyof typeof en;

const fr: Record<EmailsKey, string> = {
  "email.signature": "Dossier",
  "email.replyReceived.subject": "Nouvelle réponse à votre demande « {title} »",
  "email.replyReceived.body":
    "Bonjour {name},\n\nL'autorité a répondu à votre demande « {title} ».\n\nLisez la réponse et indiquez ce qu'elle contient (information reçue, refus, demande de délai…) :\n{link}\n\n— Dossier",
  "email.requestSent.subject": "Votre demande « {title} » est en route",
  "email.requestSent.body":
    "Bonjour,\n\nVotre demande « {title} » à {authority} a été enregistrée et sera envoyée par e-mail. Vous la suivrez ici :\n{url}\n\nNous vous écrirons quand l’autorité répondra.\n\nDossier",
  "email.reminder.hello": "Bonjour {name},",
  "email.reminder.overdue.subject": "Pas de réponse dans le délai : {title}",
  "email.reminder.overdue.body":
    "{authority} devait répondre à votre demande « {title} » au plus tard le {due}. Le délai est passé sans réponse.\n\nVous pouvez maintenant :\n- envoyer un rappel poli à l’autorité : {nudge}\n- préparer votre recours : {escalate}",
  "email.reminder.unclassified.subject": "Qu’a répondu l’autorité ? {title}",
  "email.reminder.unclassified.body":
    "{authority} a répondu à votre demande « {title} » il y a {days} jours. Dites-nous si vous avez obtenu les documents, pour que chacun sache où en est la demande et que nous suivions les bons délais : {classify}",
  "email.reminder.appeal_deadline.subject": "Plus que {days} jours pour votre recours : {title}",
  "email.reminder.appeal_deadline.body":
    "Le délai pour saisir {body} au sujet de votre demande « {title} » expire le {by}. Après cette date, le recours ne sera plus possible.\n\nPréparer et envoyer votre recours : {escalate}",
  "email.reminder.footer": "Votre demande : {request}\n\nVous ne voulez plus recevoir de rappels de ce type ({kind}) ? {unsubscribe}",
  "email.reminder.kind.overdue": "retards de réponse",
  "email.reminder.kind.unclassified": "réponses à classer",
  "email.reminder.kind.appeal_deadline": "délais de recours",
};

const nl: Record<EmailsKey, string> = {
  "email.signature": "Dossier",
  "email.replyReceived.subject": 'Nieuw antwoord op uw verzoek "{title}"',
  "email.replyReceived.body":
    'Beste {name},\n\nDe overheid heeft geantwoord op uw verzoek "{title}".\n\nLees het antwoord en geef aan wat het bevat (informatie ontvangen, weigering, uitstel…):\n{link}\n\n— Dossier',
  "email.requestSent.subject": 'Uw verzoek "{title}" is onderweg',
  "email.requestSent.body":
    'Hallo,\n\nUw verzoek "{title}" aan {authority} werd geregistreerd en wordt per e-mail verstuurd. U volgt het hier:\n{url}\n\nWe schrijven u wanneer de overheid antwoordt.\n\nDossier',
  "email.reminder.hello": "Beste {name},",
  "email.reminder.overdue.subject": "Geen antwoord binnen de termijn: {title}",
  "email.reminder.overdue.body":
    '{authority} moest uiterlijk op {due} antwoorden op uw verzoek "{title}". De termijn is verstreken zonder antwoord.\n\nU kunt nu:\n- de overheid beleefd herinneren: {nudge}\n- uw beroep voorbereiden: {escalate}',
  "email.reminder.unclassified.subject": "Wat heeft de overheid geantwoord? {title}",
  "email.reminder.unclassified.body":
    '{authority} heeft {days} dagen geleden geantwoord op uw verzoek "{title}". Laat ons weten of u de documenten hebt gekregen, zodat iedereen weet hoe het verzoek ervoor staat en wij de juiste termijnen volgen: {classify}',
  "email.reminder.appeal_deadline.subject": "Nog {days} dagen voor uw beroep: {title}",
  "email.reminder.appeal_deadline.body":
    'De termijn om beroep in te stellen bij {body} over uw verzoek "{title}" verstrijkt op {by}. Daarna is beroep niet meer mogelijk.\n\nUw beroep voorbereiden en versturen: {escalate}',
  "email.reminder.footer": "Uw verzoek: {request}\n\nWilt u geen herinneringen van dit soort ({kind}) meer ontvangen? {unsubscribe}",
  "email.reminder.kind.overdue": "laattijdige antwoorden",
  "email.reminder.kind.unclassified": "te classificeren antwoorden",
  "email.reminder.kind.appeal_deadline": "beroepstermijnen",
};

const de: Record<EmailsKey, string> = {
  "email.signature": "Dossier",
  "email.replyReceived.subject": "Neue Antwort auf Ihre Anfrage „{title}“",
  "email.replyReceived.body":
    "Guten Tag {name},\n\ndie Behörde hat auf Ihre Anfrage „{title}“ geantwortet.\n\nLesen Sie die Antwort und geben Sie an, was sie enthält (Information erhalten, Ablehnung, Fristverlängerung…):\n{link}\n\n— Dossier",
  "email.requestSent.subject": "Ihr Antrag „{title}“ ist unterwegs",
  "email.requestSent.body":
    "Guten Tag,\n\nIhr Antrag „{title}“ an {authority} wurde gespeichert und wird per E-Mail gesendet. Sie verfolgen ihn hier:\n{url}\n\nWir schreiben Ihnen, wenn die Behörde antwortet.\n\nDossier",
  "email.reminder.hello": "Hallo {name},",
  "email.reminder.overdue.subject": "Keine Antwort innerhalb der Frist: {title}",
  "email.reminder.overdue.body":
    "{authority} hätte Ihren Antrag „{title}“ spätestens am {due} beantworten müssen. Die Frist ist ohne Antwort abgelaufen.\n\nSie können jetzt:\n- die Behörde höflich erinnern: {nudge}\n- Ihre Beschwerde vorbereiten: {escalate}",
  "email.reminder.unclassified.subject": "Was hat die Behörde geantwortet? {title}",
  "email.reminder.unclassified.body":
    "{authority} hat vor {days} Tagen auf Ihren Antrag „{title}“ geantwortet. Sagen Sie uns, ob Sie die Dokumente erhalten haben, damit alle den Stand kennen und wir die richtigen Fristen verfolgen: {classify}",
  "email.reminder.appeal_deadline.subject": "Nur noch {days} Tage für Ihre Beschwerde: {title}",
  "email.reminder.appeal_deadline.body":
    "Die Frist, sich wegen Ihres Antrags „{title}“ an {body} zu wenden, endet am {by}. Danach ist keine Beschwerde mehr möglich.\n\nIhre Beschwerde vorbereiten und senden: {escalate}",
  "email.reminder.footer": "Ihr Antrag: {request}\n\nSie möchten keine Erinnerungen dieser Art ({kind}) mehr erhalten? {unsubscribe}",
  "email.reminder.kind.overdue": "überfällige Antworten",
  "email.reminder.kind.unclassified": "einzuordnende Antworten",
  "email.reminder.kind.appeal_deadline": "Beschwerdefristen",
};

export const emails = { fr, nl, de, en };

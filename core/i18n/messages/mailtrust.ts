/**
 * Strings of trusted inbound mail (issue 18): reclassifying a message, the
 * sender-authentication verdict shown on a message, long bodies, and the
 * admin list of messages that could not be read.
 */
const en = {
  "mailtrust.reclassify.label": "This message is",
  "mailtrust.reclassify.submit": "Correct the classification",
  "mailtrust.reclassify.done": "Message reclassified.",
  "request.event.message_reclassified": "{name} corrected the classification of a message",
  "mailtrust.auth.verified": "Sent by the authority's server: verified",
  "mailtrust.auth.notVerified": "Sent by the authority's server: not verified",
  "mailtrust.auth.failed": "Sent by the authority's server: not verified — this message failed the authority's own sender check and may be forged",
  "mailtrust.auth.details": "Sender checks: SPF {spf}, DKIM {dkim}, DMARC {dmarc}",
  "mailtrust.body.truncated": "The message is long: {shown} of {total, plural, one {# character} other {# characters}} are shown.",
  "mailtrust.body.showFull": "Show the full message",
  "mailtrust.body.original": "Download the original message",
  "mailtrust.admin.unreadable": "Messages that could not be read",
  "mailtrust.admin.unreadable.empty": "Every accepted message could be read.",
  "mailtrust.admin.unreadable.reason": "Why",
  "mailtrust.admin.reprocess": "Process again",
  "mailtrust.admin.forged": "Failed the sender check (DMARC) for the authority's domain",
  "mailtrust.admin.forged.empty": "No message failed the authority's sender check.",
};

type Catalog = Record<keyof typeof en, string>;

const fr: Catalog = {
  "mailtrust.reclassify.label": "Ce message est",
  "mailtrust.reclassify.submit": "Corriger la classification",
  "mailtrust.reclassify.done": "Message reclassé.",
  "request.event.message_reclassified": "{name} a corrigé la classification d’un message",
  "mailtrust.auth.verified": "Envoyé par le serveur de l’autorité : vérifié",
  "mailtrust.auth.notVerified": "Envoyé par le serveur de l’autorité : non vérifié",
  "mailtrust.auth.failed": "Envoyé par le serveur de l’autorité : non vérifié — ce message a échoué au contrôle d’expéditeur de l’autorité et pourrait être falsifié",
  "mailtrust.auth.details": "Contrôles de l’expéditeur : SPF {spf}, DKIM {dkim}, DMARC {dmarc}",
  "mailtrust.body.truncated": "Le message est long : {shown} sur {total, plural, one {# caractère} other {# caractères}} sont affichés.",
  "mailtrust.body.showFull": "Afficher le message complet",
  "mailtrust.body.original": "Télécharger le message original",
  "mailtrust.admin.unreadable": "Messages illisibles",
  "mailtrust.admin.unreadable.empty": "Tous les messages acceptés ont pu être lus.",
  "mailtrust.admin.unreadable.reason": "Pourquoi",
  "mailtrust.admin.reprocess": "Traiter à nouveau",
  "mailtrust.admin.forged": "Échec du contrôle d’expéditeur (DMARC) pour le domaine de l’autorité",
  "mailtrust.admin.forged.empty": "Aucun message n’a échoué au contrôle d’expéditeur de l’autorité.",
};

const nl: Catalog = {
  "mailtrust.reclassify.label": "Dit bericht is",
  "mailtrust.reclassify.submit": "Classificatie corrigeren",
  "mailtrust.reclassify.done": "Bericht opnieuw geclassificeerd.",
  "request.event.message_reclassified": "{name} corrigeerde de classificatie van een bericht",
  "mailtrust.auth.verified": "Verzonden door de server van de overheid: geverifieerd",
  "mailtrust.auth.notVerified": "Verzonden door de server van de overheid: niet geverifieerd",
  "mailtrust.auth.failed": "Verzonden door de server van de overheid: niet geverifieerd — dit bericht faalde voor de afzendercontrole van de overheid en kan vervalst zijn",
  "mailtrust.auth.details": "Afzendercontroles: SPF {spf}, DKIM {dkim}, DMARC {dmarc}",
  "mailtrust.body.truncated": "Het bericht is lang: {shown} van {total, plural, one {# teken} other {# tekens}} worden getoond.",
  "mailtrust.body.showFull": "Het volledige bericht tonen",
  "mailtrust.body.original": "Het originele bericht downloaden",
  "mailtrust.admin.unreadable": "Onleesbare berichten",
  "mailtrust.admin.unreadable.empty": "Alle aanvaarde berichten konden gelezen worden.",
  "mailtrust.admin.unreadable.reason": "Waarom",
  "mailtrust.admin.reprocess": "Opnieuw verwerken",
  "mailtrust.admin.forged": "Afzendercontrole (DMARC) mislukt voor het domein van de overheid",
  "mailtrust.admin.forged.empty": "Geen enkel bericht faalde voor de afzendercontrole van de overheid.",
};

const de: Catalog = {
  "mailtrust.reclassify.label": "Diese Nachricht ist",
  "mailtrust.reclassify.submit": "Einordnung korrigieren",
  "mailtrust.reclassify.done": "Nachricht neu eingeordnet.",
  "request.event.message_reclassified": "{name} hat die Einordnung einer Nachricht korrigiert",
  "mailtrust.auth.verified": "Vom Server der Behörde gesendet: bestätigt",
  "mailtrust.auth.notVerified": "Vom Server der Behörde gesendet: nicht bestätigt",
  "mailtrust.auth.failed": "Vom Server der Behörde gesendet: nicht bestätigt — diese Nachricht hat die Absenderprüfung der Behörde nicht bestanden und könnte gefälscht sein",
  "mailtrust.auth.details": "Absenderprüfungen: SPF {spf}, DKIM {dkim}, DMARC {dmarc}",
  "mailtrust.body.truncated": "Die Nachricht ist lang: {shown} von {total, plural, one {# Zeichen} other {# Zeichen}} werden angezeigt.",
  "mailtrust.body.showFull": "Die vollständige Nachricht anzeigen",
  "mailtrust.body.original": "Die Originalnachricht herunterladen",
  "mailtrust.admin.unreadable": "Unlesbare Nachrichten",
  "mailtrust.admin.unreadable.empty": "Alle angenommenen Nachrichten konnten gelesen werden.",
  "mailtrust.admin.unreadable.reason": "Grund",
  "mailtrust.admin.reprocess": "Erneut verarbeiten",
  "mailtrust.admin.forged": "Absenderprüfung (DMARC) für die Domain der Behörde nicht bestanden",
  "mailtrust.admin.forged.empty": "Keine Nachricht hat die Absenderprüfung der Behörde nicht bestanden.",
};

export const mailtrust = { fr, nl, de, en };

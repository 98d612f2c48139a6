/**
 * Strings about attachments' text (issue 16): text recognised from scans,
 * extraction in progress, documents that could not be read, redacted
 * copies being prepared.
 */
const en = {
  "documents.hit.page": "page {page}",
  "documents.ocr.label": "text recognised automatically",
  "documents.ocr.pages": "{count, plural, one {text recognised automatically on page {pages}} other {text recognised automatically on pages {pages}}}",
  "documents.progress": "{total, plural, one {reading the text: page {done} of # page} other {reading the text: page {done} of # pages}}",
  "documents.partial": "text only partly extracted",
  "documents.failed": "text could not be extracted",
  "documents.redaction.preparing": "This file is being prepared for publication (personal data is being removed). Try again in a minute.",
  "documents.redaction.preparingShort": "being prepared for publication",
};

const fr: Record<keyof typeof en, string> = {
  "documents.hit.page": "page {page}",
  "documents.ocr.label": "texte reconnu automatiquement",
  "documents.ocr.pages": "{count, plural, one {texte reconnu automatiquement à la page {pages}} other {texte reconnu automatiquement aux pages {pages}}}",
  "documents.progress": "{total, plural, one {lecture du texte : page {done} sur # page} other {lecture du texte : page {done} sur # pages}}",
  "documents.partial": "texte extrait en partie seulement",
  "documents.failed": "le texte n’a pas pu être extrait",
  "documents.redaction.preparing": "Ce fichier est en cours de préparation pour la publication (les données personnelles en sont retirées). Réessayez dans une minute.",
  "documents.redaction.preparingShort": "en préparation pour la publication",
};

const nl: Record<keyof typeof en, string> = {
  "documents.hit.page": "pagina {page}",
  "documents.ocr.label": "tekst automatisch herkend",
  "documents.ocr.pages": "{count, plural, one {tekst automatisch herkend op pagina {pages}} other {tekst automatisch herkend op pagina's {pages}}}",
  "documents.progress": "{total, plural, one {tekst wordt gelezen: pagina {done} van # pagina} other {tekst wordt gelezen: pagina {done} van # pagina's}}",
  "documents.partial": "tekst slechts gedeeltelijk geëxtraheerd",
  "documents.failed": "tekst kon niet worden geëxtraheerd",
  "documents.redaction.preparing": "Dit bestand wordt voorbereid voor publicatie (persoonsgegevens worden verwijderd). Probeer het over een minuut opnieuw.",
  "documents.redaction.preparingShort": "wordt voorbereid voor publicatie",
};

const de: Record<keyof typeof en, string> = {
  "documents.hit.page": "Seite {page}",
  "documents.ocr.label": "Text automatisch erkannt",
  "documents.ocr.pages": "{count, plural, one {Text automatisch erkannt auf Seite {pages}} other {Text automatisch erkannt auf den Seiten {pages}}}",
  "documents.progress": "{total, plural, one {Text wird gelesen: Seite {done} von # Seite} other {Text wird gelesen: Seite {done} von # Seiten}}",
  "documents.partial": "Text nur teilweise extrahiert",
  "documents.failed": "Text konnte nicht extrahiert werden",
  "documents.redaction.preparing": "Diese Datei wird für die Veröffentlichung vorbereitet (personenbezogene Daten werden entfernt). Versuchen Sie es in einer Minute erneut.",
  "documents.redaction.preparingShort": "wird für die Veröffentlichung vorbereitet",
};

export const documents = { fr, nl, de, en };

/**
 * Strings about attachments' text (issue 16): text recognised from scans,
 * extraction in progress, documents that could not be read.
 */
const en = {
  "documents.ocr.label": "text recognised automatically",
  "documents.ocr.pages": "{count, plural, one {text recognised automatically on page {pages}} other {text recognised automatically on pages {pages}}}",
  "documents.progress": "reading the text: page {done} of {total}",
  "documents.partial": "text only partly extracted",
  "documents.failed": "text could not be extracted",
};

const fr: Record<keyof typeof en, string> = {
  "documents.ocr.label": "texte reconnu automatiquement",
  "documents.ocr.pages": "{count, plural, one {texte reconnu automatiquement à la page {pages}} other {texte reconnu automatiquement aux pages {pages}}}",
  "documents.progress": "lecture du texte : page {done} sur {total}",
  "documents.partial": "texte extrait en partie seulement",
  "documents.failed": "le texte n’a pas pu être extrait",
};

const nl: Record<keyof typeof en, string> = {
  "documents.ocr.label": "tekst automatisch herkend",
  "documents.ocr.pages": "{count, plural, one {tekst automatisch herkend op pagina {pages}} other {tekst automatisch herkend op pagina's {pages}}}",
  "documents.progress": "tekst wordt gelezen: pagina {done} van {total}",
  "documents.partial": "tekst slechts gedeeltelijk geëxtraheerd",
  "documents.failed": "tekst kon niet worden geëxtraheerd",
};

const de: Record<keyof typeof en, string> = {
  "documents.ocr.label": "Text automatisch erkannt",
  "documents.ocr.pages": "{count, plural, one {Text automatisch erkannt auf Seite {pages}} other {Text automatisch erkannt auf den Seiten {pages}}}",
  "documents.progress": "Text wird gelesen: Seite {done} von {total}",
  "documents.partial": "Text nur teilweise extrahiert",
  "documents.failed": "Text konnte nicht extrahiert werden",
};

export const documents = { fr, nl, de, en };

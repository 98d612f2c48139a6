/**
 * Strings of the security fixes (issue 17): refused redaction patterns,
 * redirects, follow-up recipients, rate limits and request errors.
 */
const en = {
  "security.followUp.to": "Send to",
  "security.followUp.directory": "{address} (the authority’s address)",
  "security.followUp.replier": "{address} (replied from {domain})",
  "error.code.follow_up_limit": "at most 3 follow-ups a day on one request: try again tomorrow.",
  "security.pattern.invalid": "this is not a valid pattern",
  "security.pattern.unsupported": "patterns cannot use back-references or look-ahead/look-behind; write the text to hide, or a simpler pattern",
  "security.pattern.empty": "the pattern matches empty text",
};

const fr: typeof en = {
  "security.followUp.to": "Envoyer à",
  "security.followUp.directory": "{address} (l’adresse de l’autorité)",
  "security.followUp.replier": "{address} (a répondu depuis {domain})",
  "error.code.follow_up_limit": "3 relances par jour au plus pour une demande : réessayez demain.",
  "security.pattern.invalid": "ce motif n’est pas valide",
  "security.pattern.unsupported": "un motif ne peut pas utiliser de références arrière ni d’assertions avant/arrière ; écrivez le texte à masquer, ou un motif plus simple",
  "security.pattern.empty": "le motif correspond à un texte vide",
};

const nl: typeof en = {
  "security.followUp.to": "Versturen naar",
  "security.followUp.directory": "{address} (het adres van de overheid)",
  "security.followUp.replier": "{address} (antwoordde vanaf {domain})",
  "error.code.follow_up_limit": "hoogstens 3 herinneringen per dag voor één aanvraag: probeer het morgen opnieuw.",
  "security.pattern.invalid": "dit is geen geldig patroon",
  "security.pattern.unsupported": "een patroon mag geen terugverwijzingen of lookahead/lookbehind gebruiken; schrijf de tekst die verborgen moet worden, of een eenvoudiger patroon",
  "security.pattern.empty": "het patroon komt overeen met lege tekst",
};

const de: typeof en = {
  "security.followUp.to": "Senden an",
  "security.followUp.directory": "{address} (die Adresse der Behörde)",
  "security.followUp.replier": "{address} (hat von {domain} geantwortet)",
  "error.code.follow_up_limit": "höchstens 3 Nachfragen pro Tag zu einem Antrag: Versuchen Sie es morgen erneut.",
  "security.pattern.invalid": "dies ist kein gültiges Muster",
  "security.pattern.unsupported": "Muster dürfen keine Rückverweise und keine Lookahead-/Lookbehind-Ausdrücke verwenden; schreiben Sie den zu verbergenden Text oder ein einfacheres Muster",
  "security.pattern.empty": "das Muster passt auf leeren Text",
};

export const security = { en, fr, nl, de };

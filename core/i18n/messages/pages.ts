/**
 * Page titles (the `<title>` of each page, WCAG 2.4.2) and the error pages.
 * Titles reuse a page's heading key where it already names the page alone;
 * these are the ones that needed their own words.
 */
const en = {
  "page.newRequest.choose": "New request: choose the authority",
  "page.newRequest.write": "New request to {authority}",
  "page.editDraft": "Edit your draft: {title}",
  "page.preview": "Check your letter: {title}",
  "page.nudge": "Remind the authority: {title}",
  "page.replies": "Correspondence: {title}",
  "page.classify": "What is this reply? {title}",
  "page.confirm": "Confirm your e-mail address",
  "page.signup.checkEmail": "Check your e-mail",
  "page.users": "{name}: public profile",
  "page.search.results": "Search: {q}",
  "page.admin": "Administration: {title}",
  "error.forbidden.title": "Access refused",
  "error.forbidden.text": "You are not allowed to see this page. If you think you should be, log in with the right account.",
  "error.rateLimited.title": "Too many attempts",
  "error.rateLimited.text": "You have made too many attempts in a short time. Please wait a few minutes and try again.",
  "error.badRequest.title": "This request could not be understood",
  "error.badRequest.text": "Something in the address or the form is not valid. Go back and check what you entered.",
  "error.gone.title": "This page is no longer available",
  "error.gone.text": "What you asked for has expired or been removed.",
  "error.status": "Error {status}",
};

export type PagesKey = keyof typeof en;

const fr: Record<PagesKey, string> = {
  "page.newRequest.choose": "Nouvelle demande : choisir l’autorité",
  "page.newRequest.write": "Nouvelle demande à {authority}",
  "page.editDraft": "Modifier votre brouillon : {title}",
  "page.preview": "Vérifiez votre lettre : {title}",
  "page.nudge": "Rappeler l’autorité : {title}",
  "page.replies": "Correspondance : {title}",
  "page.classify": "Quelle est cette réponse ? {title}",
  "page.confirm": "Confirmer votre adresse e-mail",
  "page.signup.checkEmail": "Consultez vos e-mails",
  "page.users": "{name} : profil public",
  "page.search.results": "Recherche : {q}",
  "page.admin": "Administration : {title}",
  "error.forbidden.title": "Accès refusé",
  "error.forbidden.text": "Vous n’avez pas le droit de voir cette page. Si vous pensez le contraire, connectez-vous avec le bon compte.",
  "error.rateLimited.title": "Trop de tentatives",
  "error.rateLimited.text": "Vous avez fait trop de tentatives en peu de temps. Attendez quelques minutes avant de réessayer.",
  "error.badRequest.title": "Cette demande n’a pas pu être comprise",
  "error.badRequest.text": "Un élément de l’adresse ou du formulaire n’est pas valable. Revenez en arrière et vérifiez ce que vous avez saisi.",
  "error.gone.title": "Cette page n’est plus disponible",
  "error.gone.text": "Ce que vous demandez a expiré ou a été retiré.",
  "error.status": "Erreur {status}",
};

const nl: Record<PagesKey, string> = {
  "page.newRequest.choose": "Nieuw verzoek: kies de overheid",
  "page.newRequest.write": "Nieuw verzoek aan {authority}",
  "page.editDraft": "Uw ontwerp bewerken: {title}",
  "page.preview": "Controleer uw brief: {title}",
  "page.nudge": "De overheid herinneren: {title}",
  "page.replies": "Briefwisseling: {title}",
  "page.classify": "Wat is dit antwoord? {title}",
  "page.confirm": "Uw e-mailadres bevestigen",
  "page.signup.checkEmail": "Bekijk uw e-mail",
  "page.users": "{name}: openbaar profiel",
  "page.search.results": "Zoeken: {q}",
  "page.admin": "Beheer: {title}",
  "error.forbidden.title": "Toegang geweigerd",
  "error.forbidden.text": "U mag deze pagina niet bekijken. Denkt u van wel, meld u dan aan met het juiste account.",
  "error.rateLimited.title": "Te veel pogingen",
  "error.rateLimited.text": "U hebt in korte tijd te veel pogingen gedaan. Wacht enkele minuten en probeer het opnieuw.",
  "error.badRequest.title": "Dit verzoek werd niet begrepen",
  "error.badRequest.text": "Iets in het adres of het formulier is niet geldig. Ga terug en controleer wat u hebt ingevuld.",
  "error.gone.title": "Deze pagina is niet meer beschikbaar",
  "error.gone.text": "Wat u vraagt, is verlopen of verwijderd.",
  "error.status": "Fout {status}",
};

const de: Record<PagesKey, string> = {
  "page.newRequest.choose": "Neuer Antrag: Behörde wählen",
  "page.newRequest.write": "Neuer Antrag an {authority}",
  "page.editDraft": "Ihren Entwurf bearbeiten: {title}",
  "page.preview": "Prüfen Sie Ihren Brief: {title}",
  "page.nudge": "Die Behörde erinnern: {title}",
  "page.replies": "Schriftverkehr: {title}",
  "page.classify": "Was ist diese Antwort? {title}",
  "page.confirm": "Ihre E-Mail-Adresse bestätigen",
  "page.signup.checkEmail": "Sehen Sie in Ihre E-Mails",
  "page.users": "{name}: öffentliches Profil",
  "page.search.results": "Suche: {q}",
  "page.admin": "Verwaltung: {title}",
  "error.forbidden.title": "Zugriff verweigert",
  "error.forbidden.text": "Sie dürfen diese Seite nicht sehen. Wenn Sie meinen, dass Sie es dürfen, melden Sie sich mit dem richtigen Konto an.",
  "error.rateLimited.title": "Zu viele Versuche",
  "error.rateLimited.text": "Sie haben in kurzer Zeit zu viele Versuche unternommen. Bitte warten Sie einige Minuten und versuchen Sie es erneut.",
  "error.badRequest.title": "Diese Anfrage wurde nicht verstanden",
  "error.badRequest.text": "Etwas in der Adresse oder im Formular ist ungültig. Gehen Sie zurück und prüfen Sie Ihre Eingaben.",
  "error.gone.title": "Diese Seite ist nicht mehr verfügbar",
  "error.gone.text": "Was Sie anfragen, ist abgelaufen oder wurde entfernt.",
  "error.status": "Fehler {status}",
};

export const pages = { en, fr, nl, de };

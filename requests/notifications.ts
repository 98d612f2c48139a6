import { requestSentEmail as requestSentDefinition } from "./emails";

type Lang = "fr" | "nl" | "de" | "en";

function lang(locale: string): Lang {
  return locale === "nl" || locale === "de" || locale === "en" ? locale : "fr";
}

/** The citizen's copy, rendered (requests/emails.ts defines it; the outbox renders it itself). */
export function requestSentEmail(locale: string, input: { title: string; authority: string; url: string }): { subject: string; text: string } {
  const { subject, text } = requestSentDefinition.render(lang(locale), input);
  return { subject, text };
}

export function confirmAccountEmail(locale: string, input: { name: string; url: string }): { subject: string; text: string } {
  return {
    fr: { subject: "Confirmez votre adresse e-mail pour Dossier", text: `Bonjour ${input.name},\n\nPour activer votre compte Dossier, ouvrez ce lien (valable 48 heures) :\n${input.url}\n\nSi vous n’avez pas créé de compte, ignorez ce message.\n\nDossier` },
    nl: { subject: "Bevestig uw e-mailadres voor Dossier", text: `Hallo ${input.name},\n\nOpen deze link (48 uur geldig) om uw Dossier-account te activeren:\n${input.url}\n\nHebt u geen account aangemaakt, negeer dan dit bericht.\n\nDossier` },
    de: { subject: "Bestätigen Sie Ihre E-Mail-Adresse für Dossier", text: `Guten Tag ${input.name},\n\nÖffnen Sie diesen Link (48 Stunden gültig), um Ihr Dossier-Konto zu aktivieren:\n${input.url}\n\nWenn Sie kein Konto angelegt haben, ignorieren Sie diese Nachricht.\n\nDossier` },
    en: { subject: "Confirm your e-mail address for Dossier", text: `Hello ${input.name},\n\nOpen this link (valid for 48 hours) to activate your Dossier account:\n${input.url}\n\nIf you did not create an account, ignore this message.\n\nDossier` },
  }[lang(locale)];
}

export function resetPasswordEmail(locale: string, input: { name: string; url: string }): { subject: string; text: string } {
  return {
    fr: { subject: "Choisir un nouveau mot de passe Dossier", text: `Bonjour ${input.name},\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable 1 heure) :\n${input.url}\n\nSi vous n’avez rien demandé, ignorez ce message : votre mot de passe ne change pas.\n\nDossier` },
    nl: { subject: "Een nieuw Dossier-wachtwoord kiezen", text: `Hallo ${input.name},\n\nOpen deze link (1 uur geldig) om een nieuw wachtwoord te kiezen:\n${input.url}\n\nHebt u niets gevraagd, negeer dan dit bericht: uw wachtwoord blijft hetzelfde.\n\nDossier` },
    de: { subject: "Ein neues Dossier-Passwort wählen", text: `Guten Tag ${input.name},\n\nÖffnen Sie diesen Link (1 Stunde gültig), um ein neues Passwort zu wählen:\n${input.url}\n\nWenn Sie nichts angefordert haben, ignorieren Sie diese Nachricht: Ihr Passwort bleibt unverändert.\n\nDossier` },
    en: { subject: "Choose a new Dossier password", text: `Hello ${input.name},\n\nOpen this link (valid for 1 hour) to choose a new password:\n${input.url}\n\nIf you did not ask for this, ignore this message: your password stays the same.\n\nDossier` },
  }[lang(locale)];
}

import { translator, type Locale, type Translate } from "./i18n/index";

/**
 * Citizen e-mails, defined one way: one typed definition per e-mail, whose
 * subject and body are written with the shared catalogues (core/i18n,
 * messages/emails.ts) and rendered in the citizen's locale. The outbox
 * (mail/outbound.ts `queueEmail`) takes a definition and its parameters;
 * rooms never assemble e-mail text by hand.
 */
export type EmailDefinition<P> = {
  /** The outbox's `kind` (what the admin outbox shows; tests and digests count by it). */
  kind: string | ((params: P) => string);
  subject: (t: Translate, params: P, locale: Locale) => string;
  body: (t: Translate, params: P, locale: Locale) => string;
};

export type RenderedEmail = { kind: string; subject: string; text: string };

export type DefinedEmail<P> = EmailDefinition<P> & { render: (locale: Locale, params: P) => RenderedEmail };

export function defineEmail<P>(definition: EmailDefinition<P>): DefinedEmail<P> {
  return {
    ...definition,
    render(locale, params) {
      const t = translator(locale);
      const kind = typeof definition.kind === "function" ? definition.kind(params) : definition.kind;
      return { kind, subject: definition.subject(t, params, locale), text: definition.body(t, params, locale) };
    },
  };
}

/** A stored locale (users.locale) as one the catalogues have; French otherwise. */
export function emailLocale(value: string | null | undefined): Locale {
  return value === "nl" || value === "de" || value === "en" ? value : "fr";
}

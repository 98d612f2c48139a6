import { Form, useLocation } from "@remix-run/react";
import { localeNames, locales } from "../../core/i18n/locales";
import { useLocale, useT } from "~/i18n/use-t";

/** One button per language: a plain form, so it works without JavaScript. */
export function LanguageSwitcher() {
  const t = useT();
  const current = useLocale();
  const location = useLocation();
  return (
    <Form method="post" action="/language" className="language-switcher" aria-label={t("language.change")}>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      {locales.map((locale) => (
        <button
          key={locale}
          type="submit"
          name="lang"
          value={locale}
          lang={locale}
          aria-pressed={locale === current}
          title={localeNames[locale]}
        >
          {locale.toUpperCase()}
          <span className="visually-hidden"> — {localeNames[locale]}</span>
        </button>
      ))}
    </Form>
  );
}

import type { MetaFunction } from "@remix-run/node";
import { translate } from "../../core/i18n/index";
import { isLocale } from "../../core/i18n/locales";
import { useT } from "~/i18n/use-t";

export const meta: MetaFunction = ({ matches }) => {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined;
  const locale = isLocale(root?.locale) ? root.locale : "fr";
  return [{ title: `${translate(locale, "privacy.title")} — ${translate(locale, "site.name")}` }, { name: "description", content: translate(locale, "privacy.lead") }];
};

/** The cookies the site sets; names match app/i18n/locale.server.ts and app/auth/. */
const cookies = [
  { name: "lang", purpose: "privacy.cookies.lang" },
  { name: "dossier_session", purpose: "privacy.cookies.session" },
  { name: "dossier_csrf", purpose: "privacy.cookies.csrf" },
] as const;

export default function Privacy() {
  const t = useT();
  return (
    <article className="prose">
      <h1>{t("privacy.title")}</h1>
      <p className="lead">{t("privacy.lead")}</p>
      <section aria-labelledby="published">
        <h2 id="published">{t("privacy.published.title")}</h2>
        <ul>
          {t("privacy.published.items")
            .split("|")
            .map((item) => (
              <li key={item}>{item}</li>
            ))}
        </ul>
      </section>
      <section aria-labelledby="masking">
        <h2 id="masking">{t("privacy.masking.title")}</h2>
        <p>{t("privacy.masking.text")}</p>
      </section>
      <section aria-labelledby="cookies">
        <h2 id="cookies">{t("privacy.cookies.title")}</h2>
        <p>{t("privacy.cookies.intro")}</p>
        <table className="cookies">
          <thead>
            <tr>
              <th scope="col">{t("privacy.cookie.name")}</th>
              <th scope="col">{t("privacy.cookie.purpose")}</th>
            </tr>
          </thead>
          <tbody>
            {cookies.map((c) => (
              <tr key={c.name}>
                <th scope="row">
                  <code>{c.name}</code>
                </th>
                <td>{t(c.purpose)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="moderation">
        <h2 id="moderation">{t("privacy.hidden.title")}</h2>
        <p>{t("privacy.hidden.text")}</p>
      </section>
      <section aria-labelledby="rights">
        <h2 id="rights">{t("privacy.rights.title")}</h2>
        <p>{t("privacy.rights.text")}</p>
      </section>
    </article>
  );
}

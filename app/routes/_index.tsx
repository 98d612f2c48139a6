import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { translate } from "../../core/i18n/index";
import { useT } from "~/i18n/use-t";
import { isLocale } from "../../core/i18n/locales";
import { publicPage } from "~/utils/public-cache";

export const meta: MetaFunction = ({ matches }) => {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined;
  const locale = isLocale(root?.locale) ? root.locale : "fr";
  return [
    { title: `${translate(locale, "site.name")} — ${translate(locale, "site.tagline")}` },
    { name: "description", content: translate(locale, "home.lead") },
  ];
};

export default function Home() {
  const t = useT();
  return (
    <article className="home">
      <h1>{t("home.title")}</h1>
      <p className="lead">{t("home.lead")}</p>
      <p>
        <Link className="button" to="/authorities">
          {t("home.cta.authorities")}
        </Link>
      </p>
      <section aria-labelledby="how">
        <h2 id="how">{t("home.how.title")}</h2>
        <ol className="steps">
          <li>{t("home.how.find")}</li>
          <li>{t("home.how.write")}</li>
          <li>{t("home.how.track")}</li>
          <li>{t("home.how.appeal")}</li>
        </ol>
      </section>
      <section aria-labelledby="laws">
        <h2 id="laws">{t("home.laws.title")}</h2>
        <p>{t("home.laws.text")}</p>
      </section>
      <section aria-labelledby="audience">
        <h2 id="audience">{t("home.audience.title")}</h2>
        <p>{t("home.audience.text")}</p>
      </section>
    </article>
  );
}

/** The same for every anonymous visitor: the page cache may keep it (docs/decisions/914). */
export const handle = publicPage;

import { Link, NavLink } from "@remix-run/react";
import { useT } from "~/i18n/use-t";
import { AccountNav } from "./account-nav";
import { LanguageSwitcher } from "./language-switcher";

export function SiteHeader() {
  const t = useT();
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <div className="site-header__inner">
        <Link to="/" className="site-name">
          {t("site.name")}
        </Link>
        <nav aria-label={t("nav.main")}>
          <ul>
            <li>
              <NavLink to="/" end>
                {t("nav.home")}
              </NavLink>
            </li>
            <li>
              <NavLink to="/authorities">{t("nav.authorities")}</NavLink>
            </li>
            <li>
              <NavLink to="/stats">{t("watch.nav.rankings")}</NavLink>
            </li>
            <li>
              <NavLink to="/requests/new">{t("nav.newRequest")}</NavLink>
            </li>
            <AccountNav />
          </ul>
        </nav>
        <form method="get" action="/search" role="search" className="site-search">
          <label htmlFor="site-search-q" className="visually-hidden">
            {t("search.label")}
          </label>
          <input id="site-search-q" type="search" name="q" placeholder={t("nav.search")} maxLength={500} />
          <button type="submit">{t("search.submit")}</button>
        </form>
        <LanguageSwitcher />
      </div>
    </header>
  );
}

export function SiteFooter() {
  const t = useT();
  return (
    <footer className="site-footer">
      <p>{t("footer.about")}</p>
      <p>
        <a href="/api/v1/authorities">{t("footer.api")}</a>
      </p>
      <p>
        <Link to="/privacy">{t("footer.privacy")}</Link>
        {" · "}
        <a href="/overdue">{t("overdue.seeAll")}</a>
      </p>
    </footer>
  );
}

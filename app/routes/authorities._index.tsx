import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { searchDirectory } from "../../authorities/directory";
import { displayName } from "../../authorities/names";
import { KINDS, REGIONS } from "../../authorities/vocabulary";
import { translate, type MessageKey } from "../../core/i18n/index";
import { getLocale } from "~/i18n/locale.server";
import { isLocale } from "../../core/i18n/locales";
import { useT } from "~/i18n/use-t";
import directoryStyles from "~/styles/directory.css?url";
import { isDossierError } from "../../core/errors";
import { publicPage } from "~/utils/public-cache";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: directoryStyles }];

const PER_PAGE = 25;
const LETTERS = "abcdefghijklmnopqrstuvwxyz".split("");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const locale = await getLocale(request);
  const page = Number(url.searchParams.get("page") ?? "1");
  const result = await searchDirectory(context.db, {
    q: url.searchParams.get("q"),
    region: url.searchParams.get("region"),
    kind: url.searchParams.get("kind"),
    letter: url.searchParams.get("letter"),
    page: Number.isFinite(page) ? page : 1,
    perPage: PER_PAGE,
  }).catch((error: unknown) => {
    if (isDossierError(error) && error.status === 400) throw new Response(error.message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    throw error;
  });
  return {
    query: result.query,
    total: result.total,
    page: result.page,
    pages: result.pages,
    items: result.items.map((a) => ({
      slug: a.slug,
      name: displayName(a, locale),
      kind: a.kind,
      region: a.region,
      hasEmail: a.has_email,
    })),
  };
}

export const meta: MetaFunction = ({ matches }) => {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined;
  const locale = isLocale(root?.locale) ? root.locale : "fr";
  return [{ title: `${translate(locale, "directory.title")} — ${translate(locale, "site.name")}` }];
};

function pageHref(query: { q: string; region: string | null; kind: string | null; letter: string | null }, page: number): string {
  const p = new URLSearchParams();
  if (query.q) p.set("q", query.q);
  if (query.region) p.set("region", query.region);
  if (query.kind) p.set("kind", query.kind);
  if (query.letter) p.set("letter", query.letter);
  if (page > 1) p.set("page", String(page));
  const s = p.toString();
  return s ? `?${s}` : "?";
}

export default function Directory() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const { query } = data;
  // With a query, the results come first (phones); browsing letters follow.
  const letters = (
      <nav aria-label={t("directory.browse.label")} className="letters">
        <ul>
          <li>
            <Link to={pageHref({ ...query, q: "", letter: null }, 1)} aria-current={!query.q && !query.letter ? "page" : undefined}>
              {t("directory.browse.all")}
            </Link>
          </li>
          {LETTERS.map((l) => (
            <li key={l}>
              <Link to={pageHref({ ...query, q: "", letter: l }, 1)} aria-current={query.letter === l ? "page" : undefined}>
                {l.toUpperCase()}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
  );
  return (
    <article className="directory">
      <h1>{t("directory.title")}</h1>
      <p className="lead">{t("directory.lead")}</p>

      <Form method="get" className="stacked directory-search" role="search">
        <label htmlFor="q">{t("directory.search.label")}</label>
        <input id="q" name="q" type="search" defaultValue={query.q} aria-describedby="q-hint" autoComplete="off" spellCheck={false} />
        <p id="q-hint" className="hint">
          {t("directory.search.hint")}
        </p>
        <div className="directory-filters">
          <div>
            <label htmlFor="region">{t("directory.filter.region")}</label>
            <select id="region" name="region" defaultValue={query.region ?? ""}>
              <option value="">{t("directory.filter.any")}</option>
              {REGIONS.map((r) => (
                <option key={r} value={r}>
                  {t(`region.${r}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="kind">{t("directory.filter.kind")}</label>
            <select id="kind" name="kind" defaultValue={query.kind ?? ""}>
              <option value="">{t("directory.filter.any")}</option>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`kind.${k}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <p>
          <button type="submit" className="primary">
            {t("directory.search.submit")}
          </button>
        </p>
      </Form>

      {query.q ? null : letters}

      <p role="status">
        {query.q ? t("directory.results.countFor", { count: data.total, q: query.q }) : t("directory.results.count", { count: data.total })}
      </p>
      {data.items.length === 0 ? (
        <p className="notice">{t("directory.results.none")}</p>
      ) : (
        <ul className="authority-list">
          {data.items.map((a) => (
            <li key={a.slug}>
              <Link to={`/authorities/${a.slug}`}>{a.name}</Link>
              <span className="hint">
                {" "}
                — {t(`kind.${a.kind}` as MessageKey)}
                {a.region ? `, ${t(`region.${a.region}` as MessageKey)}` : ""}
                {a.hasEmail ? "" : ` · ${t("directory.results.noEmail")}`}
              </span>
            </li>
          ))}
        </ul>
      )}

      {data.pages > 1 ? (
        <nav aria-label={t("directory.pagination.label")} className="pagination">
          {data.page > 1 ? (
            <Link rel="prev" to={pageHref(query, data.page - 1)}>
              {t("directory.pagination.previous")}
            </Link>
          ) : null}
          <span>{t("directory.pagination.status", { page: data.page, pages: data.pages })}</span>
          {data.page < data.pages ? (
            <Link rel="next" to={pageHref(query, data.page + 1)}>
              {t("directory.pagination.next")}
            </Link>
          ) : null}
        </nav>
      ) : null}
      {query.q ? letters : null}
    </article>
  );
}

/** The same for every anonymous visitor: the page cache may keep it (docs/decisions/914). */
export const handle = publicPage;

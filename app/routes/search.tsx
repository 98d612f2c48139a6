import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { MessageKey, Translate } from "../../core/i18n/index";
import { useLocale, useT } from "~/i18n/use-t";
import { searchQueryString, type SearchParams } from "../../search/params";
import { searchFromQuery } from "../../search/run-search.server";
import { facetNames, facetValuesShown, type FacetName, type SearchHit } from "../../core/search";
import { dateTimeFormat } from "../../core/intl";
import { metaLocale, pageTitle } from "~/utils/meta";
import { facetValueLabel } from "~/search/facet-label";
import { translate } from "../../core/i18n/index";
import { publicPageWithDatabaseSearch } from "~/utils/public-cache";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const outcome = await searchFromQuery(context, new URL(request.url).searchParams);
  return json(outcome, { status: outcome.status === "invalid" ? 400 : 200 });
}

export const meta: MetaFunction<typeof loader> = ({ data, location, matches }) => {
  const q = data && "params" in data ? data.params.q : "";
  const locale = metaLocale(matches);
  return [
    { title: pageTitle(locale, q ? translate(locale, "page.search.results", { q }) : translate(locale, "search.title")) },
    { name: "robots", content: "noindex" },
    ...(q ? [{ tagName: "link", rel: "alternate", type: "application/atom+xml", href: `/search.atom${location.search}` }] : []),
  ];
};

/** The param name of each facet in the query string. */
const facetParam: Record<FacetName, keyof SearchParams> = {
  authority: "authority",
  region: "region",
  kind: "kind",
  state: "state",
  year: "year",
  hasAttachments: "attachments",
  fileType: "filetype",
  language: "lang",
};

type Names = Record<string, Record<string, string | null>>;

function authorityName(slug: string | null, names: Names, hitNames: Record<string, string | undefined> | undefined, locale: string): string {
  const fromHit = hitNames ? (hitNames[locale] ?? hitNames.fr ?? hitNames.nl ?? hitNames.de ?? hitNames.en) : undefined;
  if (fromHit) return fromHit;
  const row = slug ? names[slug] : undefined;
  return (row && (row[locale] ?? row.fr ?? row.nl ?? row.de ?? row.en)) || slug || "";
}

function label(t: Translate, facet: FacetName, value: string, names: Names, locale: string): string {
  return facet === "authority" ? authorityName(value, names, undefined, locale) : facetValueLabel(t, facet, value);
}

function toggled(params: SearchParams, facet: FacetName, value: string): string {
  const name = facetParam[facet];
  const next: SearchParams = { ...params, page: 1 };
  if (name === "attachments") {
    next.attachments = params.attachments === (value === "true" ? "yes" : "no") ? undefined : value === "true" ? "yes" : "no";
  } else {
    const current = (params[name] as Array<string | number>).map(String);
    const values = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
    (next as Record<string, unknown>)[name] = name === "year" ? values.map(Number) : values;
  }
  return `/search?${searchQueryString(next)}`;
}

function isActive(params: SearchParams, facet: FacetName, value: string): boolean {
  const name = facetParam[facet];
  if (name === "attachments") return params.attachments === (value === "true" ? "yes" : "no");
  return (params[name] as Array<string | number>).map(String).includes(value);
}

export default function SearchPage() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const params = "params" in data ? data.params : undefined;
  const dateFormat = dateTimeFormat(`${locale}-BE`, { dateStyle: "medium", timeZone: "Europe/Brussels" });

  return (
    <article className="search-page">
      <h1>{t("search.title")}</h1>
      <Form method="get" action="/search" className="search-form" role="search">
        <label htmlFor="search-q">{t("search.label")}</label>
        <div className="search-form__row">
          <input id="search-q" type="search" name="q" defaultValue={params?.q ?? ""} placeholder={t("search.placeholder")} maxLength={500} />
          <button type="submit" className="primary">
            {t("search.submit")}
          </button>
        </div>
        <div className="search-form__row">
          <label htmlFor="search-sort">{t("search.sort.label")}</label>
          <select id="search-sort" name="sort" defaultValue={params?.sort ?? "relevance"}>
            <option value="relevance">{t("search.sort.relevance")}</option>
            <option value="date">{t("search.sort.date")}</option>
          </select>
        </div>
        {params
          ? (["authority", "region", "kind", "state", "year", "filetype", "lang", "type"] as const).flatMap((name) =>
              (params[name] as Array<string | number>).map((v) => <input key={`${name}-${v}`} type="hidden" name={name} value={String(v)} />),
            )
          : null}
        {params?.attachments ? <input type="hidden" name="attachments" value={params.attachments} /> : null}
        <p className="search-form__help">{t("search.syntax")}</p>
      </Form>

      {data.status === "invalid" ? (
        <div className="search-error" role="alert">
          <p>{t("search.invalid")}</p>
          <ul>
            {data.fields.map((field) => (
              <li key={field}>{t(`search.invalid.${field}` as MessageKey)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {data.status === "empty" ? <p>{t("search.intro")}</p> : null}
      {data.status === "ok" ? <Results data={data} t={t} locale={locale} dateFormat={dateFormat} /> : null}
    </article>
  );
}

type OkData = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { status: "ok" }>;

function Results({ data, t, locale, dateFormat }: { data: OkData; t: Translate; locale: string; dateFormat: Intl.DateTimeFormat }) {
  const { params, result, authorityNames } = data;
  const pages = Math.max(1, Math.ceil(result.total / result.perPage));
  const active = facetNames.flatMap((facet) =>
    (result.facets?.[facet] ?? []).filter((f) => isActive(params, facet, f.value)).map((f) => ({ facet, value: f.value })),
  );
  const withoutFilters = `/search?${searchQueryString({ q: params.q, sort: params.sort })}`;
  const count = result.totalIsLowerBound
    ? t("search.countMore", { count: result.total })
    : result.total === 1
      ? t("search.countOne")
      : t("search.count", { count: result.total });

  return (
    <div className="search-layout">
      <section className="search-results" aria-labelledby="results-heading">
        <h2 id="results-heading" className="visually-hidden">
          {t("search.results")}
        </h2>
        {result.total > 0 ? (
          <p className="search-count" aria-live="polite">
            {count}
          </p>
        ) : null}
        {active.length ? (
          <div className="search-active">
            <span>{t("search.filters.active")}:</span>
            <ul>
              {active.map(({ facet, value }) => {
                const name = label(t, facet, value, authorityNames, locale);
                return (
                  <li key={`${facet}-${value}`}>
                    <Link to={toggled(params, facet, value)} aria-label={t("search.filters.remove", { name })}>
                      {name} ×
                    </Link>
                  </li>
                );
              })}
            </ul>
          </div>
        ) : null}
        {result.hits.length === 0 ? (
          <div className="search-none">
            <p>{t("search.none", { q: params.q })}</p>
            <h3>{t("search.suggestions.title")}</h3>
            <ul>
              <li>{t("search.suggestions.spelling")}</li>
              <li>{t("search.suggestions.fewer")}</li>
              <li>{t("search.suggestions.prefix")}</li>
              {withoutFilters !== `/search?${searchQueryString({ ...params, page: 1 })}` ? (
                <li>
                  <Link to={withoutFilters}>{t("search.suggestions.clear")}</Link>
                </li>
              ) : null}
            </ul>
          </div>
        ) : (
          <ol className="search-hits" start={(result.page - 1) * result.perPage + 1}>
            {result.hits.map((hit) => (
              <Hit key={hit.id} hit={hit} t={t} locale={locale} names={authorityNames} dateFormat={dateFormat} />
            ))}
          </ol>
        )}
        {pages > 1 ? (
          <nav className="search-pages" aria-label={t("search.pagination")}>
            {result.page > 1 ? (
              <Link rel="prev" to={`/search?${searchQueryString({ ...params, page: result.page - 1 })}`}>
                {t("search.previous")}
              </Link>
            ) : null}
            <span>{t("search.page", { page: result.page, pages })}</span>
            {result.page < pages ? (
              <Link rel="next" to={`/search?${searchQueryString({ ...params, page: result.page + 1 })}`}>
                {t("search.next")}
              </Link>
            ) : null}
          </nav>
        ) : null}
        <p className="search-feed">
          <a href={`/search.atom?${searchQueryString({ ...params, page: 1, sort: "relevance" })}`}>{t("search.feed")}</a>
        </p>
      </section>

      {result.facets && result.total > 0 ? (
        <aside className="search-facets" aria-labelledby="facets-heading">
          <details open>
            <summary id="facets-heading">{t("search.filters")}</summary>
            {result.facetsApproximate ? <p className="search-facets__note">{t("search.approximate", { count: result.total })}</p> : null}
            {facetNames.map((facet) =>
              result.facets![facet].length ? (
                <section key={facet} className="facet">
                  <h3>{t(`search.facet.${facet}` as MessageKey)}</h3>
                  <ul>
                    {result.facets![facet].slice(0, facetValuesShown).map((f) => (
                      <li key={f.value}>
                        <Link to={toggled(params, facet, f.value)} aria-current={isActive(params, facet, f.value) ? "true" : undefined}>
                          {label(t, facet, f.value, authorityNames, locale)}
                        </Link>{" "}
                        <span className="facet__count">{f.count}</span>
                      </li>
                    ))}
                  </ul>
                </section>
              ) : null,
            )}
          </details>
        </aside>
      ) : null}
    </div>
  );
}

function Hit({ hit, t, locale, names, dateFormat }: { hit: SearchHit; t: Translate; locale: string; names: Names; dateFormat: Intl.DateTimeFormat }) {
  return (
    <li className="search-hit">
      <h3>
        <a href={hit.url}>{hit.title}</a>
      </h3>
      <p className="search-hit__meta">
        <span className="search-hit__type">{t(`search.type.${hit.type}` as MessageKey)}</span>
        {hit.subtitle ? <span>{hit.subtitle}</span> : null}
        {hit.page ? <span className="search-hit__page">{t("documents.hit.page", { page: hit.page })}</span> : null}
        {hit.recognised ? <span className="search-hit__ocr">{t("documents.ocr.label")}</span> : null}
        <span>{authorityName(hit.authoritySlug, names, hit.authorityNames, locale)}</span>
        <time dateTime={hit.date}>{dateFormat.format(new Date(hit.date))}</time>
        {hit.state ? <span className="search-hit__state">{facetValueLabel(t, "state", hit.state)}</span> : null}
      </p>
      {hit.snippet && hit.snippet.length ? (
        <p className="search-hit__snippet">{hit.snippet.map((part, i) => (part.hit ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}</p>
      ) : null}
    </li>
  );
}

/** The same for every anonymous visitor: the page cache may keep it (docs/decisions/914). */
export const handle = publicPageWithDatabaseSearch;

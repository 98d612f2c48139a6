import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { displayName } from "../../authorities/names";
import { PROVINCES } from "../../authorities/provinces";
import { KINDS, REGIONS } from "../../authorities/vocabulary";
import { areaQuery } from "../../watch/area";
import { areaLabel, kindLabel, provinceLabel, regionLabel } from "../../watch/labels";
import { parseRankingQuery, rankingRows, StatsQueryError, type RankingQuery } from "../../watch/stats-api";
import { FIGURES, type Figure, type Scorecard } from "../../watch/stats";
import { translate, type MessageKey } from "~/i18n";
import { getLocale } from "~/i18n/locale.server";
import { isLocale } from "~/i18n/locales";
import { useLocale, useT } from "~/i18n/use-t";
import { FollowButton } from "~/components/watch/follow-button";
import { followState } from "~/watch/follow-state.server";

const LABELS: Record<Figure, MessageKey> = {
  requests: "watch.stats.requests",
  answeredInTime: "watch.stats.answeredInTime",
  medianDaysToFirstReply: "watch.stats.medianDaysToFirstReply",
  overdueNow: "watch.stats.overdueNow",
  successful: "watch.stats.successful",
  partial: "watch.stats.partial",
  refused: "watch.stats.refused",
  notHeld: "watch.stats.notHeld",
  appeals: "watch.stats.appeals",
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const params = new URL(request.url).searchParams;
  let query: RankingQuery;
  try {
    query = parseRankingQuery(params);
  } catch (error) {
    if (error instanceof StatsQueryError) throw new Response(error.message, { status: 400 });
    throw error;
  }
  // Without a filter the page would rank 1,500 bodies of every kind; start with Walloon communes.
  if (!query.region && !query.kind && !query.province) query = { ...query, region: "wallonia", kind: "commune" };
  const [{ rows, computedOn }, follow] = await Promise.all([
    rankingRows(context.db, query),
    followState(request, context.db, { type: "area", region: query.region, kind: query.kind, province: query.province }),
  ]);
  return {
    query,
    computedOn,
    follow,
    area: areaLabel(locale, query.region, query.kind, query.province),
    rows: rows.map((r) => ({ slug: r.slug, name: displayName(r.names, locale), card: r.card })),
    regions: REGIONS.map((id) => ({ id, label: regionLabel(locale, id) })),
    kinds: KINDS.map((id) => ({ id, label: kindLabel(locale, id) })),
    provinces: PROVINCES.map((id) => ({ id, label: provinceLabel(locale, id) })),
  };
}

function queryString(q: { region: string | null; kind: string | null; province: string | null }, extra: Record<string, string> = {}): string {
  return areaQuery(q, extra).toString();
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined;
  const locale = isLocale(root?.locale) ? root.locale : "fr";
  const tags: ReturnType<MetaFunction> = [{ title: `${translate(locale, "watch.ranking.title")} — ${translate(locale, "site.name")}` }];
  if (data) tags.push({ tagName: "link", rel: "alternate", type: "application/atom+xml", href: `/feeds/area?${queryString(data.query)}`, title: data.area });
  return tags;
};

function FigureCell({ card, figure }: { card: Scorecard; figure: Figure }) {
  const t = useT();
  const locale = useLocale();
  if (figure === "requests") return <td className="num">{card.requests}</td>;
  const f = card[figure];
  if (f.value === null) {
    return (
      <td className="num">
        <span className="scorecard__none" title={t("watch.stats.notEnough")}>
          —
        </span>{" "}
        <span className="hint">(n={f.n})</span>
      </td>
    );
  }
  if (figure === "medianDaysToFirstReply") return <td className="num">{t("watch.stats.days", { days: f.value })} <span className="hint">(n={f.n})</span></td>;
  const percent = new Intl.NumberFormat(locale === "en" ? "en-GB" : `${locale}-BE`, { style: "percent", maximumFractionDigits: 0 });
  const p = f as Scorecard["answeredInTime"];
  return (
    <td className="num">
      {percent.format(p.value!)} <span className="hint">(n={p.n})</span>
      <br />
      <span className="hint">
        {percent.format(p.low!)}–{percent.format(p.high!)}
      </span>
    </td>
  );
}

export default function Rankings() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const { query } = data;
  const sortHref = (figure: Figure) => `?${queryString(query, { sort: figure, dir: query.sort === figure && query.direction === "desc" ? "asc" : "desc" })}`;
  return (
    <article className="ranking">
      <h1>{t("watch.ranking.title")}</h1>
      <p className="lead">{t("watch.ranking.lead")}</p>
      <Form method="get" className="ranking-filters">
        <p>
          <label htmlFor="region">{t("watch.ranking.region")}</label>
          <br />
          <select id="region" name="region" defaultValue={query.region ?? ""}>
            <option value="">{t("watch.ranking.any")}</option>
            {data.regions.map((r) => (
              <option key={r.id} value={r.id}>
                {r.label}
              </option>
            ))}
          </select>
        </p>
        <p>
          <label htmlFor="kind">{t("watch.ranking.kind")}</label>
          <br />
          <select id="kind" name="kind" defaultValue={query.kind ?? ""}>
            <option value="">{t("watch.ranking.any")}</option>
            {data.kinds.map((k) => (
              <option key={k.id} value={k.id}>
                {k.label}
              </option>
            ))}
          </select>
        </p>
        <p>
          <label htmlFor="province">{t("watch.ranking.province")}</label>
          <br />
          <select id="province" name="province" defaultValue={query.province ?? ""}>
            <option value="">{t("watch.ranking.any")}</option>
            {data.provinces.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </p>
        <p>
          <label htmlFor="sort">{t("watch.ranking.sort")}</label>
          <br />
          <select id="sort" name="sort" defaultValue={query.sort}>
            {FIGURES.map((f) => (
              <option key={f} value={f}>
                {t(LABELS[f])}
              </option>
            ))}
          </select>
        </p>
        <p>
          <label htmlFor="dir">{t("watch.ranking.direction")}</label>
          <br />
          <select id="dir" name="dir" defaultValue={query.direction}>
            <option value="desc">{t("watch.ranking.desc")}</option>
            <option value="asc">{t("watch.ranking.asc")}</option>
          </select>
        </p>
        <p>
          <button type="submit" className="primary">
            {t("watch.ranking.show")}
          </button>
        </p>
      </Form>
      <h2>{data.area}</h2>
      <p>
        <a href={`/api/v1/stats?${queryString(query, { sort: query.sort, dir: query.direction, format: "csv" })}`}>{t("watch.ranking.csv")}</a> ·{" "}
        <a href={`/api/v1/stats?${queryString(query, { sort: query.sort, dir: query.direction })}`}>{t("watch.ranking.json")}</a> ·{" "}
        <a className="feed-link" href={`/feeds/area?${queryString(query)}`}>
          {t("watch.feed.link")}
        </a>
      </p>
      <FollowButton state={data.follow} />
      {data.rows.length === 0 ? (
        <p className="notice">{t("watch.ranking.none")}</p>
      ) : (
        <div className="ranking__scroll">
          <table>
            <caption>{t("watch.ranking.sortedBy", { figure: t(LABELS[query.sort]), direction: t(query.direction === "desc" ? "watch.ranking.desc" : "watch.ranking.asc") })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("watch.ranking.authority")}</th>
                {FIGURES.map((f) => (
                  <th key={f} scope="col" className="num" aria-sort={query.sort === f ? (query.direction === "desc" ? "descending" : "ascending") : undefined}>
                    <Link to={sortHref(f)}>{t(LABELS[f])}</Link>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.rows.map((row) => (
                <tr key={row.slug}>
                  <th scope="row">
                    <Link to={`/authorities/${row.slug}`}>{row.name}</Link>
                  </th>
                  {FIGURES.map((f) => (
                    <FigureCell key={f} card={row.card as Scorecard} figure={f} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="hint">{data.computedOn ? t("watch.stats.computedOn", { date: data.computedOn }) : t("watch.stats.notComputed")}</p>
    </article>
  );
}

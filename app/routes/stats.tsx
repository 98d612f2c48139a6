import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { batchStats } from "../../batches/stats";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { displayName } from "../../authorities/names";
import { PROVINCES } from "../../authorities/provinces";
import { KINDS, REGIONS } from "../../authorities/vocabulary";
import { areaQuery } from "../../watch/area";
import { areaLabel, kindLabel, provinceLabel, regionLabel } from "../../watch/labels";
import { parseRankingQuery, rankingRows, StatsQueryError, type RankingQuery } from "../../watch/stats-api";
import { FIGURES, type Figure, type Scorecard } from "../../watch/stats";
import { translate, type MessageKey } from "../../core/i18n/index";
import { getLocale } from "~/i18n/locale.server";
import { isLocale } from "../../core/i18n/locales";
import { useLocale, useT } from "~/i18n/use-t";
import { FollowButton } from "~/components/watch/follow-button";
import { followState } from "~/watch/follow-state.server";
import { numberFormat } from "../../core/intl";
import { publicPage } from "~/utils/public-cache";

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
  const [{ rows, computedOn }, follow, batches] = await Promise.all([
    rankingRows(context.db, query),
    followState(request, context.db, { type: "area", region: query.region, kind: query.kind, province: query.province }),
    batchStats(context.db),
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
    batches,
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
  const percent = numberFormat(locale === "en" ? "en-GB" : `${locale}-BE`, { style: "percent", maximumFractionDigits: 0 });
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

/** One filter of the group of authorities ranked, with "all" first. */
function AreaSelect({ name, label, value, options }: { name: string; label: string; value: string | null; options: { id: string; label: string }[] }) {
  const t = useT();
  return (
    <p>
      <label htmlFor={name}>{label}</label>
      <br />
      <select id={name} name={name} defaultValue={value ?? ""}>
        <option value="">{t("watch.ranking.any")}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    </p>
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
        <AreaSelect name="region" label={t("watch.ranking.region")} value={query.region} options={data.regions} />
        <AreaSelect name="kind" label={t("watch.ranking.kind")} value={query.kind} options={data.kinds} />
        <AreaSelect name="province" label={t("watch.ranking.province")} value={query.province} options={data.provinces} />
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
      {data.batches.length ? (
        <section aria-labelledby="batch-stats">
          <h2 id="batch-stats">{t("batches.stats.title")}</h2>
          <table data-testid="batch-stats">
            <thead>
              <tr>
                <th scope="col">{t("batches.stats.batch")}</th>
                <th scope="col" className="num">{t("batches.stats.sent")}</th>
                <th scope="col" className="num">{t("batches.stats.replied")}</th>
                <th scope="col" className="num">{t("batches.stats.rate")}</th>
              </tr>
            </thead>
            <tbody>
              {data.batches.map((b) => (
                <tr key={b.id}>
                  <th scope="row">
                    <Link to={`/batches/${b.id}`}>{b.title}</Link>
                  </th>
                  <td className="num">{b.sent}</td>
                  <td className="num">{b.replied}</td>
                  <td className="num">{b.responseRate} %</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <p className="hint">{data.computedOn ? t("watch.stats.computedOn", { date: data.computedOn }) : t("watch.stats.notComputed")}</p>
    </article>
  );
}

/** The same for every anonymous visitor: the page cache may keep it (docs/decisions/914). */
export const handle = publicPage;

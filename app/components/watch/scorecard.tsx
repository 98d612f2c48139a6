import type { Scorecard as Card, Proportion, Median } from "../../../watch/stats";
import type { MessageKey } from "../../../core/i18n/index";
import { useLocale, useT } from "~/i18n/use-t";
import { numberFormat } from "../../../core/intl";

export type ScorecardData = { card: Card; computedOn: string | null };

function usePercent() {
  const locale = useLocale();
  const format = numberFormat(locale === "en" ? "en-GB" : `${locale}-BE`, { style: "percent", maximumFractionDigits: 0 });
  return (value: number) => format.format(value);
}

function ProportionCell({ figure }: { figure: Proportion }) {
  const t = useT();
  const percent = usePercent();
  if (!figure.enough || figure.value === null) {
    return (
      <td>
        <span className="scorecard__none">{t("watch.stats.notEnough")}</span> <span className="hint">({t("watch.stats.basedOn", { n: figure.n })})</span>
      </td>
    );
  }
  return (
    <td>
      <strong>{percent(figure.value)}</strong> <span className="hint">({figure.count} {t("watch.stats.basedOn", { n: figure.n })})</span>
      <br />
      <span className="hint">{t("watch.stats.interval", { low: percent(figure.low ?? 0), high: percent(figure.high ?? 1) })}</span>
    </td>
  );
}

function MedianCell({ figure }: { figure: Median }) {
  const t = useT();
  if (!figure.enough || figure.value === null) {
    return (
      <td>
        <span className="scorecard__none">{t("watch.stats.notEnough")}</span> <span className="hint">({t("watch.stats.basedOn", { n: figure.n })})</span>
      </td>
    );
  }
  return (
    <td>
      <strong>{t("watch.stats.days", { days: figure.value })}</strong> <span className="hint">({t("watch.stats.basedOn", { n: figure.n })})</span>
    </td>
  );
}

const PROPORTIONS: Array<[keyof Card, MessageKey]> = [
  ["answeredInTime", "watch.stats.answeredInTime"],
  ["overdueNow", "watch.stats.overdueNow"],
  ["appeals", "watch.stats.appeals"],
];
const OUTCOMES: Array<[keyof Card, MessageKey]> = [
  ["successful", "watch.stats.successful"],
  ["partial", "watch.stats.partial"],
  ["refused", "watch.stats.refused"],
  ["notHeld", "watch.stats.notHeld"],
];

/** An authority's precomputed scorecard, for its page. Renders every figure with its n and interval. */
export function Scorecard({ data }: { data: ScorecardData }) {
  const t = useT();
  const { card } = data;
  return (
    <section className="scorecard" aria-labelledby="scorecard-title">
      <h2 id="scorecard-title">{t("watch.stats.title")}</h2>
      <p className="hint">{t("watch.stats.lead")}</p>
      <table>
        <caption className="visually-hidden">{t("watch.stats.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("watch.stats.figure")}</th>
            <th scope="col">{t("watch.stats.value")}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{t("watch.stats.requests")}</th>
            <td>
              <strong>{card.requests}</strong>
            </td>
          </tr>
          <tr>
            <th scope="row">{t("watch.stats.answeredInTime")}</th>
            <ProportionCell figure={card.answeredInTime} />
          </tr>
          <tr>
            <th scope="row">{t("watch.stats.medianDaysToFirstReply")}</th>
            <MedianCell figure={card.medianDaysToFirstReply} />
          </tr>
          {PROPORTIONS.slice(1).map(([key, label]) => (
            <tr key={key}>
              <th scope="row">{t(label)}</th>
              <ProportionCell figure={card[key] as Proportion} />
            </tr>
          ))}
          <tr>
            <th scope="rowgroup" colSpan={2} className="scorecard__group">
              {t("watch.stats.outcomes")}
            </th>
          </tr>
          {OUTCOMES.map(([key, label]) => (
            <tr key={key}>
              <th scope="row">{t(label)}</th>
              <ProportionCell figure={card[key] as Proportion} />
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">{data.computedOn ? t("watch.stats.computedOn", { date: data.computedOn }) : t("watch.stats.notComputed")}</p>
    </section>
  );
}

import { authorityName } from "~/requests/authority-name";
import { useLocale, useT } from "~/i18n/use-t";
import type { MessageKey } from "../../core/i18n/index";

type Row = { slug: string; name_fr: string | null; name_nl: string | null; name_de: string | null; name_en: string | null; languages: string[]; channel: string; reason: string; language: string };

/** The chosen authorities, each with its channel and letter language; a box per authority to leave it out (inside the caller's form). */
export function PlanTable({ rows, ticked }: { rows: Row[]; ticked: Set<string> | null }) {
  const t = useT();
  const locale = useLocale();
  return (
    <table className="batch-plan" data-testid="batch-plan">
      <caption>{t("batches.list.caption")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("batches.col.include")}</th>
          <th scope="col">{t("batches.col.authority")}</th>
          <th scope="col">{t("batches.col.channel")}</th>
          <th scope="col">{t("batches.col.language")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const name = authorityName(r, locale);
          return (
            <tr key={r.slug} data-testid="batch-plan-row" data-channel={r.channel}>
              <td>
                <input type="checkbox" name="authority" value={r.slug} id={`pick-${r.slug}`} defaultChecked={ticked === null || ticked.has(r.slug)} aria-label={name} />
              </td>
              <td>
                <label htmlFor={`pick-${r.slug}`}>{name}</label>
              </td>
              <td>
                {t(`batches.channel.${r.channel}` as MessageKey)} <span className="hint">({t(`batches.reason.${r.reason}` as MessageKey)})</span>
              </td>
              <td>{r.channel === "email" ? t(`language.${r.language}` as MessageKey) : ""}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

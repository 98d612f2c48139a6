import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfInput } from "~/auth/csrf-input";
import { readProtectedForm } from "~/auth/form.server";
import { requireAdmin } from "~/auth/session.server";
import { useLocale, useT } from "~/i18n/use-t";
import type { MessageKey } from "../../core/i18n/index";
import type { RouteData } from "~/utils/route-data";
import { pageMeta } from "~/utils/meta";
import { DossierError } from "../../core/errors";
import { REGIMES } from "../../authorities/regimes";
import { REGIME_IDS } from "../../authorities/vocabulary";
import { addNonWorkingDay, describeOverrides, listRegimeOverrides, removeRegimeOverride, setPeriodOverride } from "../../authorities/regime-overrides";
import { TableScroll } from "~/components/table-scroll";

export const meta = pageMeta("admin.regimes.title", { noindex: true });

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context.db);
  return { rows: describeOverrides(await listRegimeOverrides(context.db)) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context.db);
  const form = await readProtectedForm(request, context);
  const get = (name: string) => String(form.get(name) ?? "");
  try {
    const intent = get("intent");
    if (intent === "period") await setPeriodOverride(context.db, { regime: get("regime"), kind: get("kind"), days: get("days"), source: get("source") }, admin.id);
    else if (intent === "day") await addNonWorkingDay(context.db, { regime: get("regime"), date: get("date"), label: get("label"), source: get("source") }, admin.id);
    else if (intent === "remove") await removeRegimeOverride(context.db, Number(get("id")), admin.id, null);
    else return data({ errorCode: "invalid_input", intent }, { status: 400 });
  } catch (error) {
    if (error instanceof DossierError) return data({ errorCode: error.code, intent: get("intent") }, { status: error.status });
    throw error;
  }
  return redirect("/admin/regimes?saved=1", { status: 303 });
}

export default function RegimeOverrides() {
  const t = useT();
  const locale = useLocale();
  const { rows } = useLoaderData() as RouteData<typeof loader>;
  const failed = useActionData() as { errorCode: string; intent: string } | undefined;
  const [params] = useSearchParams();
  const regimeOptions = REGIME_IDS.map((id) => (
    <option key={id} value={id}>
      {REGIMES[id].name[locale]}
    </option>
  ));
  const error = (intent: string) =>
    failed && failed.intent === intent ? (
      <p role="alert" className="field-error">
        {t("error.requestFailed", { reason: t(`error.code.${failed.errorCode}` as MessageKey) })}
      </p>
    ) : null;
  return (
    <section>
      <p>
        <Link to="/admin/directory">{t("admin.authority.back")}</Link>
      </p>
      <h1>{t("admin.regimes.title")}</h1>
      <p>{t("admin.regimes.intro")}</p>
      {params.get("saved") ? (
        <p role="status" className="notice">
          {t("admin.regimes.saved")}
        </p>
      ) : null}
      <h2>{t("admin.regimes.current")}</h2>
      {error("remove")}
      {rows.length === 0 ? (
        <p>{t("admin.regimes.none")}</p>
      ) : (
        <TableScroll label={t("admin.regimes.current")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("admin.regimes.regime")}</th>
                <th scope="col">{t("admin.regimes.rule")}</th>
                <th scope="col">{t("admin.regimes.value")}</th>
                <th scope="col">{t("admin.regimes.source")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("admin.regimes.remove")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-testid="override">
                  <td>{r.regime in REGIMES ? REGIMES[r.regime as keyof typeof REGIMES].name[locale] : r.regime}</td>
                  <td>{t(`admin.regimes.kind.${r.kind}` as MessageKey)}</td>
                  <td>
                    {r.value}
                    {r.label ? ` (${r.label})` : ""}
                    {r.builtIn ? ` — ${t("admin.regimes.builtIn", { rule: `${r.builtIn.days} (${r.builtIn.unit})` })}` : ""}
                  </td>
                  <td>{r.source}</td>
                  <td>
                    <Form method="post">
                      <CsrfInput />
                      <input type="hidden" name="id" value={r.id} />
                      <button type="submit" name="intent" value="remove" className="secondary">
                        {t("admin.regimes.remove")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <h2 id="set-period">{t("admin.regimes.setPeriod")}</h2>
      {error("period")}
      <Form method="post" aria-labelledby="set-period">
        <CsrfInput />
        <div className="field">
          <label htmlFor="period-regime">{t("admin.regimes.regime")}</label>
          <select id="period-regime" name="regime" required>
            {regimeOptions}
          </select>
        </div>
        <div className="field">
          <label htmlFor="period-kind">{t("admin.regimes.rule")}</label>
          <select id="period-kind" name="kind">
            <option value="due_days">{t("admin.regimes.kind.due_days")}</option>
            <option value="extended_due_days">{t("admin.regimes.kind.extended_due_days")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="period-days">{t("admin.regimes.days")}</label>
          <input id="period-days" name="days" type="number" min={1} max={365} required />
        </div>
        <div className="field">
          <label htmlFor="period-source">{t("admin.regimes.source")}</label>
          <input id="period-source" name="source" required maxLength={1000} />
        </div>
        <button type="submit" name="intent" value="period">
          {t("admin.regimes.submit")}
        </button>
      </Form>
      <h2 id="add-day">{t("admin.regimes.addDay")}</h2>
      {error("day")}
      <Form method="post" aria-labelledby="add-day">
        <CsrfInput />
        <div className="field">
          <label htmlFor="day-regime">{t("admin.regimes.regime")}</label>
          <select id="day-regime" name="regime" required>
            {regimeOptions}
          </select>
        </div>
        <div className="field">
          <label htmlFor="day-date">{t("admin.regimes.date")}</label>
          <input id="day-date" name="date" required maxLength={10} />
        </div>
        <div className="field">
          <label htmlFor="day-label">{t("admin.regimes.label")}</label>
          <input id="day-label" name="label" required maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor="day-source">{t("admin.regimes.source")}</label>
          <input id="day-source" name="source" required maxLength={1000} />
        </div>
        <button type="submit" name="intent" value="day">
          {t("admin.regimes.submit")}
        </button>
      </Form>
    </section>
  );
}

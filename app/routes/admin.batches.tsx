import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfInput } from "~/auth/csrf-input";
import { readProtectedForm } from "~/auth/form.server";
import { requireAdmin } from "~/auth/session.server";
import { useT } from "~/i18n/use-t";
import type { MessageKey } from "../../core/i18n/index";
import type { RouteData } from "~/utils/route-data";
import { pageMeta } from "~/utils/meta";
import { DossierError } from "../../core/errors";
import { listBatchAllowances, MAX_ALLOWANCE, removeBatchAllowance, setBatchAllowanceByEmail } from "../../batches/allowances";
import { TableScroll } from "~/components/table-scroll";

export const meta = pageMeta("batches.admin.title", { noindex: true });

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context.db);
  const rows = await listBatchAllowances(context.db);
  return {
    rows: rows.map((r) => ({ ...r, grantedAt: r.grantedAt.toISOString() })),
    defaultAllowance: context.config.batches.defaultAllowance,
    dailyCeiling: context.config.batches.dailyCeiling,
  };
}

const KNOWN_ERRORS = new Set(["invalid_allowance", "email_required", "user_not_found", "invalid_input"]);

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context.db);
  const form = await readProtectedForm(request, context);
  const get = (name: string) => String(form.get(name) ?? "");
  const intent = get("intent");
  try {
    if (intent === "set") await setBatchAllowanceByEmail(context.db, { email: get("email"), maxAuthorities: get("authorities"), grantedBy: admin.id, reason: get("reason") });
    else if (intent === "remove") await removeBatchAllowance(context.db, { userId: Number(get("user")), removedBy: admin.id });
    else return data({ errorCode: "invalid_input", intent, email: get("email"), authorities: get("authorities") }, { status: 400 });
  } catch (error) {
    if (error instanceof DossierError) return data({ errorCode: error.code, intent, email: get("email"), authorities: get("authorities") }, { status: error.status });
    throw error;
  }
  return redirect(`/admin/batches?saved=${intent}`, { status: 303 });
}

export default function BatchAllowances() {
  const t = useT();
  const { rows, defaultAllowance, dailyCeiling } = useLoaderData() as RouteData<typeof loader>;
  const failed = useActionData() as { errorCode: string; intent: string; email: string; authorities: string } | undefined;
  const [params] = useSearchParams();
  const saved = params.get("saved");
  const error = (intent: string) =>
    failed && failed.intent === intent ? (
      <p role="alert" className="field-error" id={`${intent}-error`}>
        {t(`batches.admin.error.${KNOWN_ERRORS.has(failed.errorCode) ? failed.errorCode : "invalid_input"}` as MessageKey)}
      </p>
    ) : null;
  return (
    <section>
      <p>
        <Link to="/admin/moderation">{t("batches.admin.back")}</Link> · <Link to="/admin/audit">{t("admin.moderation.audit")}</Link>
      </p>
      <h1>{t("batches.admin.title")}</h1>
      <p>{t("batches.admin.intro", { count: defaultAllowance })}</p>
      <p>{t("batches.admin.ceiling", { count: dailyCeiling })}</p>
      {saved === "set" || saved === "remove" ? (
        <p role="status" className="notice">
          {t(saved === "set" ? "batches.admin.saved" : "batches.admin.removed")}
        </p>
      ) : null}
      <h2 id="set-allowance">{t("batches.admin.set")}</h2>
      {error("set")}
      <Form method="post" aria-labelledby="set-allowance">
        <CsrfInput />
        <div className="field">
          <label htmlFor="allowance-email">{t("batches.admin.email")}</label>
          <input id="allowance-email" name="email" type="email" required maxLength={320} autoComplete="off" defaultValue={failed?.intent === "set" ? failed.email : ""} aria-describedby={failed?.intent === "set" ? "set-error" : undefined} />
        </div>
        <div className="field">
          <label htmlFor="allowance-authorities">{t("batches.admin.authorities")}</label>
          <input id="allowance-authorities" name="authorities" type="number" min={0} max={MAX_ALLOWANCE} step={1} required defaultValue={failed?.intent === "set" ? failed.authorities : ""} aria-describedby="allowance-authorities-hint" />
          <p className="hint" id="allowance-authorities-hint">
            {t("batches.admin.authoritiesHint")}
          </p>
        </div>
        <div className="field">
          <label htmlFor="allowance-reason">{t("batches.admin.reason")}</label>
          <input id="allowance-reason" name="reason" maxLength={500} />
        </div>
        <button type="submit" name="intent" value="set">
          {t("batches.admin.submit")}
        </button>
      </Form>
      <h2>{t("batches.admin.current")}</h2>
      {error("remove")}
      {rows.length === 0 ? (
        <p>{t("batches.admin.none", { count: defaultAllowance })}</p>
      ) : (
        <TableScroll label={t("batches.admin.current")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("batches.admin.user")}</th>
                <th scope="col">{t("batches.admin.email")}</th>
                <th scope="col">{t("batches.admin.authorities")}</th>
                <th scope="col">{t("batches.admin.grantedBy")}</th>
                <th scope="col">{t("batches.admin.grantedAt")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("batches.admin.remove")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.userId} data-testid="allowance">
                  <td>
                    <Link to={`/users/${r.userId}`}>{r.displayName}</Link>
                  </td>
                  <td>{r.email}</td>
                  <td>{r.maxAuthorities === 0 ? t("batches.admin.forbidden") : r.maxAuthorities}</td>
                  <td>{r.grantedBy ?? t("batches.admin.commandLine")}</td>
                  <td>
                    <time dateTime={r.grantedAt}>{r.grantedAt.slice(0, 10)}</time>
                  </td>
                  <td>
                    <Form method="post">
                      <CsrfInput />
                      <input type="hidden" name="user" value={r.userId} />
                      <button type="submit" name="intent" value="remove" className="secondary" aria-label={t("batches.admin.removeFor", { name: r.displayName })}>
                        {t("batches.admin.remove")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

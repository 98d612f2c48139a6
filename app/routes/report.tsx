import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/auth/csrf-input";
import { readProtectedForm } from "~/auth/form.server";
import { getUser } from "~/auth/session.server";
import type { MessageKey } from "../../core/i18n/index";
import { useT } from "~/i18n/use-t";
import type { RouteData } from "~/utils/route-data";
import { fileReport, reportInput, reporterKey } from "../../moderation/reports";
import { reportReasons, reportTargets } from "../../moderation/vocabulary";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta("report.title", { noindex: true });

/** Anyone may report a request, a message or an annotation; reports land in /admin/moderation. */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const wanted = url.searchParams.get("target");
  const target = reportTargets.find((t) => t === wanted) ?? "request";
  const id = Number(url.searchParams.get("id"));
  return { target, id: Number.isSafeInteger(id) && id > 0 ? id : 0 };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readProtectedForm(request, context);
  const user = await getUser(request, context.db);
  const parsed = reportInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data({ outcome: "invalid" as const }, { status: 400 });
  // The client's address as TRUST_PROXY allows (server/web.ts), never a header the client wrote.
  const result = await fileReport(context.db, { ...parsed.data, reporterUserId: user?.id ?? null, reporterKey: reporterKey(context.config.secret, user?.id ?? null, context.clientIp) });
  if (result.ok) return { outcome: "thanks" as const };
  return data({ outcome: result.error }, { status: result.error === "rate_limited" ? 429 : 404 });
}

const OUTCOME: Record<string, MessageKey> = { thanks: "report.thanks", rate_limited: "report.rateLimited", not_found: "report.notFound", invalid: "report.invalid" };

export default function Report() {
  const t = useT();
  const { target, id } = useLoaderData<typeof loader>();
  const result = useActionData() as RouteData<typeof action> | undefined;
  return (
    <article>
      <h1>{t("report.title")}</h1>
      {result ? (
        <p className={result.outcome === "thanks" ? "notice" : "notice error"} role={result.outcome === "thanks" ? "status" : "alert"}>
          {t(OUTCOME[result.outcome])}
        </p>
      ) : null}
      {result?.outcome === "thanks" ? null : (
        <Form method="post" className="stacked">
          <CsrfInput />
          <input type="hidden" name="target" value={target} />
          <input type="hidden" name="id" value={id} />
          <fieldset>
            <legend>{t("report.reason")}</legend>
            {reportReasons.map((r) => (
              <div key={r}>
                <input type="radio" id={`reason-${r}`} name="reason" value={r} required />
                <label htmlFor={`reason-${r}`}>{t(`report.reason.${r}` as MessageKey)}</label>
              </div>
            ))}
          </fieldset>
          <label htmlFor="details">{t("report.details")}</label>
          <textarea id="details" name="details" maxLength={2000} />
          <p>
            <button type="submit" className="primary">
              {t("report.send")}
            </button>
          </p>
        </Form>
      )}
    </article>
  );
}

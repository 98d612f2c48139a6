import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/auth/csrf-input";
import { readProtectedForm } from "~/auth/form.server";
import { requireAdmin } from "~/auth/session.server";
import type { MessageKey } from "../../core/i18n/index";
import { useT } from "~/i18n/use-t";
import type { RouteData } from "~/utils/route-data";
import { listFailedOutbox } from "../../mail/admin";
import { listRedactionJobs } from "../../moderation/jobs";
import { adminQueue, closeReport } from "../../moderation/reports";
import { pageMeta } from "~/utils/meta";
import { stripBidiControls } from "../../core/text";

export const meta = pageMeta("admin.moderation.title", { noindex: true });

/** The admin queue: open reports, the holding pen, failed deliveries and processing, redaction jobs. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context.db);
  const queue = await adminQueue(context.db);
  const failedOutbox = await listFailedOutbox(context.db, 50);
  const jobs = await listRedactionJobs(context.db);
  const iso = (d: Date) => d.toISOString();
  return {
    reports: queue.reports.map((r) => ({ ...r, created_at: iso(r.created_at) })),
    holdingPen: queue.holdingPen.map((m) => ({ ...m, created_at: iso(m.created_at) })),
    failed: [
      ...queue.failedMessages.map((m) => ({ key: `m${m.id}`, what: stripBidiControls(m.subject ?? ""), error: m.delivery_error ?? m.delivery_status ?? "", at: iso(m.created_at), requestId: m.request_id })),
      ...failedOutbox.map((m) => ({ key: `o${m.id}`, what: `${m.kind}: ${stripBidiControls(m.subject)}`, error: m.delivery_error ?? "", at: iso(m.created_at), requestId: null })),
      ...queue.failedRaw.map((m) => ({ key: `r${m.id}`, what: `raw message ${m.id}`, error: m.processing_error ?? "", at: iso(m.received_at), requestId: null })),
    ],
    jobs: jobs.map((j) => ({ id: j.id, scope: `${j.scope_type}${j.scope_id ? ` ${j.scope_id}` : ""}`, state: j.state, done: j.done, total: j.total, error: j.error })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context.db);
  const form = await readProtectedForm(request, context);
  const id = Number(form.get("report"));
  if (form.get("intent") === "resolve" && Number.isSafeInteger(id) && id > 0) {
    await closeReport(context.db, { id, actorUserId: admin.id, resolution: String(form.get("resolution") ?? "handled").slice(0, 200) });
  }
  return redirect("/admin/moderation", { status: 303 });
}

/** Where the reported item is on the request page (and on its moderation page). */
function targetAnchor(r: { target_type: string; target_id: number }): string {
  return r.target_type === "message" || r.target_type === "annotation" ? `#${r.target_type}-${r.target_id}` : "";
}

export default function ModerationQueue() {
  const t = useT();
  const q = useLoaderData() as RouteData<typeof loader>;
  return (
    <section>
      <h1>{t("admin.moderation.title")}</h1>
      <p>
        <Link to="/admin/audit">{t("admin.moderation.audit")}</Link> · <Link to="/admin/redaction">{t("admin.moderation.rules")}</Link> · <Link to="/admin/directory">{t("admin.directory.title")}</Link> · <Link to="/admin/batches">{t("batches.admin.nav")}</Link>
      </p>
      <h2 id="reports">{t("admin.moderation.reports")}</h2>
      {q.reports.length === 0 ? (
        <p>{t("admin.moderation.noReports")}</p>
      ) : (
        <ul className="report-list" aria-labelledby="reports">
          {q.reports.map((r) => (
            <li key={r.id} data-testid="report">
              <strong>{t(`report.reason.${r.reason}` as MessageKey)}</strong> — {r.target_type} {r.target_id}
              {r.request_id ? (
                <>
                  {" "}
                  (<Link to={`/requests/${r.request_id}${targetAnchor(r)}`}>{r.request_title}</Link>, <Link to={`/requests/${r.request_id}/moderate${targetAnchor(r)}`}>{t("admin.moderation.moderate")}</Link>)
                </>
              ) : null}
              {r.details ? <p>{r.details}</p> : null}
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="report" value={r.id} />
                <button type="submit" name="intent" value="resolve" className="secondary">
                  {t("admin.moderation.resolve")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <h2>{t("admin.moderation.holdingPen")}</h2>
      {q.holdingPen.length === 0 ? (
        <p>{t("admin.moderation.none")}</p>
      ) : (
        <ul>
          {q.holdingPen.map((m) => (
            <li key={m.id}>
              <Link to="/admin/mail">{stripBidiControls(m.subject ?? "") || "—"}</Link> — {m.from_address} — <time dateTime={m.created_at}>{m.created_at.slice(0, 16).replace("T", " ")}</time>
            </li>
          ))}
        </ul>
      )}
      <h2>{t("admin.moderation.failed")}</h2>
      {q.failed.length === 0 ? (
        <p>{t("admin.moderation.none")}</p>
      ) : (
        <ul>
          {q.failed.map((f) => (
            <li key={f.key}>
              {f.requestId ? <Link to={`/requests/${f.requestId}`}>{f.what}</Link> : f.what} — {f.error}
            </li>
          ))}
        </ul>
      )}
      <h2>{t("admin.moderation.jobs")}</h2>
      {q.jobs.length === 0 ? (
        <p>{t("admin.moderation.none")}</p>
      ) : (
        <ul>
          {q.jobs.map((j) => (
            <li key={j.id}>
              #{j.id} {j.scope}: {j.state} — {t("admin.moderation.progress", { done: j.done, total: j.total })}
              {j.error ? ` — ${j.error}` : ""} <progress max={Math.max(1, j.total)} value={j.done} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

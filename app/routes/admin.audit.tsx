import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/auth/session.server";
import { useT } from "~/i18n/use-t";
import type { RouteData } from "~/utils/route-data";
import { listAudit } from "../../moderation/audit";
import { pageMeta } from "~/utils/meta";
import { TableScroll } from "~/components/table-scroll";

export const meta = pageMeta("admin.audit.title", { noindex: true });

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context.db);
  const before = Number(new URL(request.url).searchParams.get("before"));
  const rows = await listAudit(context.db, { limit: 100, beforeId: Number.isSafeInteger(before) && before > 0 ? before : undefined });
  return { rows: rows.map((r) => ({ ...r, at: r.at.toISOString(), data: JSON.stringify(r.data) })) };
}

export default function AuditLog() {
  const t = useT();
  const { rows } = useLoaderData() as RouteData<typeof loader>;
  return (
    <section>
      <h1>{t("admin.audit.title")}</h1>
      <TableScroll label={t("admin.audit.title")}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("admin.audit.when")}</th>
              <th scope="col">{t("admin.audit.who")}</th>
              <th scope="col">{t("admin.audit.action")}</th>
              <th scope="col">{t("admin.audit.target")}</th>
              <th scope="col">{t("admin.audit.reason")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-testid="audit-row">
                <td>
                  <time dateTime={r.at}>{r.at.slice(0, 16).replace("T", " ")}</time>
                </td>
                <td>{r.actor_name ?? "—"}</td>
                <td>{r.action}</td>
                <td>
                  {r.target_type} {r.target_id}
                  {r.request_id ? (
                    <>
                      {" "}
                      (<Link to={`/requests/${r.request_id}`}>#{r.request_id}</Link>)
                    </>
                  ) : null}
                </td>
                <td>
                  {r.reason ?? ""} <code>{r.data}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {rows.length === 100 ? <Link to={`/admin/audit?before=${rows[rows.length - 1].id}`}>→</Link> : null}
    </section>
  );
}

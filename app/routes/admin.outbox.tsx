import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/auth/session.server";
import type { MessageKey } from "../../core/i18n/index";
import { useLocale, useT } from "~/i18n/use-t";
import type { RouteData } from "~/utils/route-data";
import { listOutbox } from "../../mail/outbound";
import { dateTimeFormat } from "../../core/intl";
import { pageMeta } from "~/utils/meta";
import { stripBidiControls } from "../../core/text";
import { TableScroll } from "~/components/table-scroll";

export const meta = pageMeta("outbox.title", { noindex: true });

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context.db);
  const rows = await listOutbox(context.db);
  return {
    relay: Boolean(context.config.smtpUrl),
    rows: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), sentAt: r.sentAt?.toISOString() ?? null })),
  };
}

export default function Outbox() {
  const t = useT();
  const locale = useLocale();
  const { relay, rows } = useLoaderData() as RouteData<typeof loader>;
  const when = (iso: string) => dateTimeFormat(locale === "en" ? "en-GB" : `${locale}-BE`, { dateStyle: "short", timeStyle: "short", timeZone: "Europe/Brussels" }).format(new Date(iso));
  return (
    <section>
      <h1>{t("outbox.title")}</h1>
      <p className={relay ? "notice" : "notice warning"} role="status">
        {relay ? t("outbox.relay") : t("outbox.noRelay")}
      </p>
      {rows.length === 0 ? (
        <p>{t("outbox.empty")}</p>
      ) : (
        <TableScroll label={t("outbox.title")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("outbox.created")}</th>
                <th scope="col">{t("outbox.to")}</th>
                <th scope="col">{t("outbox.subject")}</th>
                <th scope="col">{t("outbox.status")}</th>
                <th scope="col">{t("outbox.answer")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.table}-${r.id}`} data-testid="outbox-row">
                  <td>{when(r.createdAt)}</td>
                  <td>{r.to.join(", ")}</td>
                  <td>{r.requestId ? <Link to={`/requests/${r.requestId}`}>{stripBidiControls(r.subject)}</Link> : stripBidiControls(r.subject)}</td>
                  <td>{r.status === "queued" && !relay ? t("outbox.status.queuedNoRelay") : t(`outbox.status.${r.status}` as MessageKey)}</td>
                  <td>{r.answer ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

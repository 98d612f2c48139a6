import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import type { MessageKey } from "../../core/i18n/index";
import { useT } from "~/i18n/use-t";
import type { RouteData } from "~/utils/route-data";
import { listMyRequestsByUrgency } from "../../requests/queries";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta("mine.title", { noindex: true });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context.db);
  // Within each group, what needs action first (requests/queries.ts).
  const rows = await listMyRequestsByUrgency(context.db, user.id, context.clock.today());
  return { requests: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) };
}

const GROUPS = [
  ["attention", "mine.attention"],
  ["drafts", "mine.drafts"],
  ["open", "mine.open"],
  ["closed", "mine.closed"],
] as const;

export default function MyRequests() {
  const t = useT();
  const { requests } = useLoaderData() as RouteData<typeof loader>;
  const [params] = useSearchParams();
  return (
    <section>
      <h1>{t("mine.title")}</h1>
      {params.get("welcome") ? (
        <p className="notice" role="status">
          {t("confirm.done")}
        </p>
      ) : null}
      <p>
        <Link className="button" to="/requests/new">
          {t("mine.new")}
        </Link>
      </p>
      {requests.length === 0 ? <p>{t("mine.empty")}</p> : null}
      {GROUPS.map(([group, label]) => {
        const items = requests.filter((r) => r.group === group);
        if (!items.length) return null;
        return (
          <section key={group} aria-labelledby={`group-${group}`}>
            <h2 id={`group-${group}`}>{t(label)}</h2>
            <ul className="request-list">
              {items.map((r) => (
                <li key={r.id}>
                  <Link to={r.state === "draft" ? `/requests/${r.id}/preview` : `/requests/${r.id}`}>{r.title}</Link> — {r.authorityName} —{" "}
                  <span className={`state ${r.state}`}>{t(`state.${r.state}` as MessageKey)}</span>
                  {r.status.overdue ? <span className="state overdue"> {t("state.overdue")}</span> : null}
                  {r.status.awaitingClassification ? <span> — {t("request.awaitingClassification")}</span> : null}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </section>
  );
}

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import type { MessageKey } from "../../core/i18n/index";
import { useT } from "~/i18n/use-t";
import type { RouteData } from "~/utils/route-data";
import { listMyRequests } from "../../requests/queries";
import { todayInBrussels } from "../../authorities/civil-date";
import { needsActionRank } from "../../requests/deadlines/store";

export const meta: MetaFunction = () => [{ title: "Dossier" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context.db);
  const listed = await listMyRequests(context.db, user.id);
  // Deadlines room: within each group, what needs action first (an appeal deadline
  // close, a reply to classify, overdue…); the sort is stable, so newest first stays the tie-break.
  const dates = new Map(
    (await context.db.selectFrom("requests").select(["id", "state", "due_date", "extended_due_date", "appeal_deadline"]).where("user_id", "=", user.id).execute()).map((r) => [r.id, r]),
  );
  const today = todayInBrussels();
  const rank = (r: (typeof listed)[number]) => {
    const d = dates.get(r.id);
    return d ? needsActionRank(d, today, { unclassifiedReply: r.status.awaitingClassification }) : 7;
  };
  const rows = [...listed].sort((a, b) => rank(a) - rank(b));
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

import { Link } from "@remix-run/react";
import { useT } from "~/i18n/use-t";

export type OverdueRow = { id: number; title: string; authoritySlug: string; authorityName: string; due: string; overdueSince: string; dueText: string; sinceText: string };

/** A list of overdue requests (already sorted oldest first by the loader). */
export function OverdueList({ items, showAuthority }: { items: OverdueRow[]; showAuthority: boolean }) {
  const t = useT();
  if (items.length === 0) return <p className="notice">{t("overdue.none")}</p>;
  return (
    <ol className="overdue-list">
      {items.map((r) => (
        <li key={r.id}>
          <Link to={`/requests/${r.id}`}>{r.title}</Link>
          {showAuthority ? (
            <>
              {" — "}
              <Link to={`/authorities/${r.authoritySlug}`}>{r.authorityName}</Link>
            </>
          ) : null}
          <br />
          <span className="hint">
            <time dateTime={r.overdueSince}>{t("overdue.since", { date: r.sinceText })}</time> · <time dateTime={r.due}>{t("overdue.due", { date: r.dueText })}</time>
          </span>
        </li>
      ))}
    </ol>
  );
}

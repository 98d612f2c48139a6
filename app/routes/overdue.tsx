import type { LoaderFunctionArgs, MetaFunction, LinksFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { displayName } from "../../authorities/names";
import { listOverdue } from "../../requests/deadlines/store";
import { formatDate } from "../../requests/deadlines/timeline";
import { OverdueList } from "~/components/overdue-list";
import { translate } from "../../core/i18n/index";
import { getLocale } from "~/i18n/locale.server";
import { useT } from "~/i18n/use-t";
import deadlineStyles from "~/styles/deadlines.css?url";
import { publicPage } from "~/utils/public-cache";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: deadlineStyles }];

const PAGE_SIZE = 50;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const page = Math.max(1, Math.min(10_000, Number.parseInt(new URL(request.url).searchParams.get("page") ?? "1", 10) || 1));
  const { items, total } = await listOverdue(context.db, { locale, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  return {
    title: translate(locale, "overdue.title"),
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    total,
    items: items.map((i) => ({
      id: i.id,
      title: i.title,
      authoritySlug: i.authoritySlug,
      authorityName: displayName({ name_fr: i.authorityNameFr, name_nl: i.authorityNameNl, name_de: i.authorityNameDe, name_en: i.authorityNameEn, languages: i.authorityLanguages }, locale),
      due: i.due,
      overdueSince: i.overdueSince,
      dueText: formatDate(i.due, locale),
      sinceText: formatDate(i.overdueSince, locale),
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} — Dossier` }];

export default function OverduePage() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <article>
      <h1>{t("overdue.title")}</h1>
      <p className="lead">{t("overdue.lead")}</p>
      <p>{t("overdue.count", { count: data.total })}</p>
      <OverdueList items={data.items} showAuthority />
      {data.pages > 1 ? (
        <nav aria-label={t("directory.pagination.label")} className="pagination">
          {data.page > 1 ? <Link to={`?page=${data.page - 1}`}>{t("directory.pagination.previous")}</Link> : null}{" "}
          <span>{t("directory.pagination.status", { page: data.page, pages: data.pages })}</span>{" "}
          {data.page < data.pages ? <Link to={`?page=${data.page + 1}`}>{t("directory.pagination.next")}</Link> : null}
        </nav>
      ) : null}
    </article>
  );
}

/** The same for every anonymous visitor: the page cache may keep it (docs/decisions/914). */
export const handle = publicPage;

import type { LoaderFunctionArgs, MetaFunction, LinksFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getAuthorityBySlug } from "../../authorities/directory";
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

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const authority = await getAuthorityBySlug(context.db, params.slug ?? "");
  if (!authority) throw new Response("Not found", { status: 404 });
  const locale = await getLocale(request);
  const name = displayName(authority, locale);
  const { items, total } = await listOverdue(context.db, { authorityId: authority.id, limit: 200, locale });
  return {
    title: translate(locale, "overdue.authorityTitle", { name }),
    slug: authority.slug,
    name,
    total,
    items: items.map((i) => ({ id: i.id, title: i.title, authoritySlug: i.authoritySlug, authorityName: name, due: i.due, overdueSince: i.overdueSince, dueText: formatDate(i.due, locale), sinceText: formatDate(i.overdueSince, locale) })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} — Dossier` }];

export default function AuthorityOverduePage() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <article>
      <p>
        <Link to={`/authorities/${data.slug}`}>{data.name}</Link>
      </p>
      <h1>{data.title}</h1>
      <p className="lead">{t("overdue.lead")}</p>
      <p>{t("overdue.count", { count: data.total })}</p>
      <OverdueList items={data.items} showAuthority={false} />
    </article>
  );
}

/** The same for every anonymous visitor: the page cache may keep it (docs/decisions/914). */
export const handle = publicPage;

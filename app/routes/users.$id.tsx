import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { displayName } from "../../authorities/names";
import { translate } from "../../core/i18n/index";
import { getLocale } from "~/i18n/locale.server";
import { isLocale } from "../../core/i18n/locales";
import { useT } from "~/i18n/use-t";
import { FeedLink, FollowButton } from "~/components/watch/follow-button";
import { followState } from "~/watch/follow-state.server";
import { publicProfile } from "../../accounts/profile";
import { publicName } from "../../moderation/publish";
import { publicRequestsOf } from "../../requests/queries";
import { publicPage } from "~/utils/public-cache";

/** /users/:id — a person's public requests (display name only), to follow them. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = Number(params.id);
  const user = await publicProfile(context.db, id);
  if (!user) throw new Response("Not found", { status: 404 });
  const locale = await getLocale(request);
  const requests = await publicRequestsOf(context.db, user.id, locale);
  return {
    // The name as its owner chose to show it (initials only, or "[account deleted]").
    user: { id: user.id, name: await publicName(context.db, user.id) },
    requests: requests.map((r) => ({ id: r.id, title: r.title, authority: displayName(r, locale) })),
    follow: await followState(request, context.db, { type: "user", userId: user.id }),
  };
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined;
  const locale = isLocale(root?.locale) ? root.locale : "fr";
  if (!data) return [{ title: translate(locale, "site.name") }];
  const feedTitle = translate(locale, "watch.feed.title.user", { name: data.user.name });
  return [{ title: `${data.user.name} — ${translate(locale, "site.name")}` }, { tagName: "link", rel: "alternate", type: "application/atom+xml", href: `/feeds/users/${data.user.id}`, title: feedTitle }];
};

export default function UserPage() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <article>
      <h1>{data.user.name}</h1>
      <FollowButton state={data.follow} />
      <p>
        <FeedLink href={`/feeds/users/${data.user.id}`} />
      </p>
      <ul>
        {data.requests.map((r) => (
          <li key={r.id}>
            <Link to={`/requests/${r.id}`}>{r.title}</Link> <span className="hint">— {r.authority}</span>
          </li>
        ))}
      </ul>
    </article>
  );
}

/** The same for every anonymous visitor: the page cache may keep it (docs/decisions/914). */
export const handle = publicPage;

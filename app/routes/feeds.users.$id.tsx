import type { LoaderFunctionArgs } from "@remix-run/node";
import { ATOM_HEADERS, buildFeed } from "../../watch/feeds";
import { translate } from "../../core/i18n/index";
import { getLocale } from "~/i18n/locale.server";
import { publicProfile } from "../../accounts/profile";
import { publicName } from "../../moderation/publish";

/** GET /feeds/users/:id — Atom feed of one person's public requests (display name only). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = Number(params.id);
  const user = await publicProfile(context.db, id);
  if (!user) throw new Response("Not found", { status: 404 });
  const locale = await getLocale(request);
  const xml = await buildFeed(context.db, context.config, locale, { type: "user", userId: user.id }, {
    key: `user/${user.id}`,
    title: translate(locale, "watch.feed.title.user", { name: await publicName(context.db, user.id) }),
    selfPath: `/feeds/users/${user.id}`,
    pagePath: `/users/${user.id}`,
  });
  return new Response(xml, { headers: ATOM_HEADERS });
}

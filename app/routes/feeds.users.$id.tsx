import type { LoaderFunctionArgs } from "@remix-run/node";
import { ATOM_HEADERS, buildFeed } from "../../watch/feeds";
import { translate } from "../../core/i18n/index";
import { getLocale } from "~/i18n/locale.server";

/** GET /feeds/users/:id — Atom feed of one person's public requests (display name only). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = Number(params.id);
  const user = Number.isSafeInteger(id) && id > 0 ? await context.db.selectFrom("users").select(["id", "display_name"]).where("id", "=", id).where("banned_at", "is", null).executeTakeFirst() : undefined;
  if (!user) throw new Response("Not found", { status: 404 });
  const locale = await getLocale(request);
  const xml = await buildFeed(context.db, context.config, locale, { type: "user", userId: user.id }, {
    key: `user/${user.id}`,
    title: translate(locale, "watch.feed.title.user", { name: user.display_name }),
    selfPath: `/feeds/users/${user.id}`,
    pagePath: `/users/${user.id}`,
  });
  return new Response(xml, { headers: ATOM_HEADERS });
}

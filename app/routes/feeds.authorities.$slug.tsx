import type { LoaderFunctionArgs } from "@remix-run/node";
import { getAuthorityBySlug } from "../../authorities/directory";
import { displayName } from "../../authorities/names";
import { ATOM_HEADERS, buildFeed } from "../../watch/feeds";
import { translate } from "../../core/i18n/index";
import { getLocale } from "~/i18n/locale.server";

/** GET /feeds/authorities/:slug — Atom feed of every request to one authority. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const slug = params.slug ?? "";
  const authority = await getAuthorityBySlug(context.db, slug);
  if (!authority) throw new Response("Not found", { status: 404 });
  const locale = await getLocale(request);
  const xml = await buildFeed(context.db, context.config, locale, { type: "authority", authorityId: authority.id }, {
    key: `authority/${authority.slug}`,
    title: translate(locale, "watch.feed.title.authority", { name: displayName(authority, locale) }),
    selfPath: `/feeds/authorities/${encodeURIComponent(authority.slug)}`,
    pagePath: `/authorities/${encodeURIComponent(authority.slug)}`,
  });
  return new Response(xml, { headers: ATOM_HEADERS });
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { ATOM_HEADERS, buildFeed } from "../../watch/feeds";
import { translate } from "../../core/i18n/index";
import { getLocale } from "~/i18n/locale.server";
import { publicRequestHeader } from "../../requests/queries";

/** GET /feeds/requests/:id — Atom feed of one public request's timeline. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = Number(params.id);
  const locale = await getLocale(request);
  const found = await publicRequestHeader(context.db, id, locale);
  if (!found) throw new Response("Not found", { status: 404 });
  const xml = await buildFeed(context.db, context.config, locale, { type: "request", requestId: found.id }, {
    key: `request/${found.id}`,
    title: translate(locale, "watch.feed.title.request", { title: found.title }),
    selfPath: `/feeds/requests/${found.id}`,
    pagePath: `/requests/${found.id}`,
  });
  return new Response(xml, { headers: ATOM_HEADERS });
}

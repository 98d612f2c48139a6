import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { translate } from "../../core/i18n/index";
import { getLocale } from "~/i18n/locale.server";
import { isLocale } from "../../core/i18n/locales";
import { useT } from "~/i18n/use-t";
import { getFollowItems, unsubscribe } from "../../watch/follows";
import { followLabel } from "../../watch/labels";
import { verifyUnsubscribeToken } from "../../watch/unsubscribe-token";

/**
 * /unsubscribe/:token — the link in every alert e-mail. Opening it stops the
 * alerts at once, without logging in (the signed token is the proof). POST
 * does the same, for mail clients' one-click unsubscribe (RFC 8058).
 */
async function run(request: Request, context: LoaderFunctionArgs["context"], token: string | undefined) {
  const scope = verifyUnsubscribeToken(context.config.secret, token);
  const locale = await getLocale(request);
  if (!scope) return { status: "invalid" as const, label: null };
  let label: string | null = null;
  if ("follow" in scope) {
    const item = (await getFollowItems(context.db, [scope.follow])).get(scope.follow);
    label = item ? followLabel(locale, item) : null;
  }
  const removed = await unsubscribe(context.db, scope);
  return { status: removed > 0 ? ("done" as const) : ("already" as const), label, all: "user" in scope };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const result = await run(request, context, params.token);
  if (result.status === "invalid") throw new Response(translate(await getLocale(request), "watch.unsubscribe.invalid"), { status: 404 });
  return result;
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const result = await run(request, context, params.token);
  return new Response(result.status === "invalid" ? "invalid\n" : "unsubscribed\n", { status: result.status === "invalid" ? 404 : 200, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

export const meta: MetaFunction = ({ matches }) => {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined;
  const locale = isLocale(root?.locale) ? root.locale : "fr";
  return [{ title: `${translate(locale, "watch.unsubscribe.title")} — ${translate(locale, "site.name")}` }, { name: "robots", content: "noindex" }];
};

export default function Unsubscribe() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <article>
      <h1>{t("watch.unsubscribe.title")}</h1>
      <p className="notice" role="status">
        {data.status === "done" ? t("watch.unsubscribe.done") : t("watch.unsubscribe.already")}
      </p>
      {data.label ? <p>{data.label}</p> : null}
      <p>
        <Link to="/following">{t("watch.following.title")}</Link>
      </p>
    </article>
  );
}

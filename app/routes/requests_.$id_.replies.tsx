import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MailThread } from "~/components/mail-thread";
import { getLocale } from "~/i18n/locale.server";
import { useT } from "~/i18n/use-t";
import { loadRequestThread } from "../../mail/thread";
import { publicRequestHeader } from "../../requests/queries";
import { metaLocale, titleMeta } from "~/utils/meta";

/**
 * The correspondence of one request. The requests room's request page can
 * embed <MailThread> with the same loader call; this page stands alone.
 */
export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(metaLocale(matches), "page.replies", { title: data?.title ?? "" });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  const locale = await getLocale(request);
  const messages = await loadRequestThread(context.db, id, locale);
  if (!messages) throw new Response("Not found", { status: 404 });
  // The title names the page; only a public request's title is shown, as published.
  const title = (await publicRequestHeader(context.db, id, locale))?.title ?? `#${id}`;
  return { id, title, messages };
}

export default function RequestReplies() {
  const { id, messages } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <article className="request-replies">
      <h1>{t("mail.thread.title")}</h1>
      <p>
        <Link to={`/requests/${id}`}>{t("mail.thread.back")}</Link>
      </p>
      <MailThread messages={messages} />
    </article>
  );
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MailThread } from "~/components/mail-thread";
import { getLocale } from "~/i18n/locale.server";
import { useT } from "~/i18n/use-t";
import { loadRequestThread } from "../../mail/thread";

/**
 * The correspondence of one request. The requests room's request page can
 * embed <MailThread> with the same loader call; this page stands alone.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  const messages = await loadRequestThread(context.db, id, await getLocale(request));
  if (!messages) throw new Response("Not found", { status: 404 });
  return { id, messages };
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

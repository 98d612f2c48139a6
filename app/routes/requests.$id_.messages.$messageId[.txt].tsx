import type { LoaderFunctionArgs } from "@remix-run/node";
import { getUser } from "~/auth/session.server";
import { getLocale } from "~/i18n/locale.server";
import { fullMessageText } from "../../mail/thread";
import { viewerOf } from "../../requests/policy";

/** "Show the full message": a long reply's whole published text, as plain text (mail/thread.ts). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const requestId = Number(params.id);
  const messageId = Number(params.messageId);
  if (!Number.isSafeInteger(requestId) || !Number.isSafeInteger(messageId)) throw new Response("Not found", { status: 404 });
  const full = await fullMessageText(context.db, requestId, messageId, await getLocale(request), viewerOf(await getUser(request, context.db)));
  if (!full) throw new Response("Not found", { status: 404 });
  return new Response(full.text, {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Content-Disposition": `inline; filename="${full.filename}"`, "X-Content-Type-Options": "nosniff" },
  });
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMailAdmin } from "~/utils/mail-admin-guard.server";
import { rawMessageBytes } from "../../mail/admin";

/** Any raw message, exactly as received, for administrators (always a download, never rendered). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireMailAdmin(request, context.config);
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  const bytes = await rawMessageBytes(context.db, id);
  if (!bytes) throw new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "message/rfc822",
      "Content-Disposition": `attachment; filename="raw-message-${id}.eml"`,
      "Content-Length": String(bytes.length),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}

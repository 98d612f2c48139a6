import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { batchPostLettersPdf } from "../../requests/post";

/** GET /batches/:id/letters.pdf — every letter by post of a batch in one print file (its owner only: they may carry their address). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context.db);
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  const printed = await batchPostLettersPdf(context.db, context.config, { batchId: id, userId: user.id, today: context.clock.today() });
  if (!printed) throw new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(printed.pdf), {
    headers: { "Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="${printed.filename}"`, "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" },
  });
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { RequestError } from "../../requests/errors";
import { postLetterPdf } from "../../requests/post";

/** GET /requests/:id/letter.pdf — the printable letter of a request sent by post (its owner only: it may carry their address). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context.db);
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  try {
    const { filename, pdf } = await postLetterPdf(context.db, context.config, { requestId: id, userId: user.id, today: context.clock.today() });
    return new Response(new Uint8Array(pdf), {
      headers: { "Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" },
    });
  } catch (error) {
    if (error instanceof RequestError) throw new Response("Not found", { status: 404 });
    throw error;
  }
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { RequestError } from "../../requests/errors";
import { escalationDraft } from "../../requests/escalation/service";
import { renderLettersPdf } from "../../requests/escalation/pdf";

/** The printable PDF of one letter (?letter=N) or all of them, with annexes, for postal filing. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context.db);
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  const today = context.clock.today();
  let plan;
  try {
    plan = (await escalationDraft(context.db, context.config, { requestId: id, userId: user.id, today })).plan;
  } catch (error) {
    if (error instanceof RequestError) throw new Response(error.message, { status: error.code === "forbidden" ? 403 : 404 });
    throw error;
  }
  const which = new URL(request.url).searchParams.get("letter");
  const index = which === null ? null : Number(which);
  if (index !== null && (!Number.isInteger(index) || index < 0 || index >= plan.letters.length)) throw new Response("No such letter", { status: 404 });
  const letters = index === null ? plan.letters : [plan.letters[index]!];
  const pdf = await renderLettersPdf(letters, today);
  const name = `dossier-${id}-${index === null ? "appeal" : `${index + 1}-${letters[0]!.kind.replace(/_/g, "-")}`}.pdf`;
  return new Response(new Uint8Array(pdf), {
    headers: { "Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "private, no-store" },
  });
}

import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { readProtectedForm } from "~/auth/form.server";
import { requireUser } from "~/auth/session.server";
import { markAppealNotice } from "../../requests/deadlines/store";
import { RequestError } from "../../requests/errors";

// An unticked checkbox sends nothing: absent means "the decision mentioned the appeal route".
const appealNoticeSchema = z.object({ missing: z.literal("yes").optional() });

const STATUS: Partial<Record<RequestError["code"], number>> = { not_found: 404, forbidden: 403 };

/** The owner says whether the authority's decision omitted the appeal route. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context.db);
  const form = await readProtectedForm(request, context);
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  const parsed = appealNoticeSchema.safeParse({ missing: form.get("missing") ?? undefined });
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  const today = context.clock.today();
  try {
    await markAppealNotice(context.db, { requestId: id, userId: user.id, missing: parsed.data.missing === "yes", today });
  } catch (error) {
    if (error instanceof RequestError) throw new Response(error.message, { status: STATUS[error.code] ?? 409 });
    throw error;
  }
  return redirect(`/requests/${id}#deadlines`, { status: 303 });
}

export function loader({ params }: { params: { id?: string } }) {
  return redirect(`/requests/${params.id ?? ""}`);
}

import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { readProtectedForm } from "~/auth/form.server";
import { requireUser } from "~/auth/session.server";
import { markExtension } from "../../requests/deadlines/store";
import { RequestError } from "../../requests/errors";

const extensionSchema = z.object({ intent: z.enum(["mark", "unmark"]) });

/** The owner marks (or removes) an extension the authority announced. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context.db);
  const form = await readProtectedForm(request, context);
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  const parsed = extensionSchema.safeParse({ intent: form.get("intent") });
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  try {
    await markExtension(context.db, { requestId: id, userId: user.id, announced: parsed.data.intent === "mark", today: context.clock.today() });
  } catch (error) {
    if (error instanceof RequestError && (error.code === "not_found" || error.code === "forbidden")) throw new Response(error.code === "forbidden" ? "Forbidden" : "Not found", { status: error.code === "forbidden" ? 403 : 404 });
    throw error;
  }
  return redirect(`/requests/${id}#deadlines`, { status: 303 });
}

export function loader({ params }: { params: { id?: string } }) {
  return redirect(`/requests/${params.id ?? ""}`);
}

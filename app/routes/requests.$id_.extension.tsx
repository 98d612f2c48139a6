import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { readProtectedForm } from "~/auth/form.server";
import { requireUser } from "~/auth/session.server";
import { todayInBrussels } from "../../authorities/civil-date";
import { setExtension } from "../../requests/deadlines/store";

const extensionSchema = z.object({ intent: z.enum(["mark", "unmark"]) });

/** The owner marks (or removes) an extension the authority announced. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context.db);
  const form = await readProtectedForm(request, context);
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  const parsed = extensionSchema.safeParse({ intent: form.get("intent") });
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  const owned = await context.db.selectFrom("requests").select(["id", "user_id", "state"]).where("id", "=", id).executeTakeFirst();
  if (!owned) throw new Response("Not found", { status: 404 });
  if (owned.user_id !== user.id) throw new Response("Forbidden", { status: 403 });
  const today = todayInBrussels();
  await context.db.transaction().execute((trx) => setExtension(trx, id, user.id, parsed.data.intent === "mark" ? today : null, today));
  return redirect(`/requests/${id}#deadlines`, { status: 303 });
}

export function loader({ params }: { params: { id?: string } }) {
  return redirect(`/requests/${params.id ?? ""}`);
}

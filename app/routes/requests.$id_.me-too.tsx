import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { readProtectedForm } from "~/auth/form.server";
import { requireUser } from "~/auth/session.server";
import { FollowTargetNotFound } from "../../watch/follows";
import { joinRequest, leaveRequest, OwnRequestError } from "../../watch/me-too";

/** POST /requests/:id/me-too — "I want this too" (intent=join) or leave it (intent=leave), then back to the request. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  const user = await requireUser(request, context.db);
  const form = await readProtectedForm(request, context);
  const intent = form.get("intent");
  if (intent !== "join" && intent !== "leave") return new Response("Unknown intent", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  try {
    if (intent === "join") await joinRequest(context.db, { userId: user.id, requestId: id });
    else await leaveRequest(context.db, { userId: user.id, requestId: id });
  } catch (error) {
    if (error instanceof FollowTargetNotFound) throw new Response("Not found", { status: 404 });
    if (error instanceof OwnRequestError) return new Response("This is your own request.", { status: 409, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    throw error;
  }
  return redirect(`/requests/${id}?metoo=${intent === "join" ? "joined" : "left"}#me-too`, { status: 303 });
}

export async function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/requests/${Number(params.id) || ""}`);
}

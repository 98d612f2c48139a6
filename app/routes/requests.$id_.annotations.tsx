import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { readProtectedForm } from "~/auth/form.server";
import { requireUser } from "~/auth/session.server";
import { NotFound } from "../../moderation/hide";
import { hide } from "../../moderation/request-moderation";
import { hideReasons } from "../../moderation/vocabulary";
import { addAnnotation, AnnotationNotAllowed, AnnotationRateLimited, annotationFormSchema, hideAnnotation } from "../../watch/annotations";

/** POST /requests/:id/annotations — add an annotation (intent=add) or hide one (intent=hide). */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  const user = await requireUser(request, context.db);
  const form = await readProtectedForm(request, context);
  const back = (code: string) => redirect(`/requests/${id}?annotation=${code}#annotations-section`, { status: 303 });
  try {
    if (form.get("intent") === "hide") {
      const annotationId = Number(form.get("annotation"));
      if (!Number.isSafeInteger(annotationId) || annotationId <= 0) return new Response("Unknown annotation", { status: 400 });
      if (user.role === "admin") {
        // Administrators hide through moderation: a public reason and an audit event.
        const reason = hideReasons.find((r) => r === form.get("reason")) ?? "other";
        await hide(context.db, { target: "annotation", id: annotationId, audience: "everyone", reason, actorUserId: user.id });
      } else {
        await hideAnnotation(context.db, annotationId, user);
      }
      return redirect(`/requests/${id}#annotations-section`, { status: 303 });
    }
    const parsed = annotationFormSchema.safeParse({ body: form.get("body") ?? "", link: form.get("link") ?? "" });
    if (!parsed.success) return back(parsed.error.issues.some((i) => i.path[0] === "link") ? "link" : "body");
    await addAnnotation(context.db, { requestId: id, userId: user.id, body: parsed.data.body, linkUrl: parsed.data.link });
    return back("added");
  } catch (error) {
    if (error instanceof AnnotationRateLimited) return back("rate");
    if (error instanceof AnnotationNotAllowed) throw new Response("Forbidden", { status: 403 });
    if (error instanceof NotFound) throw new Response("Not found", { status: 404 });
    throw error;
  }
}

export async function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/requests/${Number(params.id) || ""}`);
}

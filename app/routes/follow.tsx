import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { readProtectedForm } from "~/auth/form.server";
import { requireUser } from "~/auth/session.server";
import { safeRedirectPath } from "~/i18n/locale.server";
import { follow, FollowTargetNotFound, followFormSchema, frequencySchema, targetFromForm, unfollow } from "../../watch/follows";

/** POST /follow — the follow buttons' target: follow or unfollow, then back to the page. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context.db);
  const form = await readProtectedForm(request, context);
  const back = safeRedirectPath(form.get("redirectTo"), "/following");
  const parsed = followFormSchema.safeParse(Object.fromEntries(form));
  const intent = form.get("intent");
  if (!parsed.success || (intent !== "follow" && intent !== "unfollow")) {
    return new Response("This follow form is not valid.", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  try {
    const target = targetFromForm(parsed.data);
    if (intent === "follow") {
      const frequency = frequencySchema.catch("immediate").parse(form.get("frequency"));
      await follow(context.db, user.id, target, frequency);
    } else {
      await unfollow(context.db, user.id, target);
    }
  } catch (error) {
    if (error instanceof FollowTargetNotFound) throw new Response("Not found", { status: 404 });
    throw error;
  }
  return redirect(back, { status: 303 });
}

export async function loader(_: LoaderFunctionArgs) {
  return redirect("/following");
}

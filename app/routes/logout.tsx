import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { readProtectedForm } from "~/auth/form.server";
import { destroySession } from "~/auth/session.server";

export async function action({ request, context }: ActionFunctionArgs) {
  await readProtectedForm(request, context);
  const cookie = await destroySession(context.db, request);
  return redirect("/", { status: 303, headers: { "Set-Cookie": cookie } });
}

export async function loader() {
  return redirect("/");
}

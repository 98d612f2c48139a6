import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { isLocale } from "../../core/i18n/locales";
import { localeCookie, safeRedirectPath, withoutLangParam } from "~/i18n/locale.server";

/** Switches the interface language and returns to the page the visitor was on. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const lang = form.get("lang");
  // The chosen language must win over a `?language=` the page was opened with.
  const to = withoutLangParam(safeRedirectPath(form.get("redirectTo")));
  if (!isLocale(lang)) return redirect(to, { status: 303 });
  return redirect(to, { status: 303, headers: { "Set-Cookie": await localeCookie.serialize(lang) } });
}

export async function loader() {
  return redirect("/");
}

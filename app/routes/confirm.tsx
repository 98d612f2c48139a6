import { data, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { consumeToken } from "~/auth/accounts.server";
import { createSession } from "~/auth/session.server";
import { useT } from "~/i18n/use-t";

/** The link in the confirmation e-mail: confirms the address and logs in. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const userId = await consumeToken(context.db, token, "confirm");
  if (!userId) return data({ invalid: true }, { status: 410 });
  await context.db.updateTable("users").set({ confirmed_at: new Date() }).where("id", "=", userId).where("confirmed_at", "is", null).execute();
  const cookie = await createSession(context.db, request, userId);
  throw redirect("/my-requests?welcome=1", { status: 303, headers: { "Set-Cookie": cookie } });
}

export default function Confirm() {
  const t = useT();
  return (
    <section>
      <h1>{t("confirm.invalid.title")}</h1>
      <p>{t("confirm.invalid.text")}</p>
    </section>
  );
}

import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { sessionCookie } from "~/auth/session.server";
import { confirmEmail } from "../../accounts/confirmation";
import { isDossierError } from "../../core/errors";
import { useT } from "~/i18n/use-t";
import { metaLocale, titleMeta } from "~/utils/meta";

/** The link in the confirmation e-mail: confirms the address and logs in. */
export const meta: MetaFunction = ({ matches }) => titleMeta(metaLocale(matches), "confirm.invalid.title", undefined, { noindex: true });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  let session: { sessionToken: string };
  try {
    session = await confirmEmail(context.db, token);
  } catch (error) {
    if (isDossierError(error) && error.code === "invalid_token") return data({ invalid: true }, { status: 410 });
    throw error;
  }
  const cookie = sessionCookie(request, session.sessionToken);
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

import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import type { RouteData } from "~/utils/route-data";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/auth/csrf-input";
import { readProtectedForm } from "~/auth/form.server";
import { isResetTokenValid, resetPassword } from "../../accounts/reset";
import { isDossierError } from "../../core/errors";
import { MIN_PASSWORD_LENGTH } from "../../accounts/password-rules";
import { fieldErrors, resetSchema } from "~/auth/schemas";
import { deviceCookie, sessionCookie } from "~/auth/session.server";
import { FormField } from "~/components/form-field";
import { useT } from "~/i18n/use-t";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta("reset.title", { noindex: true });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  return { token, valid: await isResetTokenValid(context.db, token) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readProtectedForm(request, context);
  const parsed = resetSchema.safeParse({ token: form.get("token"), password: form.get("password") });
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error) }, { status: 400 });
  let session: { sessionToken: string; deviceCookie: string };
  try {
    // Also confirms the address and ends every other session (accounts/reset.ts).
    session = await resetPassword(context.db, context.config, { token: parsed.data.token, password: parsed.data.password });
  } catch (error) {
    if (isDossierError(error) && error.code === "invalid_token") return data({ errors: { form: "reset.invalid" } as Record<string, string> }, { status: 400 });
    throw error;
  }
  const headers = new Headers();
  headers.append("Set-Cookie", sessionCookie(request, session.sessionToken));
  headers.append("Set-Cookie", deviceCookie(request, session.deviceCookie));
  throw redirect("/account?reset=1", { status: 303, headers });
}

export default function Reset() {
  const t = useT();
  const { token, valid } = useLoaderData() as RouteData<typeof loader>;
  const result = useActionData() as RouteData<typeof action> | undefined;
  const errors: Record<string, string> = result?.errors ?? {};
  if (!valid || errors.form) {
    return (
      <section>
        <h1>{t("reset.title")}</h1>
        <p className="notice error">{t("reset.invalid")}</p>
        <p>
          <Link to="/forgot-password">{t("login.forgot")}</Link>
        </p>
      </section>
    );
  }
  return (
    <section>
      <h1>{t("reset.title")}</h1>
      <Form method="post" className="stacked">
        <CsrfInput />
        <input type="hidden" name="token" value={token} />
        <FormField
          name="password"
          type="password"
          label="form.password"
          autoComplete="new-password"
          required
          hint={t("form.passwordHint", { min: MIN_PASSWORD_LENGTH })}
          error={errors.password}
          params={{ min: MIN_PASSWORD_LENGTH }}
        />
        <p>
          <button type="submit" className="primary">
            {t("reset.submit")}
          </button>
        </p>
      </Form>
    </section>
  );
}

import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import type { RouteData } from "~/utils/route-data";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { CsrfInput } from "~/auth/csrf-input";
import { readProtectedForm } from "~/auth/form.server";
import { logInThrottled, LoginThrottledError } from "../../accounts/login-guard";
import { isDossierError } from "../../core/errors";
import { fieldErrors, formValues, loginSchema } from "~/auth/schemas";
import { deviceCookie, getUser, readDeviceCookie, sessionCookie } from "~/auth/session.server";
import { FormField } from "~/components/form-field";
import { safeRedirectPath } from "~/i18n/locale.server";
import { useT } from "~/i18n/use-t";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta("login.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getUser(request, context.db)) throw redirect(safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"), "/my-requests"));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readProtectedForm(request, context);
  const values = formValues(form, ["email"]);
  const parsed = loginSchema.safeParse({ email: form.get("email"), password: form.get("password"), redirectTo: form.get("redirectTo") ?? undefined });
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values, retryMinutes: 0 }, { status: 400 });
  let session: { sessionToken: string; deviceCookie: string };
  try {
    session = await logInThrottled(context.db, context.queue, context.config, {
      email: parsed.data.email,
      password: parsed.data.password,
      ip: context.clientIp,
      deviceCookie: readDeviceCookie(request),
    });
  } catch (error) {
    if (error instanceof LoginThrottledError) {
      return data({ errors: { form: "form.rateLimited" }, values, retryMinutes: Math.ceil(error.retryAfterSeconds / 60) }, { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } });
    }
    if (isDossierError(error) && (error.code === "login_failed" || error.code === "unconfirmed")) {
      return data({ errors: { form: error.code === "unconfirmed" ? "login.unconfirmed" : "login.failed" }, values, retryMinutes: 0 }, { status: 400 });
    }
    throw error;
  }
  const headers = new Headers();
  headers.append("Set-Cookie", sessionCookie(request, session.sessionToken));
  headers.append("Set-Cookie", deviceCookie(request, session.deviceCookie));
  throw redirect(safeRedirectPath(parsed.data.redirectTo, "/my-requests"), { status: 303, headers });
}

export default function Login() {
  const t = useT();
  const result = useActionData() as RouteData<typeof action> | undefined;
  const [params] = useSearchParams();
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <section>
      <h1>{t("login.title")}</h1>
      {errors.form ? (
        <p className="notice error" role="alert">
          {t(errors.form as "login.failed", { minutes: result?.retryMinutes ?? 1 })}
        </p>
      ) : null}
      <Form method="post" className="stacked">
        <CsrfInput />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <FormField name="email" type="email" label="form.email" autoComplete="email" required defaultValue={result?.values.email} error={errors.email} />
        <FormField name="password" type="password" label="form.password" autoComplete="current-password" required error={errors.password} />
        <p>
          <button type="submit" className="primary">
            {t("login.submit")}
          </button>
        </p>
      </Form>
      <p>
        <Link to="/forgot-password">{t("login.forgot")}</Link>
      </p>
      <p>
        <Link to="/signup">{t("login.noAccount")}</Link>
      </p>
    </section>
  );
}

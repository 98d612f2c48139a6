import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import type { RouteData } from "~/utils/route-data";
import { Form, Link, useActionData } from "@remix-run/react";
import { signUp } from "../../accounts/confirmation";
import { CsrfInput } from "~/auth/csrf-input";
import { readProtectedForm } from "~/auth/form.server";
import { limitAccountForm } from "../../accounts/limits";
import { MIN_PASSWORD_LENGTH } from "../../accounts/password-rules";
import { fieldErrors, formValues, signupSchema } from "~/auth/schemas";
import { getUser } from "~/auth/session.server";
import { FormField } from "~/components/form-field";
import { getLocale } from "~/i18n/locale.server";
import { useT } from "~/i18n/use-t";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta("signup.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getUser(request, context.db)) throw redirect("/my-requests");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readProtectedForm(request, context);
  const values = formValues(form, ["email", "displayName"]);
  const parsed = signupSchema.safeParse({ email: form.get("email"), displayName: form.get("displayName"), password: form.get("password") });
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values, sentTo: null, retryMinutes: 0 }, { status: 400 });
  const limit = await limitAccountForm(context.db, "signup", context.clientIp, parsed.data.email);
  if (!limit.allowed) {
    return data({ errors: { form: "form.rateLimited" }, values, sentTo: null, retryMinutes: Math.ceil(limit.retryAfterSeconds / 60) }, { status: 429 });
  }
  await signUp(context.db, context.queue, context.config, { ...parsed.data, locale: await getLocale(request) });
  return { errors: {} as Record<string, string>, values, sentTo: parsed.data.email, retryMinutes: 0 };
}

export default function SignUp() {
  const t = useT();
  const result = useActionData() as RouteData<typeof action> | undefined;
  if (result?.sentTo) {
    return (
      <section>
        <h1>{t("signup.checkEmail.title")}</h1>
        <p role="status">{t("signup.checkEmail.text", { email: result.sentTo })}</p>
      </section>
    );
  }
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <section>
      <h1>{t("signup.title")}</h1>
      {errors.form ? (
        <p className="notice error" role="alert">
          {t(errors.form as "form.rateLimited", { minutes: result?.retryMinutes ?? 1 })}
        </p>
      ) : Object.keys(errors).length ? (
        <p className="notice error" role="alert">
          {t("form.errors")}
        </p>
      ) : null}
      <Form method="post" className="stacked">
        <CsrfInput />
        <FormField name="email" type="email" label="form.email" autoComplete="email" required defaultValue={result?.values.email} error={errors.email} />
        <FormField
          name="displayName"
          label="form.displayName"
          autoComplete="name"
          required
          maxLength={80}
          hint={t("form.displayNameHint")}
          defaultValue={result?.values.displayName}
          error={errors.displayName}
        />
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
            {t("signup.submit")}
          </button>
        </p>
      </Form>
      <p>
        <Link to="/login">{t("signup.haveAccount")}</Link>
      </p>
    </section>
  );
}

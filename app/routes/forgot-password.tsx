import { data, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import type { RouteData } from "~/utils/route-data";
import { Form, useActionData } from "@remix-run/react";
import { requestPasswordReset } from "../../accounts/reset";
import { CsrfInput } from "~/auth/csrf-input";
import { readProtectedForm } from "~/auth/form.server";
import { limitAccountForm } from "../../accounts/limits";
import { isKnownDeviceOf } from "../../accounts/login-guard";
import { readDeviceCookie } from "~/auth/session.server";
import { fieldErrors, forgotSchema, formValues } from "~/auth/schemas";
import { FormField } from "~/components/form-field";
import { useT } from "~/i18n/use-t";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta("forgot.title");

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readProtectedForm(request, context);
  const values = formValues(form, ["email"]);
  const parsed = forgotSchema.safeParse({ email: form.get("email") });
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values, sent: false, retryMinutes: 0 }, { status: 400 });
  const device = await isKnownDeviceOf(context.db, context.config, readDeviceCookie(request), parsed.data.email);
  const limit = await limitAccountForm(context.db, "forgot", context.clientIp, parsed.data.email, device);
  if (!limit.allowed) return data({ errors: { form: "form.rateLimited" }, values, sent: false, retryMinutes: Math.ceil(limit.retryAfterSeconds / 60) }, { status: 429 });
  await requestPasswordReset(context.db, context.queue, context.config, parsed.data.email);
  // The same answer whether or not the address has an account.
  return { errors: {} as Record<string, string>, values, sent: true, retryMinutes: 0 };
}

export default function Forgot() {
  const t = useT();
  const result = useActionData() as RouteData<typeof action> | undefined;
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <section>
      <h1>{t("forgot.title")}</h1>
      {result?.sent ? (
        <p className="notice" role="status">
          {t("forgot.sent")}
        </p>
      ) : (
        <>
          <p>{t("forgot.text")}</p>
          {errors.form ? (
            <p className="notice error" role="alert">
              {t("form.rateLimited", { minutes: result?.retryMinutes ?? 1 })}
            </p>
          ) : null}
          <Form method="post" className="stacked">
            <CsrfInput />
            <FormField name="email" type="email" label="form.email" autoComplete="email" required defaultValue={result?.values.email} error={errors.email} />
            <p>
              <button type="submit" className="primary">
                {t("forgot.submit")}
              </button>
            </p>
          </Form>
        </>
      )}
    </section>
  );
}

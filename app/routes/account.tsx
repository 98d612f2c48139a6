import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import type { RouteData } from "~/utils/route-data";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfInput } from "~/auth/csrf-input";
import { readProtectedForm } from "~/auth/form.server";
import { accountSchema, fieldErrors } from "~/auth/schemas";
import { requireUser } from "~/auth/session.server";
import { FormField } from "~/components/form-field";
import { localeNames, locales } from "../../core/i18n/locales";
import { localeCookie } from "~/i18n/locale.server";
import { updateProfile } from "../../accounts/profile";
import { nameChanged } from "../../moderation/privacy";
import { useT } from "~/i18n/use-t";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta("account.title", { noindex: true });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context.db);
  return { email: user.email, displayName: user.display_name, locale: user.locale };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context.db);
  const form = await readProtectedForm(request, context);
  const parsed = accountSchema.safeParse({ displayName: form.get("displayName"), locale: form.get("locale") });
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), saved: false }, { status: 400 });
  await updateProfile(context.db, user.id, parsed.data);
  await nameChanged(context.db, context.queue, user.id);
  return data({ errors: {} as Record<string, string>, saved: true }, { headers: { "Set-Cookie": await localeCookie.serialize(parsed.data.locale) } });
}

export default function Account() {
  const t = useT();
  const user = useLoaderData() as RouteData<typeof loader>;
  const result = useActionData() as RouteData<typeof action> | undefined;
  const [params] = useSearchParams();
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <section>
      <h1>{t("account.title")}</h1>
      {result?.saved ? (
        <p className="notice" role="status">
          {t("account.saved")}
        </p>
      ) : null}
      {params.get("reset") ? (
        <p className="notice" role="status">
          {t("reset.done")}
        </p>
      ) : null}
      <p>{t("account.email", { email: user.email })}</p>
      <Form method="post" className="stacked">
        <CsrfInput />
        <FormField name="displayName" label="form.displayName" required maxLength={80} defaultValue={user.displayName} error={errors.displayName} hint={t("form.displayNameHint")} />
        <label htmlFor="field-locale">{t("form.locale")}</label>
        <select id="field-locale" name="locale" defaultValue={user.locale}>
          {locales.map((l) => (
            <option key={l} value={l}>
              {localeNames[l]}
            </option>
          ))}
        </select>
        <p>
          <button type="submit" className="primary">
            {t("form.save")}
          </button>
        </p>
      </Form>
      <p>
        <a href="/account/privacy">{t("privacySettings.title")}</a>
      </p>
    </section>
  );
}

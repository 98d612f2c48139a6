import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "~/auth/csrf-input";
import { readProtectedForm } from "~/auth/form.server";
import { clearedSessionCookie, requireUser } from "~/auth/session.server";
import { useT } from "~/i18n/use-t";
import type { RouteData } from "~/utils/route-data";
import { closeAccount } from "../../accounts/deletion";
import { privacyOf, savePrivacySettings } from "../../moderation/privacy";
import { initialsOf } from "../../moderation/publish";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta("privacySettings.title", { noindex: true });

const settingsSchema = z.object({
  publicName: z.enum(["full", "initials"]),
  postalAddress: z.string().trim().max(300).default(""),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context.db);
  const privacy = await privacyOf(context.db, user.id);
  return { initials: initialsOf(user.display_name), publicName: privacy.publicName, postalAddress: privacy.postalAddress ?? "" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context.db);
  const form = await readProtectedForm(request, context);
  if (form.get("intent") === "delete") {
    if (form.get("confirm") !== "DELETE") return data({ error: "confirm" as const }, { status: 400 });
    // Deletion ends every session of the account, this one included.
    await closeAccount(context.db, context.queue, user.id);
    return redirect("/?account=deleted", { status: 303, headers: { "Set-Cookie": clearedSessionCookie(request) } });
  }
  const parsed = settingsSchema.safeParse({ publicName: form.get("publicName"), postalAddress: form.get("postalAddress") ?? "" });
  if (!parsed.success) return data({ error: "invalid" as const }, { status: 400 });
  await savePrivacySettings(context.db, context.queue, user.id, { publicName: parsed.data.publicName, postalAddress: parsed.data.postalAddress || null });
  return redirect("/account/privacy?saved=1", { status: 303 });
}

export default function AccountPrivacy() {
  const t = useT();
  const v = useLoaderData() as RouteData<typeof loader>;
  const result = useActionData() as RouteData<typeof action> | undefined;
  const [params] = useSearchParams();
  return (
    <article>
      <h1>{t("privacySettings.title")}</h1>
      {params.get("saved") ? (
        <p className="notice" role="status">
          {t("privacySettings.saved")}
        </p>
      ) : null}
      <Form method="post" className="stacked">
        <CsrfInput />
        <fieldset>
          <legend>{t("privacySettings.publicName")}</legend>
          <div>
            <input type="radio" id="name-full" name="publicName" value="full" defaultChecked={v.publicName === "full"} />
            <label htmlFor="name-full">{t("privacySettings.publicName.full")}</label>
          </div>
          <div>
            <input type="radio" id="name-initials" name="publicName" value="initials" defaultChecked={v.publicName === "initials"} />
            <label htmlFor="name-initials">{t("privacySettings.publicName.initials", { initials: v.initials })}</label>
          </div>
        </fieldset>
        <label htmlFor="postal-address">{t("privacySettings.address")}</label>
        <p className="hint" id="postal-address-hint">
          {t("privacySettings.addressHint")}
        </p>
        <textarea id="postal-address" name="postalAddress" defaultValue={v.postalAddress} maxLength={300} aria-describedby="postal-address-hint" />
        <p>
          <button type="submit" name="intent" value="save" className="primary">
            {t("privacySettings.save")}
          </button>
        </p>
      </Form>
      <p>
        <a href="/account/data.json" download>
          {t("privacySettings.export")}
        </a>
      </p>
      <Form method="post" className="stacked">
        <CsrfInput />
        <h2>{t("privacySettings.delete")}</h2>
        <p className="hint">{t("privacySettings.deleteHint")}</p>
        {result?.error === "confirm" ? (
          <p className="field-error" role="alert">
            {t("privacySettings.confirmWrong")}
          </p>
        ) : null}
        <label htmlFor="confirm-delete">{t("privacySettings.confirmDelete")}</label>
        <input type="text" id="confirm-delete" name="confirm" autoComplete="off" />
        <p>
          <button type="submit" name="intent" value="delete" className="secondary">
            {t("privacySettings.delete")}
          </button>
        </p>
      </Form>
    </article>
  );
}

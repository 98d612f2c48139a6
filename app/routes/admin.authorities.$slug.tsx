import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/auth/csrf-input";
import { readProtectedForm } from "~/auth/form.server";
import { requireAdmin } from "~/auth/session.server";
import { useT } from "~/i18n/use-t";
import type { MessageKey } from "../../core/i18n/index";
import type { RouteData } from "~/utils/route-data";
import { pageMeta } from "~/utils/meta";
import { AuthorityEditError, authorityForAdmin, editAuthority } from "../../authorities/admin";

export const meta = pageMeta("admin.directory.edit", { noindex: true });

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireAdmin(request, context.db);
  const authority = await authorityForAdmin(context.db, params.slug ?? "");
  if (!authority) throw new Response("Not found", { status: 404 });
  return { authority: { ...authority, edits: authority.edits.map((e) => ({ ...e, edited_at: e.edited_at.toISOString() })) } };
}

const FIELDS = ["email", "email_source", "email_verified", "address", "website", "active", "merged_into", "reason"] as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context.db);
  const form = await readProtectedForm(request, context);
  const values = Object.fromEntries(FIELDS.map((f) => [f, String(form.get(f) ?? "")]));
  try {
    const result = await editAuthority(context.db, params.slug ?? "", values, admin.id);
    return { saved: Object.keys(result.changed), errors: {} as Record<string, string> };
  } catch (error) {
    if (error instanceof AuthorityEditError) return data({ saved: null, errors: error.fields }, { status: 400 });
    throw error;
  }
}

function Field({ name, label, value, error, textarea }: { name: string; label: MessageKey; value: string | null; error?: string; textarea?: boolean }) {
  const t = useT();
  const id = `field-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{t(label)}</label>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {t(`form.error.${error}` as MessageKey)}
        </p>
      ) : null}
      {textarea ? (
        <textarea id={id} name={name} rows={3} maxLength={500} defaultValue={value ?? ""} aria-describedby={error ? `${id}-error` : undefined} />
      ) : (
        <input id={id} name={name} defaultValue={value ?? ""} maxLength={1000} aria-describedby={error ? `${id}-error` : undefined} />
      )}
    </div>
  );
}

export default function EditAuthority() {
  const t = useT();
  const { authority: a } = useLoaderData() as RouteData<typeof loader>;
  const result = useActionData() as { saved: string[] | null; errors: Record<string, string> } | undefined;
  const errors = result?.errors ?? {};
  return (
    <section>
      <p>
        <Link to="/admin/directory">{t("admin.authority.back")}</Link>
      </p>
      <h1>{t("admin.authority.title", { name: a.name_fr ?? a.name_nl ?? a.name_de ?? a.slug })}</h1>
      <p>
        <Link to={`/authorities/${a.slug}`}>/authorities/{a.slug}</Link>
      </p>
      {result?.saved ? (
        <p role="status" className="notice">
          {result.saved.length > 0 ? t("admin.authority.saved", { fields: result.saved.join(", ") }) : t("admin.authority.unchanged")}
        </p>
      ) : null}
      <Form method="post">
        <CsrfInput />
        <Field name="email" label="admin.authority.email" value={a.email} error={errors.email} />
        <Field name="email_source" label="admin.authority.emailSource" value={a.email_source} error={errors.email_source} />
        <div className="field">
          <input type="checkbox" id="field-email_verified" name="email_verified" defaultChecked={a.email_verified} />{" "}
          <label htmlFor="field-email_verified">{t("admin.authority.emailVerified")}</label>
          {errors.email_verified ? <p className="field-error">{t(`form.error.${errors.email_verified}` as MessageKey)}</p> : null}
        </div>
        <Field name="address" label="admin.authority.address" value={a.address} error={errors.address} textarea />
        <Field name="website" label="admin.authority.website" value={a.website} error={errors.website} />
        <div className="field">
          <input type="checkbox" id="field-active" name="active" defaultChecked={a.active} /> <label htmlFor="field-active">{t("admin.authority.active")}</label>
        </div>
        <Field name="merged_into" label="admin.authority.mergedInto" value={a.merged_into} error={errors.merged_into} />
        <Field name="reason" label="admin.authority.reason" value="" error={errors.reason} />
        <button type="submit">{t("admin.authority.save")}</button>
      </Form>
      <h2 id="edits">{t("admin.authority.edits")}</h2>
      {a.edits.length === 0 ? <p>{t("admin.authority.noEdits")}</p> : null}
      <ul aria-labelledby="edits">
        {a.edits.map((e) => (
          <li key={e.field}>
            <code>{e.field}</code> = <code>{e.value}</code> ({e.edited_at.slice(0, 10)})
          </li>
        ))}
      </ul>
    </section>
  );
}

import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfInput } from "~/auth/csrf-input";
import { readProtectedForm } from "~/auth/form.server";
import { requireAdmin } from "~/auth/session.server";
import type { MessageKey } from "../../core/i18n/index";
import { useT } from "~/i18n/use-t";
import type { RouteData } from "~/utils/route-data";
import { addRedactionRule, removeRedactionRule } from "../../moderation/actions";
import { translateProblem } from "../i18n/use-t";
import { redactionRuleInput, type RedactionScope } from "../../moderation/redaction";
import { listRules } from "../../moderation/rules";
import { pageMeta } from "~/utils/meta";

export const meta = pageMeta("admin.rules.title", { noindex: true });

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context.db);
  const rules = await listRules(context.db);
  return { rules: rules.map((r) => ({ ...r, created_at: r.created_at.toISOString() })) };
}

const SCOPES = ["site", "request", "user", "authority"] as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context.db);
  const form = await readProtectedForm(request, context);
  if (form.get("intent") === "delete") {
    await removeRedactionRule(context.db, context.queue, Number(form.get("rule")), admin.id);
    return redirect("/admin/redaction", { status: 303 });
  }
  const parsed = redactionRuleInput.safeParse({ kind: form.get("kind"), text: form.get("text"), loose: form.get("loose") === "on" });
  if (!parsed.success) return data({ problem: parsed.error.issues[0]?.message ?? "invalid" }, { status: 400 });
  const scopeType = String(form.get("scope"));
  const scopeId = Number(form.get("scopeId"));
  let scope: RedactionScope;
  if (scopeType === "site") scope = { type: "site" };
  else if (!Number.isSafeInteger(scopeId) || scopeId <= 0) return data({ problem: "scope id" }, { status: 400 });
  else if (scopeType === "request") scope = { type: "request", requestId: scopeId };
  else if (scopeType === "user") scope = { type: "user", userId: scopeId };
  else if (scopeType === "authority") scope = { type: "authority", authorityId: scopeId };
  else return data({ problem: "scope" }, { status: 400 });
  await addRedactionRule(context.db, context.queue, { ...parsed.data, scope, origin: "admin", actorUserId: admin.id });
  return redirect("/admin/redaction?added=1", { status: 303 });
}

export default function RedactionRules() {
  const t = useT();
  const { rules } = useLoaderData() as RouteData<typeof loader>;
  const result = useActionData() as RouteData<typeof action> | undefined;
  const [params] = useSearchParams();
  return (
    <section>
      <h1>{t("admin.rules.title")}</h1>
      {params.get("added") ? (
        <p className="notice" role="status">
          {t("admin.rules.added")}
        </p>
      ) : null}
      {result?.problem ? (
        <p className="notice error" role="alert">
          {t("admin.rules.invalid", { problem: translateProblem(t, result.problem) })}
        </p>
      ) : null}
      <h2>{t("admin.rules.add")}</h2>
      <Form method="post" className="stacked">
        <CsrfInput />
        <label htmlFor="rule-text">{t("admin.rules.text")}</label>
        <input type="text" id="rule-text" name="text" required minLength={2} maxLength={300} />
        <label htmlFor="rule-kind">{t("admin.rules.kind")}</label>
        <select id="rule-kind" name="kind">
          <option value="literal">{t("admin.rules.kind.literal")}</option>
          <option value="pattern">{t("admin.rules.kind.pattern")}</option>
        </select>
        <p>
          <input type="checkbox" id="rule-loose" name="loose" defaultChecked />
          <label htmlFor="rule-loose">{t("admin.rules.loose")}</label>
        </p>
        <label htmlFor="rule-scope">{t("admin.rules.scope")}</label>
        <select id="rule-scope" name="scope">
          {SCOPES.map((s) => (
            <option key={s} value={s}>
              {t(`admin.rules.scope.${s}` as MessageKey)}
            </option>
          ))}
        </select>
        <label htmlFor="rule-scope-id">{t("admin.rules.scopeId")}</label>
        <input type="text" inputMode="numeric" id="rule-scope-id" name="scopeId" />
        <p>
          <button type="submit" name="intent" value="add" className="primary">
            {t("admin.rules.add")}
          </button>
        </p>
      </Form>
      <ul>
        {rules.map((r) => (
          <li key={r.id}>
            <code>{r.text}</code> → {r.replacement} ({r.kind}, {r.scope_type}
            {r.scope_id ? ` ${r.scope_id}` : ""}, {r.origin})
            <Form method="post" className="inline-form">
              <CsrfInput />
              <input type="hidden" name="rule" value={r.id} />
              <button type="submit" name="intent" value="delete" className="secondary">
                {t("admin.rules.delete")}
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </section>
  );
}

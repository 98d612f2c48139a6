import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfInput } from "~/auth/csrf-input";
import { readProtectedForm } from "~/auth/form.server";
import { requireAdmin } from "~/auth/session.server";
import { useLocale, useT } from "~/i18n/use-t";
import type { MessageKey } from "../../core/i18n/index";
import type { RouteData } from "~/utils/route-data";
import { pageMeta } from "~/utils/meta";
import { DossierError } from "../../core/errors";
import { decideProposal, listProposals } from "../../authorities/proposals";

export const meta = pageMeta("admin.directory.title", { noindex: true });

/** The directory's change proposals: decide each (accept, or reject with a reason the proposer reads). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context.db);
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  const pending = await listProposals(context.db, { status: "pending" });
  const decided = await listProposals(context.db, { status: "decided", limit: 30 });
  const shape = (r: (typeof pending)[number]) => ({ ...r, created_at: iso(r.created_at), decided_at: iso(r.decided_at) });
  return { pending: pending.map(shape), decided: decided.map(shape) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context.db);
  const form = await readProtectedForm(request, context);
  if (form.get("intent") === "open") {
    const slug = String(form.get("slug") ?? "").trim().toLowerCase();
    return redirect(`/admin/authorities/${encodeURIComponent(slug)}`, { status: 303 });
  }
  const id = Number(form.get("proposal"));
  const decision = form.get("intent") === "accept" ? "accepted" : form.get("intent") === "reject" ? "rejected" : null;
  if (!Number.isSafeInteger(id) || id <= 0 || !decision) return data({ errorCode: "invalid_input", proposal: id }, { status: 400 });
  try {
    await decideProposal(context.db, id, decision, admin.id, String(form.get("reason") ?? ""));
  } catch (error) {
    if (error instanceof DossierError) return data({ errorCode: error.code, proposal: id }, { status: error.status });
    throw error;
  }
  return redirect(`/admin/directory?done=${decision}`, { status: 303 });
}

export default function DirectoryAdmin() {
  const t = useT();
  const locale = useLocale();
  const { pending, decided } = useLoaderData() as RouteData<typeof loader>;
  const failed = useActionData() as { errorCode: string; proposal: number } | undefined;
  const [params] = useSearchParams();
  const done = params.get("done");
  const nameOf = (r: (typeof pending)[number]) => r[`name_${locale}` as "name_fr"] ?? r.name_fr ?? r.name_nl ?? r.name_de ?? r.slug;
  const fieldLabel = (f: string) => t(f === "email" ? "admin.directory.field.email" : f === "address" ? "admin.directory.field.address" : "admin.directory.field.other");
  return (
    <section>
      <h1>{t("admin.directory.title")}</h1>
      <p>
        <Link to="/admin/regimes">{t("admin.directory.regimes")}</Link> · <Link to="/admin/audit">{t("admin.moderation.audit")}</Link>
      </p>
      {done === "accepted" || done === "rejected" ? (
        <p role="status" className="notice">
          {t(`admin.directory.done.${done}` as MessageKey)}
        </p>
      ) : null}
      <Form method="post" className="inline-form">
        <CsrfInput />
        <label htmlFor="open-slug">{t("admin.directory.slug")}</label>
        <input id="open-slug" name="slug" required maxLength={200} />
        <button type="submit" name="intent" value="open">
          {t("admin.directory.open")}
        </button>
      </Form>
      <h2 id="pending">{t("admin.directory.pending")}</h2>
      {pending.length === 0 ? <p>{t("admin.directory.none")}</p> : null}
      <ul aria-labelledby="pending" className="report-list">
        {pending.map((r) => (
          <li key={r.id} data-testid="proposal" id={`proposal-${r.id}`}>
            <h3>
              <Link to={`/admin/authorities/${r.slug}`}>{nameOf(r)}</Link> — {fieldLabel(r.field)}
            </h3>
            <p>{t("admin.directory.proposed", { value: r.value })}</p>
            <p>{t("admin.directory.current", { value: (r.field === "email" ? r.current_email : r.field === "address" ? r.current_address : null) ?? t("admin.directory.nothing") })}</p>
            {r.source ? <p>{t("admin.directory.source", { source: r.source })}</p> : null}
            {r.comment ? <p>{t("admin.directory.comment", { comment: r.comment })}</p> : null}
            <p>{t("admin.directory.proposer", { who: r.proposer_user_email ?? r.proposer_email ?? t("admin.directory.anonymous") })}</p>
            {failed && failed.proposal === r.id ? (
              <p role="alert" className="field-error">
                {t("error.requestFailed", { reason: t(`error.code.${failed.errorCode}` as MessageKey) })}
              </p>
            ) : null}
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="proposal" value={r.id} />
              <div className="field">
                <label htmlFor={`reason-${r.id}`}>{t("admin.directory.reason")}</label>
                <textarea id={`reason-${r.id}`} name="reason" rows={2} maxLength={2000} />
              </div>
              <button type="submit" name="intent" value="accept">
                {t("admin.directory.accept")}
              </button>{" "}
              <button type="submit" name="intent" value="reject" className="secondary">
                {t("admin.directory.reject")}
              </button>
            </Form>
          </li>
        ))}
      </ul>
      <h2 id="decided">{t("admin.directory.decided")}</h2>
      <ul aria-labelledby="decided">
        {decided.map((r) => (
          <li key={r.id} data-testid="decided-proposal">
            <Link to={`/admin/authorities/${r.slug}`}>{nameOf(r)}</Link> — {fieldLabel(r.field)}: {r.value} — {t(`admin.directory.status.${r.status}` as MessageKey)}
            {r.decision_reason ? ` (${r.decision_reason})` : ""}
          </li>
        ))}
      </ul>
    </section>
  );
}

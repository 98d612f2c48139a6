import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfInput } from "~/auth/csrf-input";
import { readProtectedForm } from "~/auth/form.server";
import { requireUser } from "~/auth/session.server";
import type { MessageKey } from "../../core/i18n/index";
import { useT } from "~/i18n/use-t";
import type { RouteData } from "~/utils/route-data";
import { addRedactionRule } from "../../moderation/actions";
import { changeBan } from "../../accounts/bans";
import { hiddenInRequest, labelsOf } from "../../moderation/hide";
import { hide, labelRequest, moderatableItems, requestForModeration, unhide } from "../../moderation/request-moderation";
import { canAdminister, canModerate, viewerOf } from "../../requests/policy";
import { hideAudiences, hideReasons, hideTargets, requestLabels, type HideTarget } from "../../moderation/vocabulary";
import { translateProblem } from "../i18n/use-t";
import { redactionRuleInput } from "../../moderation/redaction";
import { metaLocale, titleMeta } from "~/utils/meta";
import { stripBidiControls } from "../../core/text";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(metaLocale(matches), "moderate.title", { title: data?.request.title ?? "" }, { noindex: true });

function idOf(value: unknown): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  return id;
}

/**
 * Moderating one request. Administrators hide or show the request, its
 * messages, attachments and annotations, label it and ban its requester; the requester
 * (and administrators) add redaction rules scoped to the request. Every
 * action is an audit event.
 */
async function load(request: Request, context: LoaderFunctionArgs["context"], params: LoaderFunctionArgs["params"]) {
  const user = await requireUser(request, context.db);
  const id = idOf(params.id);
  const row = await requestForModeration(context.db, id);
  if (!row) throw new Response("Not found", { status: 404 });
  const viewer = viewerOf(user);
  if (!canModerate(viewer, row)) throw new Response("Forbidden", { status: 403 });
  return { user, row, isAdmin: canAdminister(viewer) };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { row, isAdmin } = await load(request, context, params);
  const hidden = await hiddenInRequest(context.db, row.id);
  // Only administrators see annotations here; they are not the requester's to moderate on this page.
  const { messages, attachments, annotations } = await moderatableItems(context.db, row.id, { annotations: isAdmin });
  const state = (type: string, id: number) => {
    const h = hidden.get(`${type}:${id}`);
    return h ? { audience: h.audience, reason: h.reason } : null;
  };
  return {
    isAdmin,
    request: { id: row.id, title: row.title, hidden: state("request", row.id), banned: row.banned_at !== null },
    labels: await labelsOf(context.db, row.id),
    messages: messages.map((m) => ({
      id: m.id,
      label: `${m.direction} ${m.kind}: ${stripBidiControls(m.subject ?? "")}`,
      hidden: state("message", m.id),
      attachments: attachments.filter((a) => a.message_id === m.id).map((a) => ({ id: a.id, filename: stripBidiControls(a.filename), hidden: state("attachment", a.id) })),
    })),
    annotations: annotations.map((n) => ({ id: n.id, label: `${n.display_name}: ${n.body.length > 120 ? `${n.body.slice(0, 120)}…` : n.body}`, hidden: state("annotation", n.id) })),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, row, isAdmin } = await load(request, context, params);
  const form = await readProtectedForm(request, context);
  const intent = String(form.get("intent") ?? "");
  const done = () => redirect(`/requests/${row.id}/moderate?done=1`, { status: 303 });

  if (intent === "redact") {
    const parsed = redactionRuleInput.safeParse({ kind: form.get("kind") ?? "literal", text: form.get("text"), loose: form.get("loose") === "on" });
    if (!parsed.success) return data({ problem: parsed.error.issues[0]?.message ?? "invalid" }, { status: 400 });
    await addRedactionRule(context.db, context.queue, { ...parsed.data, scope: { type: "request", requestId: row.id }, origin: isAdmin ? "admin" : "requester", actorUserId: user.id });
    return done();
  }
  if (!isAdmin) throw new Response("Forbidden", { status: 403 });
  if (intent === "hide" || intent === "unhide") {
    const target = String(form.get("target")) as HideTarget;
    if (!hideTargets.includes(target)) return data({ problem: "target" }, { status: 400 });
    const targetId = idOf(form.get("targetId"));
    if (intent === "unhide") {
      await unhide(context.db, { target, id: targetId, actorUserId: user.id });
      return done();
    }
    const audience = String(form.get("audience"));
    const reason = String(form.get("reason"));
    if (!(hideAudiences as readonly string[]).includes(audience) || !(hideReasons as readonly string[]).includes(reason)) return data({ problem: "reason" }, { status: 400 });
    await hide(context.db, { target, id: targetId, audience: audience as (typeof hideAudiences)[number], reason: reason as (typeof hideReasons)[number], note: String(form.get("note") ?? "").slice(0, 1000) || null, actorUserId: user.id });
    return done();
  }
  if (intent === "label" || intent === "unlabel") {
    const label = String(form.get("label"));
    if (!(requestLabels as readonly string[]).includes(label)) return data({ problem: "label" }, { status: 400 });
    await labelRequest(context.db, { requestId: row.id, label: label as (typeof requestLabels)[number], on: intent === "label", actorUserId: user.id });
    return done();
  }
  if (intent === "ban" || intent === "unban") {
    // A ban also ends the user's sessions (accounts/bans.ts).
    await changeBan(context.db, { userId: row.user_id, banned: intent === "ban", actorUserId: user.id, reason: String(form.get("reason") ?? "") || null });
    return done();
  }
  return data({ problem: "intent" }, { status: 400 });
}

function HideForm({ target, id, hidden }: { target: HideTarget; id: number; hidden: { audience: string; reason: string } | null }) {
  const t = useT();
  if (hidden) {
    return (
      <Form method="post" className="inline-form">
        <CsrfInput />
        <input type="hidden" name="target" value={target} />
        <input type="hidden" name="targetId" value={id} />
        {t("moderate.hiddenState", { audience: t(`moderate.audience.${hidden.audience}` as MessageKey), reason: t(`moderation.reason.${hidden.reason}` as MessageKey) })}{" "}
        <button type="submit" name="intent" value="unhide" className="secondary">
          {t("moderate.unhide")}
        </button>
      </Form>
    );
  }
  return (
    <Form method="post" className="inline-form">
      <CsrfInput />
      <input type="hidden" name="target" value={target} />
      <input type="hidden" name="targetId" value={id} />
      <label>
        {t("moderate.audience")}{" "}
        <select name="audience">
          {hideAudiences.map((a) => (
            <option key={a} value={a}>
              {t(`moderate.audience.${a}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>{" "}
      <label>
        {t("moderate.reason")}{" "}
        <select name="reason">
          {hideReasons.map((r) => (
            <option key={r} value={r}>
              {t(`moderation.reason.${r}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>{" "}
      <label>
        {t("moderate.note")} <input type="text" name="note" maxLength={1000} />
      </label>{" "}
      <button type="submit" name="intent" value="hide" className="secondary">
        {t("moderate.hide")}
      </button>
    </Form>
  );
}

export default function Moderate() {
  const t = useT();
  const v = useLoaderData() as RouteData<typeof loader>;
  const result = useActionData() as RouteData<typeof action> | undefined;
  const [params] = useSearchParams();
  return (
    <article>
      <h1>{t("moderate.title", { title: v.request.title })}</h1>
      <p>
        <Link to={`/requests/${v.request.id}`}>← {v.request.title}</Link>
      </p>
      {params.get("done") ? (
        <p className="notice" role="status">
          {t("moderate.done")}
        </p>
      ) : null}
      {result?.problem ? (
        <p className="notice error" role="alert">
          {t("admin.rules.invalid", { problem: translateProblem(t, result.problem) })}
        </p>
      ) : null}
      {v.isAdmin ? (
        <>
          <h2>{t("moderate.request")}</h2>
          <HideForm target="request" id={v.request.id} hidden={v.request.hidden} />
          <h3>{t("moderate.labels")}</h3>
          {requestLabels.map((l) => (
            <Form method="post" key={l} className="inline-form">
              <CsrfInput />
              <input type="hidden" name="label" value={l} />
              {t(`moderate.label.${l}` as MessageKey)}:{" "}
              <button type="submit" name="intent" value={v.labels.includes(l) ? "unlabel" : "label"} className="secondary">
                {v.labels.includes(l) ? t("moderate.label.clear") : t("moderate.label.set")}
              </button>
            </Form>
          ))}
          <Form method="post" className="inline-form">
            <CsrfInput />
            {v.request.banned ? <p>{t("moderate.banned")}</p> : null}
            <button type="submit" name="intent" value={v.request.banned ? "unban" : "ban"} className="secondary">
              {v.request.banned ? t("moderate.unban") : t("moderate.ban")}
            </button>
          </Form>
          <h2>{t("moderate.messages")}</h2>
          <ol>
            {v.messages.map((m) => (
              <li key={m.id} data-testid={`moderate-message-${m.id}`}>
                <p>{m.label}</p>
                <HideForm target="message" id={m.id} hidden={m.hidden} />
                {m.attachments.map((a) => (
                  <div key={a.id}>
                    {t("moderate.attachment")}: {a.filename} <HideForm target="attachment" id={a.id} hidden={a.hidden} />
                  </div>
                ))}
              </li>
            ))}
          </ol>
          {v.annotations.length ? (
            <>
              <h2>{t("moderate.annotations")}</h2>
              <ol>
                {v.annotations.map((n) => (
                  <li key={n.id} id={`annotation-${n.id}`} data-testid={`moderate-annotation-${n.id}`}>
                    <p>{n.label}</p>
                    <HideForm target="annotation" id={n.id} hidden={n.hidden} />
                  </li>
                ))}
              </ol>
            </>
          ) : null}
        </>
      ) : null}
      <h2>{t("moderate.redactRequest")}</h2>
      <p className="hint">{t("moderate.redactHint")}</p>
      <Form method="post" className="stacked">
        <CsrfInput />
        <label htmlFor="redact-text">{t("admin.rules.text")}</label>
        <input type="text" id="redact-text" name="text" required minLength={2} maxLength={300} />
        <input type="hidden" name="kind" value="literal" />
        <p>
          <input type="checkbox" id="redact-loose" name="loose" defaultChecked />
          <label htmlFor="redact-loose">{t("admin.rules.loose")}</label>
        </p>
        <p>
          <button type="submit" name="intent" value="redact" className="primary">
            {t("admin.rules.add")}
          </button>
        </p>
      </Form>
    </article>
  );
}

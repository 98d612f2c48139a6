import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type LinksFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfInput } from "~/auth/csrf-input";
import { readProtectedForm } from "~/auth/form.server";
import { getUser, requireUser } from "~/auth/session.server";
import type { MessageKey } from "../../core/i18n/index";
import { getLocale } from "~/i18n/locale.server";
import { Annotations, RequestFollow } from "~/components/watch/request-watch";
import { requestWatch } from "~/watch/request-watch.server";
import { useLocale, useT } from "~/i18n/use-t";
import { authorityName } from "~/requests/authority-name";
import { classifySchema, followUpSchema } from "~/requests/request-schema";
import type { RouteData } from "~/utils/route-data";
import { documentOnly } from "~/utils/document-only";
import { RequestError } from "../../requests/errors";
import { formatCivilDate } from "../../requests/letter";
import { ACCOUNT_DELETED } from "../../moderation/names";
import { getRequestView, requestIdBySlug } from "../../requests/queries";
import { canFollowUp, canWithdraw, classifyChoices, viewerOf } from "../../requests/policy";
import { MailMessageBody } from "~/components/mail-thread";
import { loadThreadMessages } from "../../mail/thread";
import { deadlinesView } from "../../requests/deadlines/view";
import { DeadlinesSection } from "~/components/deadlines-section";
import deadlineStyles from "~/styles/deadlines.css?url";
import { classifyRequest, sendFollowUp, withdrawRequest } from "../../requests/requests";
import { followUpChoices } from "../../requests/follow-up-recipients";
import { dateTimeFormat } from "../../core/intl";
import { DossierError } from "../../core/errors";
import { reclassifyMessage } from "../../mail/reclassify";
import { MESSAGE_KINDS } from "../../mail/classify";
import { publicPage } from "~/utils/public-cache";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: deadlineStyles }];

export const meta: MetaFunction = ({ data }) => {
  const title = (data as { request?: { title?: string } } | undefined)?.request?.title;
  const feed = (data as { watch?: { feedPath: string } | null } | undefined)?.watch?.feedPath;
  return [{ title: title ? `${title} — Dossier` : "Dossier" }, ...(feed ? [{ tagName: "link", rel: "alternate", type: "application/atom+xml", href: feed, title: title ?? "Dossier" }] : [])];
};

function requestId(params: { id?: string }): number {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  return id;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  // Permanent URLs by public slug (as other pages link them) lead to the id URL.
  if (params.id && !/^\d+$/.test(params.id)) {
    const bySlug = await requestIdBySlug(context.db, params.id);
    if (!bySlug) throw new Response("Not found", { status: 404 });
    throw redirect(`/requests/${bySlug}`, { status: 301 });
  }
  const [viewer, locale] = await Promise.all([getUser(request, context.db), getLocale(request)]);
  const who = viewerOf(viewer);
  const id = requestId(params);
  const today = context.clock.today();
  // The request, its hidden items, rules and stored publications are read once (getRequestView) and
  // handed to the thread and the watch parts; what does not depend on them runs alongside.
  const [view, deadlines] = await Promise.all([
    getRequestView(context.db, id, who.userId, who.isAdmin, locale, today),
    // Deadlines room: the plain-language timeline and next steps (requests/deadlines/view.ts).
    deadlinesView(context.db, id, locale, today, who),
  ]);
  if (!view) throw new Response("Not found", { status: 404 });
  const r = view.request;
  const [thread, watch] = await Promise.all([
    loadThreadMessages(context.db, id, locale, who, view.reads),
    requestWatch(request, context.db, id, viewer, { isPublic: !r.hidden && r.state !== "draft", publisher: view.publisher }),
  ]);
  // Inbound replies with sanitized HTML and attachments, by message id (mail room). What the page
  // does not show stays out of the loader data: the plain text of a reply shown as HTML, the
  // timeline's text of a reply shown from here, and on a document request the HTML itself, which
  // the markup already carries (~/utils/document-only).
  const mail = Object.fromEntries(
    thread.filter((m) => m.direction === "inbound").map((m) => [m.id, m.html ? documentOnly({ ...m, text: "" }, context.documentRequest) : m]),
  );
  return {
    request: { id: r.id, title: r.title, state: r.state, channel: r.channel, sentAt: r.sent_at?.toISOString() ?? null, language: r.language, displayName: r.display_name },
    authority: { slug: r.authority_slug, name: authorityName({ ...r }, locale) },
    status: view.status,
    isOwner: view.isOwner,
    isAdmin: who.isAdmin,
    hiddenReason: r.hiddenReason,
    timeline: view.timeline.map((e) => ({
      ...e,
      ...(e.type === "message" && mail[e.id] ? { text: "" } : {}),
      at: e.at.toISOString(),
      sentAt: e.type === "message" ? (e.sentAt?.toISOString() ?? null) : null,
    })),
    classifyChoices: classifyChoices(who, r),
    canWithdraw: canWithdraw(who, r),
    canFollowUp: canFollowUp(who, r),
    followUpTo: canFollowUp(who, r) ? await followUpChoices(context.db, r.id) : [],
    mail,
    watch,
    deadlines,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context.db);
  const form = await readProtectedForm(request, context);
  const id = requestId(params);
  const intent = form.get("intent");
  try {
    if (intent === "classify") {
      const parsed = classifySchema.safeParse({ state: form.get("state") });
      if (!parsed.success) return data({ errorCode: "invalid_input", errors: {} as Record<string, string> }, { status: 400 });
      await classifyRequest(context.db, { requestId: id, userId: user.id, state: parsed.data.state });
      throw redirect(`/requests/${id}?done=classified`, { status: 303 });
    }
    if (intent === "follow_up") {
      const parsed = followUpSchema.safeParse({ body: form.get("body") });
      if (!parsed.success) return data({ errorCode: null, errors: { body: "error.bodyLength" } as Record<string, string> }, { status: 400 });
      const to = form.get("to");
      await sendFollowUp(context.db, context.queue, context.config, { requestId: id, userId: user.id, body: parsed.data.body, to: typeof to === "string" && to ? to : null });
      throw redirect(`/requests/${id}?done=follow_up`, { status: 303 });
    }
    if (intent === "reclassify") {
      const r = await reclassifyMessage(context.db, { messageId: Number(form.get("message")), kind: String(form.get("kind") ?? ""), actor: viewerOf(user) as { userId: number; isAdmin: boolean } });
      throw redirect(`/requests/${r.requestId}?done=reclassified#message-${Number(form.get("message"))}`, { status: 303 });
    }
    if (intent === "withdraw") {
      await withdrawRequest(context.db, { requestId: id, userId: user.id });
      throw redirect(`/requests/${id}?done=withdrawn`, { status: 303 });
    }
    return data({ errorCode: "invalid_input", errors: {} as Record<string, string> }, { status: 400 });
  } catch (error) {
    if (error instanceof RequestError) {
      if (error.code === "forbidden" || error.code === "not_found") throw new Response(error.message, { status: error.code === "forbidden" ? 403 : 404 });
      return data({ errorCode: error.code, errors: {} as Record<string, string> }, { status: 409 });
    }
    if (error instanceof DossierError) {
      if (error.status === 403 || error.status === 404) throw new Response(error.message, { status: error.status });
      return data({ errorCode: "invalid_input", errors: {} as Record<string, string> }, { status: error.status });
    }
    throw error;
  }
}

const DONE: Record<string, MessageKey> = { reclassified: "mailtrust.reclassify.done", classified: "request.classified", follow_up: "request.followUp.sent", withdrawn: "request.withdrawn" };

export default function RequestPage() {
  const t = useT();
  const locale = useLocale();
  const v = useLoaderData() as RouteData<typeof loader>;
  const result = useActionData() as RouteData<typeof action> | undefined;
  const [params] = useSearchParams();
  const done = DONE[params.get("done") ?? ""];
  const s = v.status;
  const stateLabel = t(`state.${v.request.state}` as MessageKey);
  const when = (iso: string) => dateTimeFormat(locale === "en" ? "en-GB" : `${locale}-BE`, { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Brussels" }).format(new Date(iso));
  return (
    <article>
      <h1>{v.request.title}</h1>
      <p className="lead">
        {t("request.by", { name: v.request.displayName === ACCOUNT_DELETED ? t("account.deleted") : v.request.displayName, authority: v.authority.name })} (<Link to={`/authorities/${v.authority.slug}`}>{v.authority.name}</Link>)
      </p>
      {v.hiddenReason ? (
        <p className="notice warning">{t("moderation.hidden.marked", { reason: t(`moderation.reason.${v.hiddenReason}` as MessageKey) })}</p>
      ) : null}
      <p className="moderation-links">
        <Link to={`/report?target=request&id=${v.request.id}`}>{t("report.link")}</Link>
        {v.isAdmin ? (
          <>
            {" · "}
            <Link to={`/requests/${v.request.id}/moderate`}>{t("admin.moderation.moderate")}</Link>
          </>
        ) : null}
      </p>
      {done ? (
        <p className="notice" role="status">
          {t(done)}
        </p>
      ) : null}
      {result?.errorCode ? (
        <p className="notice error" role="alert">
          {t("error.requestFailed", { reason: t(`error.code.${result.errorCode}` as MessageKey) })}
        </p>
      ) : null}
      <p>
        {t("request.state")}:{" "}
        <span className={`state ${v.request.state}`} data-testid="state">
          {stateLabel}
        </span>
        {s.overdue ? (
          <>
            {" "}
            <span className="state overdue">{t("state.overdue")}</span>
          </>
        ) : null}
      </p>
      {v.request.state === "draft" ? (
        <p className="notice">
          {t("request.draftNotice")} <Link to={`/requests/${v.request.id}/preview`}>{t("request.continueDraft")}</Link>
        </p>
      ) : v.request.sentAt ? (
        <p>{t("request.sentOn", { date: when(v.request.sentAt) })}</p>
      ) : v.request.state !== "withdrawn" ? (
        <p className="notice warning">{t("request.notSentYet")}</p>
      ) : null}
      {s.due ? (
        <p data-testid="due">
          {s.overdue ? (
            t("request.overdueSince", { date: formatCivilDate(s.overdueSince!, locale) })
          ) : (
            <>
              {t("request.due", { date: formatCivilDate(s.due, locale) })}{" "}
              {s.daysLeft === 0 ? t("request.dueToday") : s.daysLeft !== null ? t("request.daysLeft", { n: s.daysLeft }) : null}
            </>
          )}
        </p>
      ) : null}
      {s.awaitingClassification && v.isOwner ? (
        <p className="notice warning" role="status">
          {t("request.awaitingClassification")}
        </p>
      ) : null}

      {v.watch ? <RequestFollow data={v.watch} /> : null}
      {params.get("uploaded") ? (
        <p className="notice" role="status">
          {t("upload.done")}
        </p>
      ) : null}
      {(v.isOwner || v.isAdmin) && v.request.state !== "draft" ? (
        <p className="paper-links">
          {v.isOwner && v.request.channel === "post" ? (
            <>
              <Link to={`/requests/${v.request.id}/paper`}>{t("post.title")}</Link>
              {" · "}
            </>
          ) : null}
          <Link to={`/requests/${v.request.id}/paper#upload-title`}>{t("upload.title")}</Link>
        </p>
      ) : null}
      {v.deadlines ? <DeadlinesSection requestId={v.request.id} view={v.deadlines} isOwner={v.isOwner} /> : null}

      <h2 id="timeline">{t("request.timeline")}</h2>
      <ol className="timeline" aria-labelledby="timeline">
        {v.timeline.map((e) =>
          e.type === "message" && e.hidden?.visibility === "withheld" ? (
            <li key={`m${e.id}`} id={`message-${e.id}`} data-testid="timeline-message" className="hidden-message">
              <p className="notice">{t("moderation.hidden.notice", { reason: t(`moderation.reason.${e.hidden.reason}` as MessageKey) })}</p>
            </li>
          ) : e.type === "message" ? (
            <li key={`m${e.id}`} id={`message-${e.id}`} data-testid="timeline-message">
              <h3>
                {e.direction === "inbound"
                  ? t("request.replyFrom", { authority: v.authority.name })
                  : e.kind === "follow_up"
                    ? t("request.followUpTo", { authority: v.authority.name })
                    : t("request.letterTo", { authority: v.authority.name })}
              </h3>
              <p>
                <time dateTime={e.at}>{when(e.at)}</time>
                {e.direction === "outbound" && e.deliveryStatus ? ` — ${t(`request.delivery.${e.deliveryStatus}` as MessageKey)}` : null}
              </p>
              {e.hidden ? <p className="notice warning">{t("moderation.hidden.marked", { reason: t(`moderation.reason.${e.hidden.reason}` as MessageKey) })}</p> : null}
              {e.subject ? <p className="letter-subject">{e.subject}</p> : null}
              {v.mail[e.id] ? (
                <MailMessageBody message={v.mail[e.id]} />
              ) : (
                <pre className="letter" lang={e.direction === "outbound" ? v.request.language : undefined}>
                  {e.text}
                </pre>
              )}
              {e.direction === "inbound" && (v.isOwner || v.isAdmin) ? <ReclassifyForm messageId={e.id} kind={e.kind} /> : null}
              <p className="moderation-links">
                <Link to={`/report?target=message&id=${e.id}`}>{t("report.link")}</Link>
              </p>
            </li>
          ) : e.event === "created" || e.event === "delivered" ? null : (
            <li key={`e${e.id}`}>
              <time dateTime={e.at}>{when(e.at)}</time> —{" "}
              {t(`request.event.${e.event}` as MessageKey, {
                name: e.actorName ?? "Dossier",
                state: typeof e.data.to === "string" ? t(`state.${e.data.to}` as MessageKey) : typeof e.data.state === "string" ? t(`state.${e.data.state}` as MessageKey) : "",
              })}
            </li>
          ),
        )}
      </ol>

      {v.watch ? <Annotations data={v.watch} /> : null}

      {v.isOwner && v.request.state !== "draft" ? (
        <section aria-labelledby="actions">
          <h2 id="actions">{t("request.actions")}</h2>
          {v.classifyChoices.length ? (
            <Form method="post" className="stacked">
              <CsrfInput />
              <fieldset>
                <legend>{t("request.classify")}</legend>
                {v.classifyChoices.map((c) => (
                  <div key={c}>
                    <input type="radio" id={`classify-${c}`} name="state" value={c} defaultChecked={c === v.request.state} />
                    <label htmlFor={`classify-${c}`}>{t(`state.${c}` as MessageKey)}</label>
                  </div>
                ))}
              </fieldset>
              <button type="submit" name="intent" value="classify" className="secondary">
                {t("request.classify.submit")}
              </button>
            </Form>
          ) : null}
          {v.canFollowUp ? (
            <Form method="post" className="stacked">
              <CsrfInput />
              <label htmlFor="follow-up-body">{t("request.followUp")}</label>
              <p className="hint" id="follow-up-hint">
                {t("request.followUp.hint")}
              </p>
              {result?.errors.body ? <p className="field-error">{t(result.errors.body as MessageKey)}</p> : null}
              <textarea id="follow-up-body" name="body" required minLength={5} maxLength={20000} aria-describedby="follow-up-hint" />
              {v.followUpTo.length > 0 ? (
                <fieldset>
                  <legend>{t("security.followUp.to")}</legend>
                  {v.followUpTo.map((r, i) => (
                    <label key={r.address}>
                      <input type="radio" name="to" value={r.address} defaultChecked={i === 0} />{" "}
                      {r.source === "directory" ? t("security.followUp.directory", { address: r.address }) : t("security.followUp.replier", { address: r.address, domain: r.domain })}
                    </label>
                  ))}
                </fieldset>
              ) : null}
              <p>
                <button type="submit" name="intent" value="follow_up" className="primary">
                  {t("request.followUp.submit")}
                </button>
              </p>
            </Form>
          ) : null}
          {v.canWithdraw ? (
            <Form method="post" className="stacked">
              <CsrfInput />
              <h3>{t("request.withdraw")}</h3>
              <p className="hint">{t("request.withdraw.hint")}</p>
              <button type="submit" name="intent" value="withdraw" className="secondary">
                {t("request.withdraw.submit")}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}
    </article>
  );
}

/** The requester or an administrator corrects what an inbound message is (mail/reclassify.ts). */
function ReclassifyForm({ messageId, kind }: { messageId: number; kind: string }) {
  const t = useT();
  return (
    <Form method="post" className="inline reclassify">
      <CsrfInput />
      <input type="hidden" name="message" value={messageId} />
      <label htmlFor={`kind-${messageId}`}>{t("mailtrust.reclassify.label")}</label>{" "}
      <select id={`kind-${messageId}`} name="kind" defaultValue={kind}>
        {MESSAGE_KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`mail.kind.${k}` as MessageKey)}
          </option>
        ))}
      </select>{" "}
      <button type="submit" name="intent" value="reclassify" className="secondary">
        {t("mailtrust.reclassify.submit")}
      </button>
    </Form>
  );
}

/** The same for every anonymous visitor: the page cache may keep it (docs/decisions/914). */
export const handle = publicPage;

import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type LinksFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "~/auth/csrf-input";
import { readProtectedForm } from "~/auth/form.server";
import { requireUser } from "~/auth/session.server";
import { translate, type MessageKey } from "../../core/i18n/index";
import { getLocale } from "~/i18n/locale.server";
import { useT } from "~/i18n/use-t";
import deadlineStyles from "~/styles/deadlines.css?url";
import type { RouteData } from "~/utils/route-data";
import { RequestError } from "../../requests/errors";
import { requestHeader } from "../../requests/queries";
import { formatDate } from "../../requests/deadlines/timeline";
import { appealBodyName } from "../../requests/deadlines/tracking";
import { EscalationError, escalationDraft, latestAppeal, sendAppeal, type LetterEdit } from "../../requests/escalation/service";
import { metaLocale, titleMeta } from "~/utils/meta";

/**
 * The escalation wizard: the route the law gives (choose), every letter
 * ready for review and editing (preview / edit), and sending. One page,
 * usable without JavaScript: the letters are plain textareas.
 */
export const links: LinksFunction = () => [{ rel: "stylesheet", href: deadlineStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(metaLocale(matches), "escalation.title", { title: data?.title ?? "" }, { noindex: true });

function requestId(params: { id?: string }): number {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  return id;
}

async function draftOr404(context: LoaderFunctionArgs["context"], id: number, userId: number, today: string) {
  try {
    return await escalationDraft(context.db, context.config, { requestId: id, userId, today });
  } catch (error) {
    if (error instanceof RequestError) throw new Response(error.message, { status: error.code === "forbidden" ? 403 : 404 });
    throw error;
  }
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context.db);
  const id = requestId(params);
  const locale = await getLocale(request);
  const today = context.clock.today();
  const { plan, eligible, state } = await draftOr404(context, id, user.id, today);
  const title = (await requestHeader(context.db, id))!.title;
  const appeal = state === "appeal_pending" ? await latestAppeal(context.db, id) : undefined;
  const fmt = (d: string) => formatDate(d, locale);
  const body = plan.route === "no_commission" ? "dg-ombudsdienst" : (plan.letters.find((l) => l.to.id !== "authority")?.to.id ?? "");
  return {
    id,
    title,
    eligible,
    pending: appeal ? fmt(appeal.sent_on) : null,
    route: plan.route,
    routeText:
      plan.route === "commission"
        ? translate(locale, "escalation.route.commission", { body: appealBodyName(body, locale) })
        : translate(locale, plan.route === "federal_dual" ? "escalation.route.federal_dual" : "escalation.route.no_commission"),
    advice: plan.advice.map((a) => ({ key: `escalation.advice.${a}` as MessageKey, urgent: a === "environmental_urgent" || a === "not_binding" || a === "appeal_expired" })),
    appealBy: plan.appealBy ? fmt(plan.appealBy) : null,
    appealByIso: plan.appealBy,
    environmental: plan.environmental ? { body: appealBodyName(plan.environmental.body, locale), by: plan.environmental.appealBy ? fmt(plan.environmental.appealBy) : null, urgent: plan.environmental.urgent } : null,
    bodyDecision: plan.bodyDecision
      ? { body: appealBodyName(plan.bodyDecision.body, locale), days: plan.bodyDecision.period.days, by: fmt(plan.bodyDecision.by), verified: plan.bodyDecision.period.verified, extension: plan.bodyDecision.period.extension?.[locale] ?? null }
      : null,
    letters: plan.letters.map((l) => ({ kind: l.kind, toName: l.to.name, email: l.to.email, postal: l.postal, postalAddress: l.to.postalAddress, website: l.to.website, subject: l.subject, body: l.body, annexes: l.annexes.length, language: l.language,
      attachedFiles: l.postal ? [] : l.files.filter((f) => f.attached).map((f) => f.filename),
      listedFiles: l.files.filter((f) => l.postal || !f.attached).map((f) => f.filename),
    })),
  };
}

const letterSchema = z.object({ subject: z.string().trim().min(1).max(300), body: z.string().trim().min(1).max(100_000) });
const sendSchema = z.object({ confirm: z.literal("yes"), letters: z.array(letterSchema).min(1).max(5) });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context.db);
  const form = await readProtectedForm(request, context);
  const id = requestId(params);
  const count = Math.min(5, Number(form.get("count") ?? 0) || 0);
  const letters = Array.from({ length: count }, (_, i) => ({ subject: String(form.get(`subject_${i}`) ?? ""), body: String(form.get(`body_${i}`) ?? "") }));
  const parsed = sendSchema.safeParse({ confirm: form.get("confirm"), letters });
  if (!parsed.success) {
    const confirmMissing = parsed.error.issues.some((i) => i.path[0] === "confirm");
    return data({ error: (confirmMissing ? "escalation.error.confirm" : "escalation.error.empty") as MessageKey, values: letters }, { status: 400 });
  }
  try {
    await sendAppeal(context.db, context.queue, context.config, { requestId: id, userId: user.id, today: context.clock.today(), edits: parsed.data.letters as LetterEdit[] });
  } catch (error) {
    if (error instanceof EscalationError) {
      const key: MessageKey = error.code === "no_recipient" ? "escalation.error.noRecipient" : error.code === "empty_letter" ? "escalation.error.empty" : "escalation.notEligible";
      return data({ error: key, values: letters }, { status: 409 });
    }
    if (error instanceof RequestError) throw new Response(error.message, { status: error.code === "forbidden" ? 403 : 404 });
    throw error;
  }
  return redirect(`/requests/${id}/escalate?sent=1`, { status: 303 });
}

export default function EscalationWizard() {
  const v = useLoaderData() as RouteData<typeof loader>;
  const result = useActionData() as RouteData<typeof action> | undefined;
  const [params] = useSearchParams();
  const t = useT();
  return (
    <article className="escalation">
      <p>
        <Link to={`/requests/${v.id}`}>← {v.title}</Link>
      </p>
      <h1>{t("escalation.title", { title: v.title })}</h1>
      {params.get("sent") ? (
        <p className="notice" role="status">
          {t("escalation.sent")}
        </p>
      ) : null}
      {v.pending ? <p className="notice">{t("escalation.alreadyPending", { date: v.pending })}</p> : null}
      {!v.eligible && !v.pending ? <p className="notice warning">{t("escalation.notEligible")}</p> : null}

      <section aria-labelledby="route">
        <h2 id="route">1. {v.appealBy ? t("escalation.appealBy", { date: v.appealBy }) : t("escalation.noDeadline")}</h2>
        <p className="lead">{v.routeText}</p>
        {v.environmental ? (
          <p className={v.environmental.urgent ? "notice warning urgent" : "notice"} data-testid="environmental">
            <strong>{v.environmental.by ? t("escalation.envAppealBy", { body: v.environmental.body, date: v.environmental.by }) : v.environmental.body}</strong>
          </p>
        ) : null}
        <ul className="advice">
          {v.advice.map((a) => (
            <li key={a.key} className={a.urgent ? "notice warning" : "notice"}>
              {t(a.key)}
            </li>
          ))}
        </ul>
        {v.bodyDecision ? (
          <p>
            {t("escalation.bodyDecision", { body: v.bodyDecision.body, days: v.bodyDecision.days, date: v.bodyDecision.by })}
            {v.bodyDecision.extension ? ` (${v.bodyDecision.extension})` : ""} {v.bodyDecision.verified ? "" : t("escalation.assumption")}
          </p>
        ) : null}
      </section>

      {v.eligible ? (
        <Form method="post" className="stacked">
          <CsrfInput />
          <input type="hidden" name="count" value={v.letters.length} />
          <h2>2. {t("escalation.lead")}</h2>
          {result?.error ? (
            <p className="field-error" role="alert">
              {t(result.error)}
            </p>
          ) : null}
          {v.letters.map((l, i) => (
            <fieldset key={i} className="letter">
              <legend>{t("escalation.letter.heading", { n: i + 1, count: v.letters.length })}</legend>
              <p>
                <strong>{t("escalation.letter.to")}:</strong> {l.toName} —{" "}
                {l.postal ? t("escalation.letter.postal") : l.email ? t("escalation.letter.email", { email: l.email }) : t("escalation.letter.noEmail")}
                {l.postalAddress ? (
                  <>
                    <br />
                    <span className="hint">{l.postalAddress}</span>
                  </>
                ) : null}
              </p>
              <label htmlFor={`subject_${i}`}>{t("escalation.letter.subject")}</label>
              <input type="text" id={`subject_${i}`} name={`subject_${i}`} defaultValue={result?.values?.[i]?.subject ?? l.subject} lang={l.language} />
              <label htmlFor={`body_${i}`}>{t("escalation.letter.body")}</label>
              <textarea id={`body_${i}`} name={`body_${i}`} rows={16} defaultValue={result?.values?.[i]?.body ?? l.body} lang={l.language} />
              <p className="hint">{t("escalation.letter.annexes", { count: l.annexes })}</p>
              {l.attachedFiles.length ? <p className="hint">{t("escalation.letter.files", { names: l.attachedFiles.join(", ") })}</p> : null}
              {l.listedFiles.length ? <p className="hint">{t("escalation.letter.filesListed", { names: l.listedFiles.join(", ") })}</p> : null}
              <p>
                <a href={`/requests/${v.id}/escalate/pdf?letter=${i}`} download>
                  {t("escalation.pdf")}
                </a>
              </p>
            </fieldset>
          ))}
          <p>
            <a href={`/requests/${v.id}/escalate/pdf`} download>
              {t("escalation.pdfAll")}
            </a>
          </p>
          <h2>3. {t("escalation.send")}</h2>
          <p>
            <input type="checkbox" id="confirm" name="confirm" value="yes" /> <label htmlFor="confirm" className="inline">{t("escalation.confirm")}</label>
          </p>
          <button type="submit" className="primary" name="intent" value="send">
            {t("escalation.send")}
          </button>
        </Form>
      ) : v.letters.length ? (
        <p>
          <a href={`/requests/${v.id}/escalate/pdf`} download>
            {t("escalation.pdfAll")}
          </a>
        </p>
      ) : null}
    </article>
  );
}

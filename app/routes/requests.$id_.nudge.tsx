import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type LinksFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "~/auth/csrf-input";
import { readProtectedForm } from "~/auth/form.server";
import { requireUser } from "~/auth/session.server";
import type { MessageKey } from "../../core/i18n/index";
import { useT } from "~/i18n/use-t";
import deadlineStyles from "~/styles/deadlines.css?url";
import type { RouteData } from "~/utils/route-data";
import { RequestError } from "../../requests/errors";
import { requestHeader } from "../../requests/queries";
import { EscalationError, nudgeDraft, sendNudge } from "../../requests/escalation/service";
import { metaLocale, titleMeta } from "~/utils/meta";

/** Nudge the authority: a polite reminder, reviewed and sent from the request's address. */
export const links: LinksFunction = () => [{ rel: "stylesheet", href: deadlineStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(metaLocale(matches), "page.nudge", { title: data?.title ?? "" }, { noindex: true });

function requestId(params: { id?: string }): number {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  return id;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context.db);
  const id = requestId(params);
  try {
    const { letter, overdue } = await nudgeDraft(context.db, context.config, { requestId: id, userId: user.id, today: context.clock.today() });
    const title = (await requestHeader(context.db, id))!.title;
    return { id, title, overdue, to: letter.to.name, email: letter.to.email, subject: letter.subject, body: letter.body, language: letter.language };
  } catch (error) {
    if (error instanceof RequestError) throw new Response(error.message, { status: error.code === "forbidden" ? 403 : 404 });
    throw error;
  }
}

const nudgeSchema = z.object({ subject: z.string().trim().min(1).max(300), body: z.string().trim().min(5).max(20_000) });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context.db);
  const form = await readProtectedForm(request, context);
  const id = requestId(params);
  const parsed = nudgeSchema.safeParse({ subject: form.get("subject"), body: form.get("body") });
  if (!parsed.success) return data({ error: "escalation.error.empty" as MessageKey }, { status: 400 });
  try {
    await sendNudge(context.db, context.queue, context.config, { requestId: id, userId: user.id, today: context.clock.today(), edit: parsed.data });
  } catch (error) {
    if (error instanceof EscalationError) return data({ error: "deadlines.nudge.notOverdue" as MessageKey }, { status: 409 });
    if (error instanceof RequestError) throw new Response(error.message, { status: error.code === "forbidden" ? 403 : 404 });
    throw error;
  }
  return redirect(`/requests/${id}?done=nudge#deadlines`, { status: 303 });
}

export default function NudgePage() {
  const v = useLoaderData() as RouteData<typeof loader>;
  const result = useActionData() as RouteData<typeof action> | undefined;
  const t = useT();
  return (
    <article>
      <p>
        <Link to={`/requests/${v.id}`}>← {v.title}</Link>
      </p>
      <h1>{t("deadlines.nudge.title")}</h1>
      {!v.overdue ? (
        <p className="notice warning">{t("deadlines.nudge.notOverdue")}</p>
      ) : (
        <Form method="post" className="stacked">
          <CsrfInput />
          <p>{t("deadlines.nudge.lead")}</p>
          {result?.error ? (
            <p className="field-error" role="alert">
              {t(result.error)}
            </p>
          ) : null}
          <p>
            <strong>{t("escalation.letter.to")}:</strong> {v.to} {v.email ? `— ${v.email}` : ""}
          </p>
          <label htmlFor="subject">{t("escalation.letter.subject")}</label>
          <input type="text" id="subject" name="subject" defaultValue={v.subject} lang={v.language} />
          <label htmlFor="body">{t("escalation.letter.body")}</label>
          <textarea id="body" name="body" rows={16} defaultValue={v.body} lang={v.language} />
          <button type="submit" className="primary">
            {t("deadlines.nudge.button")}
          </button>
        </Form>
      )}
    </article>
  );
}

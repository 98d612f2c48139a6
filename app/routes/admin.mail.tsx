import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "~/auth/csrf-input";
import { readProtectedForm } from "~/auth/form.server";
import { requireAdmin } from "~/auth/session.server";
import { useLocale, useT } from "~/i18n/use-t";
import { reasonText } from "../../mail/reason-text";
import { assignMessageToRequest, listDmarcFailures, listFailedProcessing, listHoldingPen, markMessageAsSpam, MailAdminError, retryRawMessage } from "../../mail/admin";
import { metaLocale, titleMeta } from "~/utils/meta";
import { stripBidiControls } from "../../core/text";

export const meta: MetaFunction = ({ matches }) => titleMeta(metaLocale(matches), "mail.admin.title", undefined, { noindex: true });

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context.db);
  const [held, failed, forged] = await Promise.all([listHoldingPen(context.db), listFailedProcessing(context.db), listDmarcFailures(context.db)]);
  return {
    forged: forged.map((f) => ({ ...f, receivedAt: f.receivedAt.toISOString() })),
    held: held.map((h) => ({ ...h, receivedAt: h.receivedAt.toISOString() })),
    failed: failed.map((f) => ({ ...f, receivedAt: f.receivedAt.toISOString() })),
  };
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("assign"), messageId: z.coerce.number().int().positive(), requestId: z.coerce.number().int().positive() }),
  z.object({ intent: z.literal("spam"), messageId: z.coerce.number().int().positive() }),
  z.object({ intent: z.literal("retry"), rawId: z.coerce.number().int().positive() }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context.db);
  const parsed = actionSchema.safeParse(Object.fromEntries(await readProtectedForm(request, context)));
  if (!parsed.success) return new Response(JSON.stringify({ ok: false, error: "invalid form" }), { status: 400, headers: { "Content-Type": "application/json" } });
  const input = parsed.data;
  try {
    if (input.intent === "assign") await assignMessageToRequest(context.db, input.messageId, input.requestId, admin.id);
    if (input.intent === "spam") await markMessageAsSpam(context.db, input.messageId, admin.id);
    if (input.intent === "retry") await retryRawMessage(context.db, input.rawId, (executor, name, data) => context.queue.send(executor, name, data));
  } catch (e) {
    if (e instanceof MailAdminError) return new Response(JSON.stringify({ ok: false, error: e.message }), { status: 400, headers: { "Content-Type": "application/json" } });
    throw e;
  }
  return { ok: true as const, intent: input.intent, id: input.intent === "assign" ? input.requestId : null };
}

export default function MailAdmin() {
  const { held, failed, forged } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { ok: boolean; intent?: string; id?: number | null; error?: string } | undefined;
  const t = useT();
  const locale = useLocale();
  return (
    <article className="admin-mail">
      <h1>{t("mail.admin.title")}</h1>
      {result?.ok && result.intent === "assign" ? <p role="status">{t("mail.admin.done.assign", { id: result.id ?? "" })}</p> : null}
      {result?.ok && result.intent === "spam" ? <p role="status">{t("mail.admin.done.spam")}</p> : null}
      {result?.ok && result.intent === "retry" ? <p role="status">{t("mail.admin.done.retry")}</p> : null}
      {result && !result.ok ? <p role="alert">{t("mail.admin.invalid", { error: result.error ?? "" })}</p> : null}

      <section aria-labelledby="holding-pen">
        <h2 id="holding-pen">{t("mail.admin.holdingPen")}</h2>
        <p>{t("mail.admin.holdingPen.lead")}</p>
        {held.length === 0 ? (
          <p>{t("mail.admin.holdingPen.empty")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{t("mail.admin.sender")}</th>
                <th>{t("mail.admin.subject")}</th>
                <th>{t("mail.admin.received")}</th>
                <th>{t("mail.admin.guess")}</th>
                <th>{t("mail.admin.reason")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {held.map((h) => (
                <tr key={h.messageId} id={`held-${h.messageId}`}>
                  <td>
                    {h.fromName ? `${h.fromName} ` : ""}
                    {h.from ? `<${h.from}>` : ""}
                  </td>
                  <td>
                    {stripBidiControls(h.subject ?? "")} ({t(`mail.kind.${h.kind}` as Parameters<typeof t>[0])})
                  </td>
                  <td>
                    <time dateTime={h.receivedAt}>{h.receivedAt.slice(0, 16).replace("T", " ")}</time>
                  </td>
                  <td>{h.guessedRequestId ? `#${h.guessedRequestId} ${h.guessedRequestTitle ?? ""} — ${reasonText(h.guessReason, locale)}` : t("mail.admin.noGuess")}</td>
                  <td>{reasonText(h.reason, locale)}</td>
                  <td>
                    <Form method="post">
                      <CsrfInput />
                      <input type="hidden" name="messageId" value={h.messageId} />
                      <label>
                        {t("mail.admin.requestNumber")}{" "}
                        <input name="requestId" inputMode="numeric" required defaultValue={h.guessedRequestId ?? ""} size={6} />
                      </label>{" "}
                      <button type="submit" name="intent" value="assign">
                        {t("mail.admin.assign")}
                      </button>
                    </Form>
                    <Form method="post">
                      <CsrfInput />
                      <input type="hidden" name="messageId" value={h.messageId} />
                      <button type="submit" name="intent" value="spam">
                        {t("mail.admin.spam")}
                      </button>
                    </Form>
                    {h.rawMessageId ? (
                      <Form method="post">
                        <CsrfInput />
                        <input type="hidden" name="rawId" value={h.rawMessageId} />
                        <button type="submit" name="intent" value="retry">
                          {t("mailtrust.admin.reprocess")}
                        </button>
                      </Form>
                    ) : null}
                    {h.rawMessageId ? <a href={`/admin/mail/raw/${h.rawMessageId}`}>{t("mail.admin.raw")}</a> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="forged">
        <h2 id="forged">{t("mailtrust.admin.forged")}</h2>
        {forged.length === 0 ? (
          <p>{t("mailtrust.admin.forged.empty")}</p>
        ) : (
          <ul>
            {forged.map((f) => (
              <li key={f.messageId} id={`forged-${f.messageId}`}>
                <time dateTime={f.receivedAt}>{f.receivedAt.slice(0, 16).replace("T", " ")}</time> — {f.from ?? "—"} — {f.subject ?? ""}{" "}
                {f.requestId ? <a href={`/requests/${f.requestId}#message-${f.messageId}`}>#{f.requestId}</a> : null}
                {f.summary ? <pre className="mail-auth-summary">{f.summary}</pre> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="failed">
        <h2 id="failed">{t("mail.admin.failed")}</h2>
        {failed.length === 0 ? (
          <p>{t("mail.admin.failed.empty")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>#</th>
                <th>{t("mail.admin.received")}</th>
                <th>{t("mail.admin.sender")}</th>
                <th>{t("mail.admin.error")}</th>
                <th>{t("mail.admin.attempts")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {failed.map((f) => (
                <tr key={f.rawMessageId} id={`failed-${f.rawMessageId}`}>
                  <td>{f.rawMessageId}</td>
                  <td>
                    <time dateTime={f.receivedAt}>{f.receivedAt.slice(0, 16).replace("T", " ")}</time>
                  </td>
                  <td>{f.envelopeFrom}</td>
                  <td>
                    <code>{f.error}</code>
                  </td>
                  <td>{f.attempts}</td>
                  <td>
                    <Form method="post">
                      <CsrfInput />
                      <input type="hidden" name="rawId" value={f.rawMessageId} />
                      <button type="submit" name="intent" value="retry">
                        {t("mail.admin.retry")}
                      </button>
                    </Form>{" "}
                    <a href={`/admin/mail/raw/${f.rawMessageId}`}>{t("mail.admin.raw")}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </article>
  );
}

import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/auth/csrf-input";
import { readProtectedForm } from "~/auth/form.server";
import { getUser, requireUser } from "~/auth/session.server";
import { useLocale, useT } from "~/i18n/use-t";
import { authorityName } from "~/requests/authority-name";
import type { RouteData } from "~/utils/route-data";
import { actOnBatch, batchPage } from "../../batches/page";
import { recordBatchPosting } from "../../batches/batches";
import { DossierError } from "../../core/errors";
import { formatCivilDate } from "../../requests/letter";
import { NotFoundError } from "../../core/errors";
import type { MessageKey } from "../../core/i18n/index";
import { metaLocale, titleMeta } from "~/utils/meta";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = ({ data, matches }) => {
  const title =
    (data as { batch?: { title?: string } } | undefined)?.batch?.title ?? "";
  return titleMeta(metaLocale(matches), "batches.page.title", { title });
};

function batchId(raw: string | undefined): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new Response("Not found", { status: 404 });
  return id;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await getUser(request, context.db);
  try {
    return await batchPage(context, {
      batchId: batchId(params.id),
      userId: user?.id ?? null,
      today: context.clock.today(),
    });
  } catch (error) {
    if (error instanceof NotFoundError)
      throw new Response("Not found", { status: 404 });
    throw error;
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context.db);
  const form = await readProtectedForm(request, context);
  const id = batchId(params.id);
  if (form.get("intent") === "posted") {
    try {
      await recordBatchPosting(context.db, { batchId: id, userId: user.id, postedOn: String(form.get("posted_on") ?? ""), registered: form.get("registered") === "on", today: context.clock.today() });
    } catch (error) {
      if (error instanceof DossierError) return new Response(error.message, { status: error.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
      throw error;
    }
    return redirect(`/batches/${id}#post-letters`, { status: 303 });
  }
  await actOnBatch(context, { batchId: id, userId: user.id, intent: String(form.get("intent") ?? "") });
  return redirect(`/batches/${id}`, { status: 303 });
}

function Button({
  intent,
  label,
  primary = false,
}: {
  intent: string;
  label: string;
  primary?: boolean;
}) {
  return (
    <Form method="post" className="inline">
      <CsrfInput />
      <button
        type="submit"
        name="intent"
        value={intent}
        className={primary ? "primary" : undefined}
      >
        {label}
      </button>
    </Form>
  );
}

export default function BatchPage() {
  const t = useT();
  const locale = useLocale();
  const view = useLoaderData() as RouteData<typeof loader>;
  const { batch, summary } = view;
  // The owner prints each letter by post on its own too (the request's letter PDF is theirs only).
  const letterColumn = view.isOwner && summary.byPost > 0;
  return (
    <section>
      <h1>{t("batches.page.title", { title: batch.title })}</h1>
      <p data-testid="batch-progress">
        {t("batches.page.progress", {
          sent: summary.sent,
          total: summary.total - summary.noChannel,
        })}
      </p>
      <p data-testid="batch-state">
        {t("batches.page.state", {
          state: t(`batches.state.${batch.state}` as MessageKey),
        })}
      </p>
      <p data-testid="batch-totals">
        {t("batches.page.summary", {
          replied: summary.replied,
          overdue: summary.overdue,
          rate: summary.responseRate,
        })}
      </p>
      {view.isOwner ? (
        <div className="actions-row">
          {batch.state === "sending" ? (
            <Button intent="pause" label={t("batches.page.pause")} />
          ) : null}
          {batch.state === "paused" ? (
            <Button intent="resume" label={t("batches.page.resume")} primary />
          ) : null}
          {batch.state === "sending" || batch.state === "paused" ? (
            <Button intent="cancel" label={t("batches.page.cancel")} />
          ) : null}
        </div>
      ) : null}
      {view.following ? (
        <div className="actions-row">
          <p>{t("batches.page.following")}</p>
          <Button intent="unfollow" label={t("batches.page.unfollow")} />
        </div>
      ) : (
        <Button intent="follow" label={t("batches.page.follow")} />
      )}
      {view.isOwner && summary.byPost > 0 ? (
        <section id="post-letters" aria-labelledby="post-letters-title" data-testid="batch-post">
          <h2 id="post-letters-title">{t("batches.post.title")}</h2>
          <p>{t("batches.post.lead", { count: summary.byPost })}</p>
          <p>
            <a href={`/batches/${batch.id}/letters.pdf`}>{t("batches.post.print")}</a>
          </p>
          {batch.postedOn ? (
            <p data-testid="batch-posted">
              {t(batch.postedRegistered ? "batches.post.recordedRegistered" : "batches.post.recorded", { date: formatCivilDate(batch.postedOn, locale) })}
            </p>
          ) : null}
          {summary.unposted > 0 ? (
            <Form method="post" className="inline">
              <CsrfInput />
              <label htmlFor="posted-on">{t("batches.post.postedOn")}</label> <input id="posted-on" name="posted_on" type="date" required />{" "}
              <span>
                <input id="posted-registered" name="registered" type="checkbox" /> <label htmlFor="posted-registered">{t("batches.post.registered")}</label>
              </span>{" "}
              <button type="submit" name="intent" value="posted">
                {t("batches.post.record")}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}
      <p>
        {t("batches.page.export")}{" "}
        <a href={`/batches/${batch.id}/export?format=csv`}>CSV</a> ·{" "}
        <a href={`/api/v1/batches/${batch.id}`}>JSON</a>
      </p>
      <TableScroll label={t("batches.page.matrix")}>
        <table data-testid="batch-matrix">
          <caption>{t("batches.page.matrix")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("batches.col.authority")}</th>
              <th scope="col">{t("batches.col.state")}</th>
              <th scope="col">{t("batches.col.sent")}</th>
              <th scope="col">{t("batches.col.due")}</th>
              <th scope="col">{t("batches.col.replies")}</th>
              {letterColumn ? <th scope="col">{t("batches.col.letter")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {view.rows.map((r) => (
              <tr
                key={r.authority.slug}
                data-testid="batch-row"
                data-authority={r.authority.slug}
              >
                <th scope="row">
                  {r.request ? (
                    <Link to={`/requests/${r.request.id}`}>
                      {authorityName(r.authority, locale)}
                    </Link>
                  ) : (
                    authorityName(r.authority, locale)
                  )}
                </th>
                <td>
                  {r.request
                    ? t(`state.${r.request.state}` as MessageKey)
                    : t(`batches.item.${r.item}` as MessageKey)}
                  {r.item === "no_channel" && r.reason
                    ? ` (${t(`batches.reason.${r.reason}` as MessageKey)})`
                    : ""}
                </td>
                <td>
                  {r.request?.sentAt ? r.request.sentAt.slice(0, 10) : ""}
                </td>
                <td>
                  {r.request?.due ?? ""}
                  {r.request?.overdue ? (
                    <strong> — {t("batches.page.overdue")}</strong>
                  ) : null}
                </td>
                <td data-testid="batch-replies">
                  {r.request ? r.request.replies : ""}
                </td>
                {letterColumn ? (
                  <td>
                    {r.item === "by_post" && r.request ? (
                      <a href={`/requests/${r.request.id}/letter.pdf`} data-testid="batch-letter" aria-label={t("batches.post.letterFor", { name: authorityName(r.authority, locale) })}>
                        PDF
                      </a>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}

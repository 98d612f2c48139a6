import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useSearchParams,
} from "@remix-run/react";
import { CsrfInput } from "~/auth/csrf-input";
import { readProtectedForm } from "~/auth/form.server";
import { requireUser } from "~/auth/session.server";
import { useLocale, useT } from "~/i18n/use-t";
import type { RouteData } from "~/utils/route-data";
import { RequestError } from "../../requests/errors";
import { formatCivilDate } from "../../requests/letter";
import { paperFacts, recordPosting } from "../../requests/post";
import { uploadPaperReply } from "../../requests/paper-reply";
import { viewerOf } from "../../requests/policy";
import { PAPER_REPLY_MAX_BYTES } from "../../mail/paper-reply";
import { metaLocale, titleMeta } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  titleMeta(
    metaLocale(matches),
    "page.paper",
    { title: data?.title ?? "" },
    { noindex: true }
  );

function requestId(params: { id?: string }): number {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new Response("Not found", { status: 404 });
  return id;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context.db);
  const facts = await paperFacts(context.db, requestId(params), viewerOf(user));
  if (!facts || facts.state === "draft")
    throw new Response("Not found", { status: 404 });
  return { ...facts, today: context.clock.today() };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context.db);
  const id = requestId(params);
  // A paper reply is a file: refuse an oversized body before reading it.
  if (
    Number(request.headers.get("content-length") ?? 0) >
    PAPER_REPLY_MAX_BYTES + 64 * 1024
  )
    return data({ errorCode: "unsupported_file" }, { status: 413 });
  const form = await readProtectedForm(request, context);
  try {
    if (form.get("intent") === "posted") {
      await recordPosting(context.db, {
        requestId: id,
        userId: user.id,
        postedOn: String(form.get("posted_on") ?? ""),
        registered: form.get("registered") === "on",
        receivedOn: String(form.get("received_on") ?? "").trim() || null,
        today: context.clock.today(),
      });
      throw redirect(`/requests/${id}/paper?posted=1`, { status: 303 });
    }
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0)
      return data({ errorCode: "unsupported_file" }, { status: 400 });
    await uploadPaperReply(
      context.db,
      { files: context.files, queue: context.queue, config: context.config },
      {
        requestId: id,
        viewer: viewerOf(user),
        dated: String(form.get("dated") ?? ""),
        today: context.clock.today(),
        filename: file.name,
        bytes: new Uint8Array(await file.arrayBuffer()),
      }
    );
    throw redirect(`/requests/${id}?uploaded=1`, { status: 303 });
  } catch (error) {
    if (error instanceof RequestError)
      return data({ errorCode: error.code }, { status: error.status });
    throw error;
  }
}

export default function PaperPage() {
  const t = useT();
  const locale = useLocale();
  const p = useLoaderData() as RouteData<typeof loader>;
  const result = useActionData() as { errorCode?: string } | undefined;
  const [params] = useSearchParams();
  return (
    <section>
      <p>
        <Link to={`/requests/${p.id}`}>{p.title}</Link>
      </p>
      {result?.errorCode ? (
        <p className="notice error" role="alert">
          {t("error.requestFailed", {
            reason: t(
              `error.code.${result.errorCode}` as "error.code.invalid_input"
            ),
          })}
        </p>
      ) : null}
      {p.channel === "post" && p.isOwner ? (
        <section aria-labelledby="post-title">
          <h1 id="post-title">{t("post.title")}</h1>
          <p>{t("post.instructions")}</p>
          <p>
            <a
              className="button primary"
              href={`/requests/${p.id}/letter.pdf`}
              download
            >
              {t("post.download")}
            </a>
          </p>
          {p.postedOn && p.receivedOn ? (
            <p
              className="notice"
              role={params.get("posted") ? "status" : undefined}
            >
              {t("post.recorded", {
                posted: formatCivilDate(p.postedOn, locale),
                registered: p.registered ? t("post.recorded.registered") : "",
                received: formatCivilDate(p.receivedOn, locale),
                presumed: p.presumed ? t("post.recorded.presumed") : "",
              })}
            </p>
          ) : (
            <p className="notice warning">{t("post.notPosted")}</p>
          )}
          <Form method="post" className="stacked">
            <CsrfInput />
            <label htmlFor="posted_on">{t("post.postedOn")}</label>
            <input
              id="posted_on"
              name="posted_on"
              type="date"
              required
              max={p.today}
              defaultValue={p.postedOn ?? p.today}
            />
            <p>
              <input
                id="registered"
                name="registered"
                type="checkbox"
                defaultChecked={p.registered}
              />
              <label htmlFor="registered">{t("post.registered")}</label>
            </p>
            <label htmlFor="received_on">{t("post.receivedOn")}</label>
            <input
              id="received_on"
              name="received_on"
              type="date"
              aria-describedby="received_on-hint"
              defaultValue={p.postedOn && !p.presumed ? p.receivedOn ?? "" : ""}
            />
            <p className="hint" id="received_on-hint">
              {t("post.receivedHint")}
            </p>
            <button
              type="submit"
              name="intent"
              value="posted"
              className="primary"
            >
              {t("post.record")}
            </button>
          </Form>
        </section>
      ) : null}
      <section aria-labelledby="upload-title">
        {p.channel === "post" && p.isOwner ? (
          <h2 id="upload-title">{t("upload.title")}</h2>
        ) : (
          <h1 id="upload-title">{t("upload.title")}</h1>
        )}
        <p>{t("upload.lead")}</p>
        <Form method="post" encType="multipart/form-data" className="stacked">
          <CsrfInput />
          <label htmlFor="file">{t("upload.file")}</label>
          <input
            id="file"
            name="file"
            type="file"
            required
            accept="application/pdf,image/jpeg,image/png,.docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
          />
          <label htmlFor="dated">{t("upload.date")}</label>
          <input
            id="dated"
            name="dated"
            type="date"
            required
            max={p.today}
            defaultValue={p.today}
          />
          <button
            type="submit"
            name="intent"
            value="upload"
            className="primary"
          >
            {t("upload.submit")}
          </button>
        </Form>
      </section>
    </section>
  );
}

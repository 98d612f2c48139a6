import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/auth/csrf-input";
import { readProtectedForm } from "~/auth/form.server";
import type { MessageKey } from "../../core/i18n/index";
import { useT } from "~/i18n/use-t";
import type { RouteData } from "~/utils/route-data";
import { verifyClassifyToken } from "../../requests/classify-links";
import { RequestError } from "../../requests/errors";
import { requestHeader } from "../../requests/queries";
import { classifyRequest } from "../../requests/requests";
import { CLASSIFICATION_STATES } from "../../requests/states";
import { metaLocale, titleMeta } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(metaLocale(matches), "page.classify", { title: data?.title ?? "" }, { noindex: true });

/** The signed link of a notification e-mail: checked, then one button. */
function check(request: Request, secret: string, params: { id?: string }, source: URLSearchParams | FormData) {
  const id = Number(params.id);
  const state = String(source.get("state") ?? "");
  const sig = String(source.get("sig") ?? "");
  if (!Number.isSafeInteger(id) || !(CLASSIFICATION_STATES as readonly string[]).includes(state) || !verifyClassifyToken(secret, id, state, sig)) {
    throw new Response("This link is not valid.", { status: 404 });
  }
  return { id, state, sig };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { id, state, sig } = check(request, context.config.secret, params, new URL(request.url).searchParams);
  const r = await requestHeader(context.db, id);
  if (!r) throw new Response("Not found", { status: 404 });
  return { id, title: r.title, state, sig };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const form = await readProtectedForm(request, context);
  const { id, state } = check(request, context.config.secret, params, form);
  const r = await requestHeader(context.db, id);
  if (!r) throw new Response("Not found", { status: 404 });
  try {
    // The signature stands for the owner (only they received the e-mail).
    await classifyRequest(context.db, { requestId: id, userId: r.user_id, state });
  } catch (error) {
    if (error instanceof RequestError) return data({ errorCode: error.code }, { status: 409 });
    throw error;
  }
  throw redirect(`/requests/${id}?done=classified`, { status: 303 });
}

export default function ClassifyFromEmail() {
  const t = useT();
  const v = useLoaderData() as RouteData<typeof loader>;
  return (
    <section>
      <h1>{v.title}</h1>
      <p>{t("request.classify")}</p>
      <Form method="post">
        <CsrfInput />
        <input type="hidden" name="state" value={v.state} />
        <input type="hidden" name="sig" value={v.sig} />
        <button type="submit" className="primary">
          {t(`state.${v.state}` as MessageKey)} — {t("request.classify.submit")}
        </button>
      </Form>
      <p>
        <Link to={`/requests/${v.id}`}>{t("request.timeline")}</Link>
      </p>
    </section>
  );
}

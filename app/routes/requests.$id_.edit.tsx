import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { readProtectedForm } from "~/auth/form.server";
import { requireUser } from "~/auth/session.server";
import { getLocale } from "~/i18n/locale.server";
import { useT } from "~/i18n/use-t";
import { authorityName } from "~/requests/authority-name";
import { RequestForm } from "~/requests/request-form";
import { requestFormErrors, requestFormSchemaFor, requestFormValues } from "~/requests/request-schema";
import type { RouteData } from "~/utils/route-data";
import { getPostalAddress } from "../../moderation/privacy";
import { postalAddressNeed } from "../../moderation/postal-address";
import { RequestError } from "../../requests/errors";
import { letterLanguages } from "../../requests/letter";
import { draftRegime, getOwnRequest, loadAuthority, updateDraft } from "../../requests/requests";
import { metaLocale, titleMeta } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(metaLocale(matches), "page.editDraft", { title: data?.title ?? "" }, { noindex: true });

function requestId(params: { id?: string }): number {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  return id;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context.db);
  const r = await getOwnRequest(context.db, requestId(params), user.id).catch((e) => {
    if (e instanceof RequestError) throw new Response("Not found", { status: 404 });
    throw e;
  });
  if (r.state !== "draft") throw redirect(`/requests/${r.id}`);
  const a = await loadAuthority(context.db, r.authority_id);
  const postalAddress = postalAddressNeed(a.regime);
  return {
    id: r.id,
    title: r.title,
    body: r.body,
    language: r.language,
    languages: letterLanguages(a),
    authority: authorityName(a, await getLocale(request)),
    postalAddress,
    // The draft's own address, else the profile's (only the owner sees this page).
    savedAddress: postalAddress === "not_needed" ? "" : (r.postal_address ?? (await getPostalAddress(context.db, user.id)) ?? ""),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context.db);
  const form = await readProtectedForm(request, context);
  const regime = await draftRegime(context.db, requestId(params), user.id);
  if (!regime) throw new Response("Not found", { status: 404 });
  const values = requestFormValues(form);
  const parsed = requestFormSchemaFor(postalAddressNeed(regime)).safeParse(values);
  if (!parsed.success) return data({ errors: requestFormErrors(parsed.error), values }, { status: 400 });
  try {
    const r = await updateDraft(context.db, { requestId: requestId(params), userId: user.id, ...parsed.data }, context.queue);
    throw redirect(`/requests/${r.id}/preview`, { status: 303 });
  } catch (error) {
    if (error instanceof RequestError) return data({ errors: { form: `error.code.${error.code}` } as Record<string, string>, values }, { status: 409 });
    throw error;
  }
}

export default function EditDraft() {
  const t = useT();
  const draft = useLoaderData() as RouteData<typeof loader>;
  const result = useActionData() as RouteData<typeof action> | undefined;
  return (
    <section>
      <h1>{t("new.title")}</h1>
      <p className="lead">{t("new.to", { authority: draft.authority })}</p>
      {result?.errors.form ? (
        <p className="notice error" role="alert">
          {t(result.errors.form as "error.code.invalid_input")}
        </p>
      ) : null}
      <RequestForm
        languages={draft.languages}
        values={result?.values ?? { ...draft, postalAddress: draft.savedAddress }}
        errors={result?.errors ?? {}}
        postalAddress={draft.postalAddress}
      />
      <p>
        <Link to={`/requests/${draft.id}/preview`}>{t("preview.title")}</Link>
      </p>
    </section>
  );
}

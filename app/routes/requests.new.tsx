import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
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
import { getAuthorityBySlug } from "../../authorities/directory";
import { searchAuthorities } from "../../requests/queries";
import { cannotSendTo, createDraft } from "../../requests/requests";
import { metaLocale, titleMeta } from "~/utils/meta";
import { SimilarRequests, type SimilarData } from "~/components/similar-requests";
import { similarPublishedRequests } from "../../search/similar";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = metaLocale(matches);
  return data?.authority ? titleMeta(locale, "page.newRequest.write", { authority: data.authority.name }) : titleMeta(locale, "page.newRequest.choose");
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context.db);
  const locale = await getLocale(request);
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").slice(0, 100);
  const slug = url.searchParams.get("authority");
  if (slug) {
    const a = await getAuthorityBySlug(context.db, slug);
    if (!a) throw new Response("Not found", { status: 404 });
    const languages = letterLanguages(a);
    const postalAddress = postalAddressNeed(a.regime);
    return {
      q,
      results: [],
      authority: {
        slug: a.slug,
        name: authorityName(a, locale),
        // Every active authority can receive a request (by e-mail or by post: requests/channels.ts).
        blocked: cannotSendTo(a) === "inactive_authority" ? ("inactive_authority" as const) : null,
        languages,
        defaultLanguage: languages.includes(locale as never) ? locale : languages[0],
        postalAddress,
        // The owner's own address from the profile, to reuse; only on their own form.
        savedAddress: postalAddress === "not_needed" ? "" : ((await getPostalAddress(context.db, user.id)) ?? ""),
      },
    };
  }
  const results = q ? (await searchAuthorities(context.db, q)).map((a) => ({ slug: a.slug, name: authorityName(a, locale), hasEmail: Boolean(a.email) })) : [];
  return { q, results, authority: null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context.db);
  const form = await readProtectedForm(request, context);
  const authority = await getAuthorityBySlug(context.db, String(form.get("authority") ?? ""));
  if (!authority) throw new Response("Not found", { status: 404 });
  const values = requestFormValues(form);
  if (form.get("intent") === "check") {
    // "Already asked?" while writing: nothing is saved; the same form comes back with the look-alikes.
    const found = await similarPublishedRequests(context.search, { title: values.title, body: values.body, authorityId: authority.id, authoritySlug: authority.slug }, (e) => context.logger.warn(`similar requests: ${String(e)}`));
    return data({ errors: {} as Record<string, string>, values, similar: { sameAuthority: found.sameAuthority, others: found.others, checked: true } });
  }
  const parsed = requestFormSchemaFor(postalAddressNeed(authority.regime)).safeParse(values);
  if (!parsed.success) return data({ errors: requestFormErrors(parsed.error), values }, { status: 400 });
  try {
    const draft = await createDraft(context.db, { userId: user.id, authorityId: authority.id, ...parsed.data }, context.queue);
    throw redirect(`/requests/${draft.id}/preview`, { status: 303 });
  } catch (error) {
    if (error instanceof RequestError) return data({ errors: { form: `error.code.${error.code}` } as Record<string, string>, values }, { status: 400 });
    throw error;
  }
}

export default function NewRequest() {
  const t = useT();
  const { q, results, authority } = useLoaderData() as RouteData<typeof loader>;
  const result = useActionData() as RouteData<typeof action> | undefined;
  if (authority) {
    return (
      <section>
        <h1>{t("new.title")}</h1>
        <p className="lead">{t("new.to", { authority: authority.name })}</p>
        <p>
          <Link to="/requests/new">{t("new.changeAuthority")}</Link>
        </p>
        {authority.blocked === "inactive_authority" ? (
          <p className="notice warning" role="alert">
            {t("new.inactive")}
          </p>
        ) : (
          <>
            {result?.errors.form ? (
              <p className="notice error" role="alert">
                {t(result.errors.form as "error.code.invalid_input")}
              </p>
            ) : null}
            {result && "similar" in result && result.similar ? <SimilarRequests data={result.similar as SimilarData} /> : null}
            <RequestForm
              checkSimilar
              authoritySlug={authority.slug}
              languages={authority.languages}
              values={result?.values ?? { title: "", body: "", language: authority.defaultLanguage, postalAddress: authority.savedAddress }}
              errors={result?.errors ?? {}}
              postalAddress={authority.postalAddress}
            />
          </>
        )}
      </section>
    );
  }
  return (
    <section>
      <h1>{t("new.title")}</h1>
      <Form method="get" className="stacked" role="search">
        <label htmlFor="field-q">{t("new.search.label")}</label>
        <p className="hint" id="field-q-hint">
          {t("new.search.hint")}
        </p>
        <div className="actions-row">
          <input id="field-q" name="q" type="search" defaultValue={q} aria-describedby="field-q-hint" />
          <button type="submit" className="primary">
            {t("new.search.submit")}
          </button>
        </div>
      </Form>
      {q && results.length === 0 ? <p>{t("new.search.none", { q })}</p> : null}
      {results.length ? (
        <ul className="search-results">
          {results.map((r) => (
            <li key={r.slug}>
              <strong>{r.name}</strong>{" "}
              <Link to={`/requests/new?authority=${encodeURIComponent(r.slug)}`} aria-label={`${t("new.search.choose")}: ${r.name}`}>
                {t("new.search.choose")}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

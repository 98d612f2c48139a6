import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/auth/csrf-input";
import { readProtectedForm } from "~/auth/form.server";
import { requireUser } from "~/auth/session.server";
import { getLocale } from "~/i18n/locale.server";
import { useLocale, useT } from "~/i18n/use-t";
import { authorityName } from "~/requests/authority-name";
import type { RouteData } from "~/utils/route-data";
import { RequestError } from "../../requests/errors";
import { formatCivilDate } from "../../requests/letter";
import { channelsFor, isChannel } from "../../requests/channels";
import { cannotSendTo, deleteDraft, getOwnRequest, letterFor, loadAuthority, postalAddressMissing, sendRequest, sentToday, similarRequests } from "../../requests/requests";
import { metaLocale, titleMeta } from "~/utils/meta";
import { SimilarRequests } from "~/components/similar-requests";
import { similarPublishedRequests } from "../../search/similar";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(metaLocale(matches), "page.preview", { title: data?.title ?? "" }, { noindex: true });

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
  const { letter, expectedDue, authority } = await letterFor(context.db, context.config, r);
  const [similar, published] = await Promise.all([
    similarRequests(context.db, { userId: user.id, authorityId: r.authority_id, title: r.title, excludeId: r.id }),
    // "Already asked?": published look-alikes, from the search backend.
    similarPublishedRequests(context.search, { title: r.title, body: r.body, authorityId: r.authority_id, authoritySlug: authority.slug, excludeRequestId: r.id }, (e) => context.logger.warn(`similar requests: ${String(e)}`)),
  ]);
  return {
    id: r.id,
    title: r.title,
    language: r.language,
    letter,
    expectedDue,
    authority: authorityName(authority, await getLocale(request)),
    authoritySlug: authority.slug,
    blocked: cannotSendTo(authority) === "inactive_authority" ? ("inactive_authority" as const) : null,
    channels: channelsFor(authority),
    postalAddressMissing: postalAddressMissing(authority, r),
    confirmed: Boolean(user.confirmed_at),
    capReached: (await sentToday(context.db, user.id)) >= context.config.dailyRequestCap,
    cap: context.config.dailyRequestCap,
    similar: similar.map((s) => ({ id: s.id, title: s.title, state: s.state })),
    published: { sameAuthority: published.sameAuthority, others: published.others, checked: false },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context.db);
  const form = await readProtectedForm(request, context);
  const id = requestId(params);
  try {
    if (form.get("intent") === "delete") {
      await deleteDraft(context.db, { requestId: id, userId: user.id });
      throw redirect("/my-requests", { status: 303 });
    }
    // Drafts saved before the address was asked for: the form is the only way to add it.
    const draft = await getOwnRequest(context.db, id, user.id);
    const authority = await loadAuthority(context.db, draft.authority_id);
    if (draft.state === "draft" && postalAddressMissing(authority, draft)) return data({ errorCode: "postal_address_required" }, { status: 409 });
    const channel = form.get("channel");
    await sendRequest(context.db, context.queue, context.config, {
      requestId: id,
      userId: user.id,
      channel: isChannel(channel) ? channel : null,
      consentTo: typeof form.get("consent") === "string" ? String(form.get("consent")) : null,
      authorityAddress: typeof form.get("authority_address") === "string" ? String(form.get("authority_address")) : null,
      requireAddress: true,
    });
    throw redirect(`/requests/${id}?sent=1`, { status: 303 });
  } catch (error) {
    if (error instanceof RequestError) return data({ errorCode: error.code }, { status: error.code === "forbidden" ? 403 : 409 });
    throw error;
  }
}

type Channels = RouteData<typeof loader>["channels"];

/** The channels this authority can be reached by, the default checked; shown before sending. */
function ChannelChoice({ channels }: { channels: Channels }) {
  const t = useT();
  return (
    <fieldset className="channels">
      <legend>{t("channel.legend")}</legend>
      {channels.options.map((option) =>
        option.channel === "email" ? (
          <div key="email" className="channel">
            <input type="radio" name="channel" value="email" id="channel-email" defaultChecked={channels.preferred === "email"} />
            <label htmlFor="channel-email">
              {option.verified
                ? t("channel.email.verified", { address: option.address, source: option.source ?? t("channel.source.unknown") })
                : t("channel.email.unverified", { address: option.address, source: option.source ?? t("channel.source.unknown") })}
            </label>
            {option.needsConsent ? (
              <p className="consent">
                <input type="checkbox" name="consent" value={option.address} id="channel-consent" />
                <label htmlFor="channel-consent">{t("channel.email.consent")}</label>
              </p>
            ) : null}
          </div>
        ) : (
          <div key="post" className="channel">
            <input type="radio" name="channel" value="post" id="channel-post" defaultChecked={channels.preferred === "post"} />
            <label htmlFor="channel-post">{t("channel.post")}</label>
            {option.postalAddress ? (
              <p className="hint">{t("channel.post.address", { address: option.postalAddress.replace(/\n/g, ", ") })}</p>
            ) : (
              <p>
                <label htmlFor="authority-address">{t("channel.post.addressUnknown")}</label>
                <textarea id="authority-address" name="authority_address" rows={3} aria-describedby="authority-address-hint" />
                <span className="hint" id="authority-address-hint">
                  {t("channel.post.addressHint")}
                </span>
              </p>
            )}
          </div>
        ),
      )}
    </fieldset>
  );
}

export default function Preview() {
  const t = useT();
  const locale = useLocale();
  const p = useLoaderData() as RouteData<typeof loader>;
  const result = useActionData() as RouteData<typeof action> | undefined;
  const canSend = !p.blocked && p.confirmed && !p.capReached && !p.postalAddressMissing;
  return (
    <section>
      <h1>{t("preview.title")}</h1>
      <p>{t("preview.text", { authority: p.authority })}</p>
      <p className="hint">{t("preview.draftSaved")}</p>
      {result?.errorCode ? (
        <p className="notice error" role="alert">
          {t("error.requestFailed", { reason: t(`error.code.${result.errorCode}` as "error.code.invalid_input") })}
        </p>
      ) : null}
      {p.similar.length ? (
        <div className="notice warning" role="note">
          <p>{t("preview.similar")}</p>
          <ul>
            {p.similar.map((s) => (
              <li key={s.id}>
                <Link to={`/requests/${s.id}`}>{s.title}</Link> — {t(`state.${s.state}` as "state.draft")}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <SimilarRequests data={p.published} />
      {p.blocked === "inactive_authority" ? (
        <p className="notice warning" role="alert">
          {t("new.inactive")}
        </p>
      ) : null}
      {p.postalAddressMissing ? (
        <p className="notice warning" role="alert">
          {t("preview.postalAddressMissing")} <Link to={`/requests/${p.id}/edit`}>{t("preview.edit")}</Link>
        </p>
      ) : null}
      {!p.confirmed ? (
        <p className="notice warning" role="alert">
          {t("preview.unconfirmed")}
        </p>
      ) : null}
      {p.capReached ? (
        <p className="notice warning" role="alert">
          {t("preview.dailyCap", { cap: p.cap })}
        </p>
      ) : null}
      {p.expectedDue ? <p>{t("preview.due", { date: formatCivilDate(p.expectedDue, locale) })}</p> : null}
      <p className="letter-subject">
        {t("preview.subject")}: <span lang={p.language}>{p.letter.subject}</span>
      </p>
      <pre className="letter" lang={p.language} data-testid="letter">
        {p.letter.text}
      </pre>
      <div className="actions-row">
        <Link className="button secondary" to={`/requests/${p.id}/edit`}>
          {t("preview.edit")}
        </Link>
        {canSend ? (
          <Form method="post" className="stacked send-form">
            <CsrfInput />
            <ChannelChoice channels={p.channels} />
            <button type="submit" name="intent" value="send" className="primary">
              {t("preview.send")}
            </button>
          </Form>
        ) : null}
        <Form method="post" className="inline-form">
          <CsrfInput />
          <button type="submit" name="intent" value="delete" className="secondary">
            {t("preview.delete")}
          </button>
        </Form>
      </div>
    </section>
  );
}

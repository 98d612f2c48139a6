import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { CsrfInput } from "~/auth/csrf-input";
import { readProtectedForm } from "~/auth/form.server";
import { rateLimit } from "../../accounts/rate-limit";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { APPEAL_BODIES } from "../../authorities/appeal-bodies";
import { formatCivilDate } from "../../authorities/civil-date";
import { dueDate, extendedDueDate } from "../../authorities/deadline";
import { publicRequestsTo } from "../../requests/queries";
import { getAuthorityBySlug, getChildren, getSuccessor, getSummary } from "../../authorities/directory";
import { displayName, otherNames } from "../../authorities/names";
import { emailProposalSchema, pendingProposalCount, proposeEmail } from "../../authorities/proposals";
import { explainRegime } from "../../authorities/regime-text";
import { isRegimeId, REGIMES } from "../../authorities/regimes";
import { translate, type MessageKey } from "../../core/i18n/index";
import { getLocale } from "~/i18n/locale.server";
import { getUser } from "~/auth/session.server";
import { isLocale } from "../../core/i18n/locales";
import { useT } from "~/i18n/use-t";
import { AuthorityWatch, feedLinkMeta } from "~/components/watch/authority-watch";
import { authorityWatch } from "~/watch/authority-watch.server";
import directoryStyles from "~/styles/directory.css?url";
import { sourceName } from "../../authorities/source-names";
import { translateNote } from "../../authorities/notes-i18n";
import { publicPage } from "~/utils/public-cache";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: directoryStyles }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const slug = params.slug ?? "";
  const authority = await getAuthorityBySlug(context.db, slug);
  if (!authority) throw new Response("Not found", { status: 404 });
  const locale = await getLocale(request);
  const url = new URL(request.url);

  const [parent, successor, children, pending, requests] = await Promise.all([
    authority.parent_slug ? getSummary(context.db, authority.parent_slug) : Promise.resolve(null),
    getSuccessor(context.db, authority),
    getChildren(context.db, slug),
    pendingProposalCount(context.db, slug),
    publicRequestsTo(context.db, authority.id, locale, 50),
  ]);

  const regimeId = isRegimeId(authority.regime) ? authority.regime : null;
  const languages = authority.languages.filter((l): l is "fr" | "nl" | "de" => l === "fr" || l === "nl" || l === "de");
  const facilities = authority.language_facilities.filter((l): l is "fr" | "nl" | "de" => l === "fr" || l === "nl" || l === "de");
  const today = context.clock.today();
  const law = regimeId
    ? (() => {
        const regime = REGIMES[regimeId];
        const body = APPEAL_BODIES[regime.appealBody.value] ?? null;
        return {
          ...explainRegime(regimeId, locale, { languages, language_facilities: facilities }),
          exampleToday: formatCivilDate(today, locale),
          exampleDue: formatCivilDate(dueDate(regimeId, today), locale),
          exampleExtended: formatCivilDate(extendedDueDate(regimeId, today), locale),
          officesClosed: regime.officesMayBeClosed.value.map((d) => d.name[locale]),
          appealBody: body
            ? {
                name: body.name[locale],
                postalAddress: body.postalAddress,
                email: body.email,
                phone: body.phone,
                website: body.website,
                slug: body.id,
              }
            : null,
        };
      })()
    : null;

  return {
    proposed: url.searchParams.get("proposed") === "1",
    authority: {
      slug: authority.slug,
      name: displayName(authority, locale),
      otherNames: otherNames(authority, locale),
      kind: authority.kind,
      region: authority.region,
      languages,
      facilities,
      website: authority.website,
      email: authority.email,
      emailSource: sourceName(authority.email_source, locale),
      emailVerified: authority.email_verified,
      address: authority.address,
      nisCode: authority.nis_code,
      kboNumber: authority.kbo_number,
      // Editorial notes are written in English; translated sentence by sentence (cached per note and language).
      notes: authority.notes ? translateNote(authority.notes, locale) : null,
      notesAreTranslated: locale !== "en",
      active: authority.active,
    },
    parent: parent ? { slug: parent.slug, name: displayName(parent, locale) } : null,
    successor: successor ? { slug: successor.slug, name: displayName(successor, locale) } : null,
    children: children.map((c) => ({ slug: c.slug, name: displayName(c, locale), kind: c.kind })),
    pendingProposals: pending,
    requests: requests.map((r) => ({ slug: r.public_slug, title: r.title, state: r.state })),
    law,
    watch: await authorityWatch(request, context.db, authority),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const slug = params.slug ?? "";
  const form = await readProtectedForm(request, context);
  const limit = await rateLimit(context.db, `propose-email:ip:${context.clientIp}`, 10, 3600);
  if (!limit.allowed) throw new Response("Too many proposals from this address; try again later.", { status: 429 });
  const submission = emailProposalSchema.safeParse({
    email: form.get("email") ?? "",
    source: form.get("source") ?? undefined,
    comment: form.get("comment") ?? undefined,
    proposer_email: form.get("proposer_email") ?? undefined,
  });
  if (!submission.success) {
    const errors: Record<string, string> = {};
    for (const issue of submission.error.issues) {
      const field = String(issue.path[0] ?? "email");
      if (!errors[field]) errors[field] = issue.message;
    }
    return new Response(
      JSON.stringify({
        errors,
        values: { email: String(form.get("email") ?? ""), source: String(form.get("source") ?? ""), comment: String(form.get("comment") ?? ""), proposer_email: String(form.get("proposer_email") ?? "") },
      }),
      { status: 400, headers: { "Content-Type": "application/json" } },
    );
  }
  const exists = await getSummary(context.db, slug);
  if (!exists) throw new Response("Not found", { status: 404 });
  const proposer = await getUser(request, context.db);
  await proposeEmail(context.db, slug, submission.data, proposer?.id ?? null, await getLocale(request));
  return redirect(`/authorities/${slug}?proposed=1#propose`, { status: 303 });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined;
  const locale = isLocale(root?.locale) ? root.locale : "fr";
  return [
    { title: data ? `${data.authority.name} — ${translate(locale, "site.name")}` : translate(locale, "site.name") },
    ...(data ? [feedLinkMeta(data.watch.feedPath, translate(locale, "watch.feed.title.authority", { name: data.authority.name }))] : []),
  ];
};

type ActionData = { errors: Record<string, string>; values: Record<string, string> };

function errorKey(code: string | undefined): MessageKey | null {
  if (!code) return null;
  if (code === "required" || code === "invalid_email" || code === "too_long") return `form.error.${code}` as MessageKey;
  return "form.error.invalid_email";
}

export default function AuthorityPage() {
  const { authority, parent, successor, children, law, pendingProposals, proposed, requests, watch } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const navigation = useNavigation();
  const t = useT();
  const errors = actionData?.errors ?? {};
  const values = actionData?.values ?? {};
  const fieldError = (name: string) => {
    const key = errorKey(errors[name]);
    return key ? (
      <p className="field-error" id={`${name}-error`}>
        {t(key)}
      </p>
    ) : null;
  };

  return (
    <article className="authority">
      <p>
        <Link to="/authorities">{t("authority.backToDirectory")}</Link>
      </p>
      <h1>{authority.name}</h1>
      {!authority.active ? (
        <p className="notice warning">
          {t("authority.inactive")}
          {successor ? (
            <>
              {" "}
              {t("authority.successor")}{" "}
              <Link to={`/authorities/${successor.slug}`} data-testid="successor">
                {successor.name}
              </Link>
            </>
          ) : null}
        </p>
      ) : null}

      <dl className="facts">
        <dt>{t("authority.kind")}</dt>
        <dd>{t(`kind.${authority.kind}` as MessageKey)}</dd>
        {authority.region ? (
          <>
            <dt>{t("authority.region")}</dt>
            <dd>{t(`region.${authority.region}` as MessageKey)}</dd>
          </>
        ) : null}
        {parent ? (
          <>
            <dt>{t("authority.parent")}</dt>
            <dd>
              <Link to={`/authorities/${parent.slug}`}>{parent.name}</Link>
            </dd>
          </>
        ) : null}
        {authority.otherNames.length > 0 ? (
          <>
            <dt>{t("authority.otherNames")}</dt>
            <dd>{authority.otherNames.join(" · ")}</dd>
          </>
        ) : null}
        <dt>{t("authority.languages")}</dt>
        <dd>{authority.languages.map((l) => t(`language.${l}` as MessageKey)).join(", ")}</dd>
        {authority.facilities.length > 0 ? (
          <>
            <dt>{t("authority.facilities")}</dt>
            <dd>{authority.facilities.map((l) => t(`language.${l}` as MessageKey)).join(", ")}</dd>
          </>
        ) : null}
        {authority.nisCode ? (
          <>
            <dt>{t("authority.nis")}</dt>
            <dd>{authority.nisCode}</dd>
          </>
        ) : null}
        {authority.kboNumber ? (
          <>
            <dt>{t("authority.kbo")}</dt>
            <dd>{authority.kboNumber}</dd>
          </>
        ) : null}
      </dl>

      <section aria-labelledby="contact">
        <h2 id="contact">{t("authority.contact")}</h2>
        <dl className="facts">
          <dt>{t("authority.email")}</dt>
          <dd>
            {authority.email ? (
              <>
                <span>{authority.email}</span>
                <p className="hint">
                  {authority.emailVerified
                    ? t("authority.email.verified", { source: authority.emailSource ?? "" })
                    : t("authority.email.unverified", { source: authority.emailSource ?? "" })}
                </p>
              </>
            ) : (
              <p className="notice">{t("authority.email.none")}</p>
            )}
          </dd>
          {authority.website ? (
            <>
              <dt>{t("authority.website")}</dt>
              <dd>
                <a href={authority.website} rel="nofollow noopener">
                  {authority.website}
                </a>
              </dd>
            </>
          ) : null}
          {authority.address ? (
            <>
              <dt>{t("authority.address")}</dt>
              <dd>{authority.address}</dd>
            </>
          ) : null}
        </dl>

        {!authority.email || !authority.emailVerified ? (
          <section aria-labelledby="propose-title" id="propose">
            <h3 id="propose-title">{authority.email ? t("authority.propose.titleCorrection") : t("authority.propose.title")}</h3>
            {proposed ? (
              <p className="notice" role="status">
                {t("authority.propose.thanks")}
              </p>
            ) : null}
            {pendingProposals > 0 ? <p className="hint">{t("authority.propose.pending", { count: pendingProposals })}</p> : null}
            <p>{t("authority.propose.lead")}</p>
            <Form method="post" className="stacked" aria-labelledby="propose-title" noValidate>
              <CsrfInput />
              <label htmlFor="email">{t("authority.propose.email")}</label>
              <input
                id="email"
                name="email"
                type="email"
                required
                defaultValue={values.email}
                aria-invalid={errors.email ? true : undefined}
                aria-describedby={errors.email ? "email-error" : undefined}
              />
              {fieldError("email")}
              <label htmlFor="source">{t("authority.propose.source")}</label>
              <input id="source" name="source" type="text" defaultValue={values.source} aria-describedby="source-hint" />
              <p id="source-hint" className="hint">
                {t("authority.propose.sourceHint")}
              </p>
              {fieldError("source")}
              <label htmlFor="comment">{t("authority.propose.comment")}</label>
              <textarea id="comment" name="comment" rows={3} defaultValue={values.comment} />
              {fieldError("comment")}
              <label htmlFor="proposer_email">{t("authority.propose.proposerEmail")}</label>
              <input
                id="proposer_email"
                name="proposer_email"
                type="email"
                defaultValue={values.proposer_email}
                aria-invalid={errors.proposer_email ? true : undefined}
                aria-describedby={errors.proposer_email ? "proposer_email-error" : undefined}
              />
              {fieldError("proposer_email")}
              <p>
                <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
                  {t("authority.propose.submit")}
                </button>
              </p>
            </Form>
          </section>
        ) : null}
      </section>

      {law ? (
        <section aria-labelledby="law">
          <h2 id="law">{t("authority.law.title")}</h2>
          <dl className="facts">
            <dt>{t("authority.law.regime")}</dt>
            <dd>{law.regimeName}</dd>
            <dt>{t("authority.law.basis")}</dt>
            <dd>{law.law}</dd>
          </dl>
          <h3>{t("authority.law.deadline")}</h3>
          <p>{law.deadline}</p>
          <p>{t("authority.law.example", { today: law.exampleToday, due: law.exampleDue, extended: law.exampleExtended })}</p>
          <h3>{t("authority.law.counting")}</h3>
          <p>{law.counting}</p>
          {law.officesClosed.length > 0 ? <p className="hint">{t("authority.law.officesClosed", { days: law.officesClosed.join(", ") })}</p> : null}
          <h3>{t("authority.law.appeal")}</h3>
          <p>{law.appeal}</p>
          {law.appealBody ? (
            <dl className="facts">
              <dt>{t("authority.law.appealBody")}</dt>
              <dd>
                <Link to={`/authorities/${law.appealBody.slug}`}>{law.appealBody.name}</Link>
                {law.appealBody.postalAddress ? <p>{law.appealBody.postalAddress}</p> : null}
                {law.appealBody.email ? (
                  <p>
                    <a href={`mailto:${law.appealBody.email}`}>{law.appealBody.email}</a>
                  </p>
                ) : null}
                {law.appealBody.phone ? (
                  <p>
                    {t("authority.law.phone")}: {law.appealBody.phone}
                  </p>
                ) : null}
                {law.appealBody.website ? (
                  <p>
                    <a href={law.appealBody.website} rel="noopener">
                      {law.appealBody.website}
                    </a>
                  </p>
                ) : null}
                {!law.appealBody.postalAddress && !law.appealBody.email ? <p className="hint">{t("authority.law.appealContactUnknown")}</p> : null}
              </dd>
            </dl>
          ) : null}
          {law.environmental ? (
            <>
              <h3>{t("authority.law.environmental")}</h3>
              <p className="notice warning">{law.environmental}</p>
            </>
          ) : null}
          <h3>{t("authority.law.language")}</h3>
          <p>{law.language}</p>
          {law.assumptions.length > 0 ? (
            <details>
              <summary>{t("authority.law.assumptions")}</summary>
              <p className="hint">{t("authority.law.assumptionsLead")}</p>
              <ul>
                {law.assumptions.map((a) => (
                  <li key={a}>{a}</li>
                ))}
              </ul>
            </details>
          ) : null}
        </section>
      ) : null}

      {children.length > 0 ? (
        <section aria-labelledby="children">
          <h2 id="children">{t("authority.children")}</h2>
          <ul>
            {children.map((c) => (
              <li key={c.slug}>
                <Link to={`/authorities/${c.slug}`}>{c.name}</Link> <span className="hint">— {t(`kind.${c.kind}` as MessageKey)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <AuthorityWatch data={watch} />
      <section aria-labelledby="requests">
        <h2 id="requests">{t("authority.requests.title")}</h2>
        {authority.active ? (
          <p>
            <Link className="button" to={`/requests/new?authority=${encodeURIComponent(authority.slug)}`}>
              {t("mine.new")}
            </Link>
          </p>
        ) : null}
        {requests.length === 0 ? (
          <p>{t("authority.requests.none")}</p>
        ) : (
          <ul>
            {requests.map((r) => (
              <li key={r.slug}>
                <Link to={`/requests/${r.slug}`}>{r.title}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      {authority.notes ? (
        <details id="notes">
          <summary>{t("authority.notes.title")}</summary>
          <p>
            {authority.notes.map((sentence, i) => (
              <span key={i}>
                {i > 0 ? " " : null}
                {sentence.translated ? (
                  sentence.text
                ) : (
                  <>
                    <span lang="en">{sentence.text}</span> <em className="note-in-english">{t("authority.notes.inEnglish")}</em>
                  </>
                )}
              </span>
            ))}
          </p>
          {!authority.notesAreTranslated ? null : (
            <p className="hint">
              {t("authority.notes.translatedHint")}{" "}
              <a href={`/authorities/${authority.slug}?language=en#notes`} hrefLang="en">
                {t("authority.notes.readInEnglish")}
              </a>
            </p>
          )}
        </details>
      ) : null}
    </article>
  );
}

/** The same for every anonymous visitor: the page cache may keep it (docs/decisions/914). */
export const handle = publicPage;

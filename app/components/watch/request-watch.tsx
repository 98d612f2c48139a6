import { Form, Link, useSearchParams } from "@remix-run/react";
import { CsrfInput } from "~/auth/csrf-input";
import type { MessageKey } from "../../../core/i18n/index";
import { useLocale, useT } from "~/i18n/use-t";
import { hideReasons } from "../../../moderation/vocabulary";
import type { RequestWatchData } from "~/watch/request-watch.server";
import { FeedLink, FollowButton } from "./follow-button";
import { MeToo } from "./me-too";
import { dateTimeFormat } from "../../../core/intl";

/** Follow button and feed link of a public request. */
export function RequestFollow({ data }: { data: RequestWatchData }) {
  return (
    <div className="watch">
      <FollowButton state={data.follow} />
      <MeToo data={data.meToo} />
      <p>
        <FeedLink href={data.feedPath} />
      </p>
    </div>
  );
}

const NOTICES: Record<string, MessageKey> = {
  added: "watch.annotations.added",
  body: "watch.annotations.error.body",
  link: "watch.annotations.error.link",
  rate: "watch.annotations.tooMany",
};

/**
 * A request's annotations, with the form to add one and, for its owner and
 * admins, to hide one (admins with a public reason, through moderation).
 * One the administrators hid shows the public only its reason.
 */
export function Annotations({ data }: { data: RequestWatchData }) {
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const notice = NOTICES[params.get("annotation") ?? ""];
  const { items, hiddenCount, canModerate } = data.annotations;
  const date = (iso: string) => dateTimeFormat(locale === "en" ? "en-GB" : `${locale}-BE`, { dateStyle: "long", timeZone: "Europe/Brussels" }).format(new Date(iso));
  const action = `/requests/${data.requestId}/annotations`;
  return (
    <section className="annotations" aria-labelledby="annotations" id="annotations-section">
      <h2 id="annotations">{t("watch.annotations.title")}</h2>
      <p className="hint">{t("watch.annotations.lead")}</p>
      {notice ? (
        <p className={params.get("annotation") === "added" ? "notice" : "notice error"} role={params.get("annotation") === "added" ? "status" : "alert"}>
          {t(notice)}
        </p>
      ) : null}
      {items.length === 0 && hiddenCount === 0 ? <p>{t("watch.annotations.none")}</p> : null}
      <ol>
        {items.map((a) => (
          <li key={a.id} className="annotation" id={`annotation-${a.id}`}>
            {a.moderation ? (
              <p className={a.moderation.visibility === "withheld" ? "notice" : "notice warning"}>
                {t(a.moderation.visibility === "withheld" ? "moderation.hidden.notice" : "moderation.hidden.marked", { reason: t(`moderation.reason.${a.moderation.reason}` as MessageKey) })}
              </p>
            ) : null}
            {a.moderation?.visibility === "withheld" ? null : (
              <>
                <p className="hint">
                  {t("watch.annotations.by", { name: a.authorName, date: date(a.createdAt) })}
                  {a.hidden ? ` — ${t("watch.annotations.hidden")}` : ""}
                </p>
                <p>{a.body}</p>
              </>
            )}
            {a.linkUrl ? (
              <p>
                <a href={a.linkUrl} rel="nofollow ugc noopener" target="_blank">
                  {a.linkUrl}
                </a>
              </p>
            ) : null}
            {canModerate && !a.hidden ? (
              <Form method="post" action={action} className="inline-form">
                <CsrfInput />
                <input type="hidden" name="annotation" value={a.id} />
                {data.isAdmin ? <HideReasonSelect id={`annotation-${a.id}-reason`} /> : null}
                <button type="submit" name="intent" value="hide" className="secondary">
                  {t("watch.annotations.hide")}
                </button>
              </Form>
            ) : null}
            {a.hidden ? null : (
              <p>
                <Link to={`/report?target=annotation&id=${a.id}`}>{t("report.link")}</Link>
              </p>
            )}
          </li>
        ))}
      </ol>
      {!canModerate && hiddenCount > 0 ? <p className="hint">{t("watch.annotations.hidden")} ({hiddenCount})</p> : null}
      {data.signedIn ? (
        <Form method="post" action={action} className="stacked">
          <CsrfInput />
          <p>
            <label htmlFor="annotation-body">{t("watch.annotations.body")}</label>
            <br />
            <textarea id="annotation-body" name="body" required minLength={3} maxLength={2000} rows={4} />
          </p>
          <p>
            <label htmlFor="annotation-link">{t("watch.annotations.link")}</label>
            <br />
            <input id="annotation-link" name="link" type="url" maxLength={1000} inputMode="url" />
          </p>
          <p>
            <button type="submit" name="intent" value="add" className="primary">
              {t("watch.annotations.submit")}
            </button>
          </p>
        </Form>
      ) : (
        <p>
          <Link to={`/login?redirectTo=${encodeURIComponent(`/requests/${data.requestId}`)}`}>{t("watch.annotations.signIn")}</Link>
        </p>
      )}
    </section>
  );
}

/** The public reason an administrator gives when hiding an annotation. */
function HideReasonSelect({ id }: { id: string }) {
  const t = useT();
  return (
    <>
      <label htmlFor={id}>{t("moderate.reason")}</label>{" "}
      <select id={id} name="reason">
        {hideReasons.map((r) => (
          <option key={r} value={r}>
            {t(`moderation.reason.${r}` as MessageKey)}
          </option>
        ))}
      </select>{" "}
    </>
  );
}

import { Form, Link } from "@remix-run/react";
import { CsrfInput } from "~/auth/csrf-input";
import { useT } from "~/i18n/use-t";
import type { DeadlinesView } from "../../requests/deadlines/view";

/** The request page's deadlines: the plain-language timeline and the next steps. */
export function DeadlinesSection({ requestId, view, isOwner }: { requestId: number; view: DeadlinesView; isOwner: boolean }) {
  const t = useT();
  return (
    <section aria-labelledby="deadlines" className="deadlines">
      <h2 id="deadlines">{t("deadlines.section")}</h2>
      <ol className="deadline-timeline" data-testid="deadline-timeline">
        {view.timeline.map((e, i) => (
          <li key={`${e.kind}-${i}`} className={`deadline deadline--${e.when ?? "none"}${e.urgent ? " deadline--urgent" : ""}`} data-kind={e.kind}>
            {e.date ? <time dateTime={e.date}>{e.text}</time> : e.text}
          </li>
        ))}
      </ol>
      {view.hasAssumptions ? <p className="hint">{t("deadlines.assumption")}</p> : null}
      {isOwner && view.extensionPhrase ? (
        <p className="notice" role="status">
          {t("deadlines.extension.suggested", { phrase: view.extensionPhrase })}
        </p>
      ) : null}
      {isOwner && view.extended ? <p className="hint">{t("deadlines.extension.marked")}</p> : null}
      {view.appealNotice ? (
        <Form method="post" action={`/requests/${requestId}/appeal-notice`} className="appeal-notice">
          <CsrfInput />
          <fieldset>
            <legend>{t("deadlines.appealNotice.legend")}</legend>
            <p>
              <input type="checkbox" id="appeal-notice-missing" name="missing" value="yes" defaultChecked={view.appealNotice.missing} aria-describedby="appeal-notice-hint" />{" "}
              <label htmlFor="appeal-notice-missing" className="inline">
                {t("deadlines.appealNotice.label")}
              </label>
            </p>
            <p className="hint" id="appeal-notice-hint">
              {view.appealNotice.extendsDeadline ? t("deadlines.appealNotice.extends") : t("deadlines.appealNotice.letterOnly")}
            </p>
            <button type="submit" className="secondary">
              {t("deadlines.appealNotice.save")}
            </button>
          </fieldset>
        </Form>
      ) : null}
      {isOwner ? (
        <div className="deadline-actions">
          {view.canEscalate ? (
            <Link className="button" to={`/requests/${requestId}/escalate`}>
              {t("deadlines.escalate.button")}
            </Link>
          ) : null}{" "}
          {view.canNudge ? (
            <Link className="button secondary" to={`/requests/${requestId}/nudge`}>
              {t("deadlines.nudge.button")}
            </Link>
          ) : null}
          {!view.appealPending ? (
            <Form method="post" action={`/requests/${requestId}/extension`} className="inline-form">
              <CsrfInput />
              <input type="hidden" name="intent" value={view.extended ? "unmark" : "mark"} />
              <button type="submit" className="secondary">
                {view.extended ? t("deadlines.extension.unmark") : t("deadlines.extension.mark")}
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

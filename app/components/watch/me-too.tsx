import { Form, Link, useSearchParams } from "@remix-run/react";
import { CsrfInput } from "~/auth/csrf-input";
import { useT } from "~/i18n/use-t";

export type MeTooData = { requestId: number; count: number; joined: boolean; canJoin: boolean; signedIn: boolean };

/** "N people want this too" and the button to join (or leave) a public request; a plain form. */
export function MeToo({ data }: { data: MeTooData }) {
  const t = useT();
  const [params] = useSearchParams();
  return (
    <div className="me-too" id="me-too">
      <p data-testid="me-too-count">{t("metoo.count", { count: data.count })}</p>
      {params.get("metoo") === "joined" && data.joined ? (
        <p className="notice" role="status">
          {t("metoo.joined")}
        </p>
      ) : null}
      {!data.signedIn ? (
        <p>
          <Link to={`/login?redirectTo=${encodeURIComponent(`/requests/${data.requestId}`)}`}>{t("metoo.signIn")}</Link>
        </p>
      ) : data.canJoin ? (
        <MeTooButton requestId={data.requestId} joined={data.joined} />
      ) : null}
    </div>
  );
}

/** The join / leave form alone (also on the "already asked?" lists). */
export function MeTooButton({ requestId, joined }: { requestId: number; joined: boolean }) {
  const t = useT();
  return (
    <Form method="post" action={`/requests/${requestId}/me-too`} className="inline-form">
      <CsrfInput />
      <button type="submit" name="intent" value={joined ? "leave" : "join"} className={joined ? "secondary" : "primary"}>
        {t(joined ? "metoo.leave" : "metoo.join")}
      </button>
    </Form>
  );
}

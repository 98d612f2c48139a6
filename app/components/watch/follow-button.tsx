import { Form, Link } from "@remix-run/react";
import { CsrfInput } from "~/auth/csrf-input";
import type { MessageKey } from "../../../core/i18n/index";
import { useT } from "~/i18n/use-t";
import type { FollowState } from "~/watch/follow-state.server";

const FOLLOW_LABEL: Record<FollowState["target"]["target_type"], MessageKey> = {
  request: "watch.follow.request",
  authority: "watch.follow.authority",
  area: "watch.follow.area",
  user: "watch.follow.user",
  search: "watch.follow.search",
};

/**
 * One-click follow / unfollow, a plain form that works without JavaScript.
 * Pages get `state` from `followState()` in their loader.
 */
export function FollowButton({ state, label, text }: { state: FollowState; label?: MessageKey; /** Already translated; wins over `label`. */ text?: string }) {
  const t = useT();
  if (!state.signedIn) {
    return (
      <p className="follow-form">
        <Link to={`/login?redirectTo=${encodeURIComponent(state.returnTo)}`}>{t("watch.follow.signIn")}</Link>
      </p>
    );
  }
  const id = `follow-frequency-${state.key}`;
  return (
    <Form method="post" action="/follow" className="follow-form">
      <CsrfInput />
      <input type="hidden" name="redirectTo" value={state.returnTo} />
      {Object.entries(state.target).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={String(value)} />
      ))}
      {state.following ? (
        <>
          <span>{t("watch.follow.following")}</span>
          <button type="submit" name="intent" value="unfollow" className="secondary">
            {t("watch.follow.unfollow")}
          </button>
        </>
      ) : (
        <>
          <label htmlFor={id}>{t("watch.follow.frequency")}</label>
          <select id={id} name="frequency" defaultValue="immediate">
            <option value="immediate">{t("watch.frequency.immediate")}</option>
            <option value="daily">{t("watch.frequency.daily")}</option>
          </select>
          <button type="submit" name="intent" value="follow" className="primary">
            {text ?? t(label ?? FOLLOW_LABEL[state.target.target_type])}
          </button>
        </>
      )}
    </Form>
  );
}

/** A visible link to a feed; pages also put it in <head> with feedLinkMeta(). */
export function FeedLink({ href }: { href: string }) {
  const t = useT();
  return (
    <a className="feed-link" href={href} type="application/atom+xml">
      {t("watch.feed.link")}
    </a>
  );
}

import { Link } from "@remix-run/react";
import { useT } from "~/i18n/use-t";
import type { AuthorityWatchData } from "~/watch/authority-watch.server";
import { FeedLink, FollowButton } from "./follow-button";
import { Scorecard } from "./scorecard";

/** The authority page's watchdog section: follow it (or its whole group), its feed, its scorecard. */
export function AuthorityWatch({ data }: { data: AuthorityWatchData }) {
  const t = useT();
  return (
    <>
      <section className="watch" aria-label={t("watch.follow.authority")}>
        <FollowButton state={data.follow} />
        <p>
          <FeedLink href={data.feedPath} />
        </p>
      </section>
      <Scorecard data={data.scorecard} />
      <p>
        <Link to={data.rankingPath}>{t("watch.ranking.title")}</Link> · <FeedLink href={data.areaFeedPath} />
      </p>
      <FollowButton state={data.followArea} />
      {data.province ? (
        <>
          <p>
            <Link to={data.province.rankingPath}>{data.province.label}</Link> · <FeedLink href={data.province.feedPath} />
          </p>
          <FollowButton state={data.province.follow} text={t("watch.follow.areaNamed", { area: data.province.label })} />
        </>
      ) : null}
    </>
  );
}

/** The <link rel="alternate"> of a feed, for a route's meta export. */
export function feedLinkMeta(href: string, title: string) {
  return { tagName: "link", rel: "alternate", type: "application/atom+xml", href, title };
}

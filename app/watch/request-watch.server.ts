import type { Db } from "../../db/connect";
import { publicRequestHeader } from "../../requests/queries";
import { listAnnotations } from "../../watch/annotations";
import { meTooState } from "../../watch/me-too";
import { followState } from "./follow-state.server";
import { getLocale } from "~/i18n/locale.server";
import { publicNames, publisherForRequest, type Publisher } from "../../moderation/publish";

/**
 * What the request page shows from the watchdogs' room: the follow button,
 * the feed and the annotations. Null for a request that is not public
 * (a draft, a hidden request): nothing to follow or annotate there.
 */
export async function requestWatch(
  request: Request,
  db: Db,
  requestId: number,
  viewer: { id: number; role: string } | null,
  /** What the request page already read: whether the request is public (sent, not hidden), and its Publisher. */
  known?: { isPublic: boolean; publisher: Publisher },
) {
  const visible = known ? known.isPublic : Boolean(await publicRequestHeader(db, requestId));
  if (!visible) return null;
  const [follow, annotations, publisher, meToo] = await Promise.all([
    followState(request, db, { type: "request", requestId }),
    listAnnotations(db, requestId, viewer),
    known?.publisher ?? publisherForRequest(db, requestId),
    meTooState(db, requestId, viewer?.id ?? null),
  ]);
  // Annotations are published text like any other: the request's redaction rules and
  // masking apply, and an author who chose initials is shown by initials.
  const names = await publicNames(db, annotations.items.map((a) => a.authorId));
  const locale = await getLocale(request);
  return {
    requestId,
    follow,
    feedPath: `/feeds/requests/${requestId}`,
    meToo: { requestId, ...meToo, signedIn: viewer !== null },
    signedIn: viewer !== null,
    isAdmin: viewer?.role === "admin",
    annotations: {
      ...annotations,
      items: annotations.items.map(({ authorId, ...a }) => ({
        ...a,
        body: publisher.displayText(a.body, locale),
        linkUrl: a.linkUrl && !publisher.redacts(a.linkUrl) && publisher.text(a.linkUrl) === a.linkUrl ? a.linkUrl : null,
        authorName: a.authorName === "" ? "" : (names.get(authorId) ?? a.authorName),
        createdAt: a.createdAt.toISOString(),
      })),
    },
  };
}

export type RequestWatchData = NonNullable<Awaited<ReturnType<typeof requestWatch>>>;

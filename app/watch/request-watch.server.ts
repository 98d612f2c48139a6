import type { Db } from "../../db/connect";
import { publicRequestHeader } from "../../requests/queries";
import { listAnnotations } from "../../watch/annotations";
import { followState } from "./follow-state.server";

/**
 * What the request page shows from the watchdogs' room: the follow button,
 * the feed and the annotations. Null for a request that is not public
 * (a draft, a hidden request): nothing to follow or annotate there.
 */
export async function requestWatch(request: Request, db: Db, requestId: number, viewer: { id: number; role: string } | null) {
  const visible = await publicRequestHeader(db, requestId);
  if (!visible) return null;
  const [follow, annotations] = await Promise.all([followState(request, db, { type: "request", requestId }), listAnnotations(db, requestId, viewer)]);
  return {
    requestId,
    follow,
    feedPath: `/feeds/requests/${requestId}`,
    signedIn: viewer !== null,
    isAdmin: viewer?.role === "admin",
    annotations: { ...annotations, items: annotations.items.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })) },
  };
}

export type RequestWatchData = NonNullable<Awaited<ReturnType<typeof requestWatch>>>;

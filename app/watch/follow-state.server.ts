import { getUser } from "~/auth/session.server";
import type { Db } from "../../db/connect";
import { findFollow, targetKey, searchToParams, type FollowTarget } from "../../watch/follows";

/** The hidden fields of the follow form for a target (see followFormSchema). */
export type FollowFields =
  | { target_type: "request"; request_id: number }
  | { target_type: "authority"; authority_id: number }
  | { target_type: "area"; region: string; kind: string; province?: string }
  | { target_type: "user"; user_id: number }
  | { target_type: "search"; search: string };

export type FollowState = {
  signedIn: boolean;
  following: { id: number; frequency: string } | null;
  target: FollowFields;
  /** Unique per target on a page (ids of form controls). */
  key: string;
  /** Where the form comes back to. */
  returnTo: string;
};

export function followFields(target: FollowTarget): FollowFields {
  switch (target.type) {
    case "request":
      return { target_type: "request", request_id: target.requestId };
    case "authority":
      return { target_type: "authority", authority_id: target.authorityId };
    case "area":
      return { target_type: "area", region: target.region ?? "", kind: target.kind ?? "", ...(target.province ? { province: target.province } : {}) };
    case "user":
      return { target_type: "user", user_id: target.userId };
    case "search":
      return { target_type: "search", search: searchToParams(target.search).toString() };
  }
}

/** For a page's loader: whether the viewer is signed in and follows `target`. */
export async function followState(request: Request, db: Db, target: FollowTarget): Promise<FollowState> {
  const user = await getUser(request, db);
  const url = new URL(request.url);
  return {
    signedIn: !!user,
    following: user ? await findFollow(db, user.id, target) : null,
    target: followFields(target),
    key: targetKey(target).replace(/[^a-z0-9]+/gi, "-").slice(0, 60),
    returnTo: url.pathname + url.search,
  };
}

import { APPEALABLE_STATES, canEscalate as escalationOpen, type StoredDates } from "./deadlines/tracking";
import { CLASSIFICATION_STATES, allowedTransitions, type ClassificationState } from "./states";

/**
 * Who may do what with a request: the one place these rules are written.
 * Pages ask it what to show (buttons, forms, links), domain functions ask it
 * before they write, so a page never offers what the domain refuses and a
 * crafted POST never gets what the page hides. Pure functions over the
 * viewer and the request's owner and state; no database.
 */

/** Who is asking: the signed-in user's id (null for a visitor) and whether they administer the site. */
export type Viewer = { userId: number | null; isAdmin: boolean };

/** The facts about a request the rules need. */
export type RequestFacts = { user_id: number; state: string };

export const visitor: Viewer = { userId: null, isAdmin: false };

/** The viewer of a signed-in user (as the session returns it) or of a visitor. */
export function viewerOf(user: { id: number; role: string } | null | undefined): Viewer {
  return user ? { userId: user.id, isAdmin: user.role === "admin" } : visitor;
}

/** The viewer a domain function acts for when all it has is the acting user's id. */
export function actingUser(userId: number): Viewer {
  return { userId, isAdmin: false };
}

export function isOwner(viewer: Viewer, request: Pick<RequestFacts, "user_id">): boolean {
  return viewer.userId !== null && viewer.userId === request.user_id;
}

/** Drafts were never sent: only their owner (and administrators) see them. Hiding is the moderation room's (visibilityOf). */
export function canView(viewer: Viewer, request: RequestFacts): boolean {
  return request.state !== "draft" || isOwner(viewer, request) || viewer.isAdmin;
}

/** Only a draft is edited, sent or deleted, and only by its owner. */
export function canEditDraft(viewer: Viewer, request: RequestFacts): boolean {
  return isOwner(viewer, request) && request.state === "draft";
}

/** The classification choices the owner is offered (the current state, and those it may move to). */
export function classifyChoices(viewer: Viewer, request: RequestFacts): ClassificationState[] {
  if (!isOwner(viewer, request)) return [];
  const allowed = allowedTransitions(request.state);
  return CLASSIFICATION_STATES.filter((s) => s === request.state || allowed.includes(s));
}

export function canClassify(viewer: Viewer, request: RequestFacts): boolean {
  return isOwner(viewer, request);
}

export function canWithdraw(viewer: Viewer, request: RequestFacts): boolean {
  return isOwner(viewer, request) && allowedTransitions(request.state).includes("withdrawn");
}

/** A follow-up goes to the authority: the request must have been sent and still be open. */
export function canFollowUp(viewer: Viewer, request: RequestFacts): boolean {
  return isOwner(viewer, request) && request.state !== "draft" && request.state !== "withdrawn";
}

/** A reminder to the authority once its deadline has passed. */
export function canNudge(viewer: Viewer, request: RequestFacts, overdue: boolean): boolean {
  return isOwner(viewer, request) && overdue;
}

/** An appeal: after a refusal, a partial refusal or silence past the deadline, and not twice at once. */
export function canEscalate(viewer: Viewer, request: RequestFacts, dates: Pick<StoredDates, "due_date" | "extended_due_date">, today: string): boolean {
  return isOwner(viewer, request) && escalationWindowOpen(request.state, dates, today);
}

/** Whether the law's window for an appeal is open, whoever asks (the escalation wizard's "eligible"). */
export function escalationWindowOpen(state: string, dates: Pick<StoredDates, "due_date" | "extended_due_date">, today: string): boolean {
  return state !== "appeal_pending" && escalationOpen(state, dates, today);
}

/** The owner marks an extension the authority announced (or removes the mark). */
export function canMarkExtension(viewer: Viewer, request: RequestFacts): boolean {
  return isOwner(viewer, request);
}

/** Only a decision (refusal, partial refusal) can omit the appeal route. */
export function canSetAppealNotice(viewer: Viewer, request: RequestFacts): boolean {
  return isOwner(viewer, request) && (APPEALABLE_STATES as readonly string[]).includes(request.state);
}

/** The moderation page: administrators, and the requester for redaction rules on their own request. */
export function canModerate(viewer: Viewer, request: Pick<RequestFacts, "user_id">): boolean {
  return viewer.isAdmin || isOwner(viewer, request);
}

/** Hiding, labelling and banning from the moderation page are for administrators only. */
export function canAdminister(viewer: Viewer): boolean {
  return viewer.isAdmin;
}

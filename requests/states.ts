import { ConflictError } from "../core/errors";

/**
 * The request lifecycle, adapted from Alaveteli's states. The table says
 * which changes make sense; anything else is refused. "Awaiting
 * classification" and "overdue" are computed, never stored.
 */
export const REQUEST_STATES = [
  "draft",
  "awaiting_response",
  "waiting_clarification",
  "successful",
  "partially_successful",
  "refused",
  "not_held",
  "gone_postal",
  "appeal_pending",
  "withdrawn",
  "delivery_error",
  "requires_admin",
] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** What the owner may say about a request after a reply (the "classify" choices). */
export const CLASSIFICATION_STATES = [
  "awaiting_response",
  "waiting_clarification",
  "successful",
  "partially_successful",
  "refused",
  "not_held",
  "gone_postal",
  "requires_admin",
] as const satisfies readonly RequestState[];
export type ClassificationState = (typeof CLASSIFICATION_STATES)[number];

const classified: RequestState[] = [...CLASSIFICATION_STATES];

/** from → the states it may move to. */
export const TRANSITIONS: Record<RequestState, readonly RequestState[]> = {
  draft: ["awaiting_response"],
  awaiting_response: [...classified, "withdrawn", "delivery_error", "appeal_pending"],
  waiting_clarification: [...classified, "withdrawn", "delivery_error", "appeal_pending"],
  successful: classified,
  partially_successful: [...classified, "appeal_pending", "withdrawn"],
  refused: [...classified, "appeal_pending", "withdrawn"],
  not_held: [...classified, "appeal_pending", "withdrawn"],
  gone_postal: [...classified, "withdrawn"],
  appeal_pending: [...classified, "withdrawn"],
  withdrawn: [],
  delivery_error: ["awaiting_response", "requires_admin", "withdrawn"],
  requires_admin: [...classified, "withdrawn", "delivery_error"],
};

export function isRequestState(value: unknown): value is RequestState {
  return typeof value === "string" && (REQUEST_STATES as readonly string[]).includes(value);
}

/**
 * The mail room's ingest stores "awaiting_classification" when a reply
 * arrives. The lifecycle treats it as awaiting_response with a reply to
 * classify (computed elsewhere from the messages), so every classification
 * stays possible from it.
 */
export const REPLY_RECEIVED = "awaiting_classification";

/** The states a request in `from` may move to. */
export function allowedTransitions(from: string): readonly RequestState[] {
  if (from === REPLY_RECEIVED) return ["awaiting_response", ...TRANSITIONS.awaiting_response];
  return isRequestState(from) ? TRANSITIONS[from] : [];
}

export function canTransition(from: string, to: string): boolean {
  return isRequestState(to) && from !== to && allowedTransitions(from).includes(to);
}

export class TransitionError extends ConflictError {
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`A request cannot go from "${from}" to "${to}"`, "invalid_transition");
  }
}

/** States in which the authority still owes an answer (the deadline runs). */
export function isWaiting(state: string): boolean {
  return state === "awaiting_response" || state === "waiting_clarification" || state === REPLY_RECEIVED;
}

/** States that end the request for its owner (nothing more to do). */
export function isClosed(state: string): boolean {
  return state === "withdrawn" || state === "successful" || state === "not_held";
}

export type RequestErrorCode =
  | "not_found"
  | "forbidden"
  | "not_draft"
  | "no_email"
  | "inactive_authority"
  | "daily_cap"
  | "unconfirmed"
  | "invalid_transition"
  | "not_sent"
  | "invalid_input";

/** A refusal the page can explain to the citizen (the code maps to a UI string). */
export class RequestError extends Error {
  constructor(
    readonly code: RequestErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "RequestError";
  }
}

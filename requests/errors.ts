import { DossierError } from "../core/errors";

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
  | "invalid_input"
  | "unverified_email"
  | "no_postal_address"
  | "not_post"
  | "unsupported_file"
  | "follow_up_limit";

/** The HTTP answer of each refusal; the rest are 409 (valid, but not in this state). */
const STATUS: Partial<Record<RequestErrorCode, number>> = { not_found: 404, forbidden: 403, invalid_input: 400, daily_cap: 429, follow_up_limit: 429 };

/** A refusal the page can explain to the citizen (the code maps to a UI string). */
export class RequestError extends DossierError {
  declare readonly code: RequestErrorCode;

  constructor(code: RequestErrorCode, message: string) {
    super(code, message, { status: STATUS[code] ?? 409 });
  }
}

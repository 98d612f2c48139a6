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
  | "invalid_input";

/** A refusal the page can explain to the citizen (the code maps to a UI string). */
export class RequestError extends DossierError {
  declare readonly code: RequestErrorCode;
  constructor(code: RequestErrorCode, message: string) {
    super(code, message, { status: statusOf[code] });
  }
}

const statusOf: Record<RequestErrorCode, number> = {
  not_found: 404,
  forbidden: 403,
  not_draft: 409,
  no_email: 409,
  inactive_authority: 409,
  daily_cap: 429,
  unconfirmed: 403,
  invalid_transition: 409,
  not_sent: 409,
  invalid_input: 400,
};

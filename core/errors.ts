/**
 * The one error hierarchy of the platform. Every error a user or a caller
 * can meet on purpose is a `DossierError`: it carries a stable `code` (what
 * scripts and tests match, and what pages map to a translated string) and
 * the HTTP `status` a web route answers with. Anything else is a bug and
 * surfaces as a 500.
 */
export class DossierError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(code: string, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = options.status ?? 400;
  }
}

/** Input that does not have the right shape: a form field, a CLI flag, a query parameter. */
export class InvalidInputError extends DossierError {
  constructor(message: string, code = "invalid_input") {
    super(code, message, { status: 400 });
  }
}

/** A command line the CLI cannot run: unknown flag, missing value. */
export class UsageError extends DossierError {
  constructor(message: string) {
    super("usage", message, { status: 400 });
  }
}

export class NotFoundError extends DossierError {
  constructor(message = "Not found", code = "not_found") {
    super(code, message, { status: 404 });
  }
}

export class ForbiddenError extends DossierError {
  constructor(message = "Forbidden", code = "forbidden") {
    super(code, message, { status: 403 });
  }
}

/** The action is valid but the thing is not in a state that allows it. */
export class ConflictError extends DossierError {
  constructor(message: string, code = "conflict") {
    super(code, message, { status: 409 });
  }
}

export class RateLimitError extends DossierError {
  constructor(message: string, code = "rate_limited") {
    super(code, message, { status: 429 });
  }
}

/** The environment is wrong; the process stops with a message naming every bad variable. */
export class ConfigError extends DossierError {
  constructor(readonly problems: string[]) {
    super("config", `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example for every variable and its default.`, { status: 500 });
  }
}

export function isDossierError(error: unknown): error is DossierError {
  return error instanceof DossierError;
}

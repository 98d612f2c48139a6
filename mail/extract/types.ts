export type ExtractionStatus = "done" | "failed" | "unsupported" | "empty";

export interface ExtractionResult {
  status: ExtractionStatus;
  text: string;
  /** Why extraction failed (or why the type is unsupported). */
  error: string | null;
}

/** Cap on stored text per attachment: enough for search, not enough to bloat a row. */
export const MAX_TEXT_CHARS = 2_000_000;

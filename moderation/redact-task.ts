import type { TextRange } from "./html-text";
import { findMasks } from "./mask";
import { compileRule, findRedactions, type RedactionRule } from "./redaction";
import { redactImage } from "./image-redact";
import { redactPdf } from "./pdf-redact";

/**
 * Child-process side of FileRedactor (moderation/file-redactor.ts, on
 * core/bounded): one PDF or image, the rules in force as plain data, and
 * the redacted file (or "clean", or "unsafe" with the reason) back. Every
 * rendered or recognised page is reported as progress, which re-arms the
 * parent's time bound.
 */
export interface RedactionJobInput {
  bytes: Uint8Array;
  contentType: string;
  rules: RedactionRule[];
}

export type RedactionOutcome =
  | { status: "clean"; pages: number }
  | { status: "redacted"; bytes: Uint8Array; pages: number; matches: number }
  | { status: "unsafe"; reason: string };

const isPdf = (type: string) => type.toLowerCase().split(";")[0].trim() === "application/pdf";

/** What a page's text loses: the rules' matches and every maskable address or number (finding 6 of issue 17). */
export function rangesToHideWith(rules: RedactionRule[]): (text: string) => TextRange[] {
  const compiled = rules.map(compileRule);
  return (text) => {
    const redactions = findRedactions(text, compiled);
    const masks = findMasks(text).filter((m) => !redactions.some((r) => m.start < r.end && m.end > r.start));
    return [...redactions, ...masks];
  };
}

/** Redacts one file in this process (pdf.js, Tesseract), bounded only by each redactor's own deadline and page caps. */
export async function redactInProcess(input: RedactionJobInput, onProgress?: (step: string) => void): Promise<RedactionOutcome> {
  const find = rangesToHideWith(input.rules);
  const result = isPdf(input.contentType) ? await redactPdf(input.bytes, find, { onProgress }) : await redactImage(input.bytes, find, { onProgress });
  if (result.status === "redacted") return { status: "redacted", bytes: result.bytes, pages: result.pages, matches: result.matches };
  if (result.status === "clean") return { status: "clean", pages: result.pages };
  return result;
}

export default function redactTask(input: RedactionJobInput, progress: (p: unknown) => void): Promise<RedactionOutcome> {
  return redactInProcess(input, (step) => progress(step));
}

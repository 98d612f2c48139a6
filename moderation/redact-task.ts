import { redactImage } from "./image-redact";
import { redactPdf } from "./pdf-redact";
import { compileRule, findRedactions, type RedactionRule } from "./redaction";

/** One file to redact in the bounded redaction process (moderation/attachments.ts). */
export interface RedactionJob {
  kind: "pdf" | "image";
  bytes: Uint8Array;
  rules: RedactionRule[];
}

export type RedactionOutcome =
  | { status: "clean"; pages: number }
  | { status: "redacted"; bytes: Uint8Array; contentType: string; pages: number; matches: number }
  | { status: "unsafe"; reason: string };

/** Child-process side: the rules are compiled here (a compiled rule holds functions, which do not cross processes). */
export default async function redactTask(job: RedactionJob, progress: (p: unknown) => void): Promise<RedactionOutcome> {
  const compiled = job.rules.map(compileRule);
  const find = (text: string) => findRedactions(text, compiled);
  const onProgress = (step: string) => progress(step);
  if (job.kind === "image") return redactImage(job.bytes, find, { onProgress });
  const result = await redactPdf(job.bytes, find, { onProgress });
  return result.status === "redacted" ? { status: "redacted", bytes: result.bytes, contentType: "application/pdf", pages: result.pages, matches: result.matches } : result.status === "clean" ? { status: "clean", pages: result.pages } : result;
}

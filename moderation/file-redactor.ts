import { BoundedProcess } from "../core/bounded";
import type { RedactionRule } from "./redaction";
import type { RedactionJobInput, RedactionOutcome } from "./redact-task";

export type { RedactionOutcome } from "./redact-task";

export interface FileRedactorOptions {
  /** Wall-clock limit without progress (each page rendered or recognised counts). */
  timeoutMs?: number;
  /** Wall-clock limit per file, progress or not. */
  maxJobMs?: number;
  /** V8 heap of the redaction process, MB. */
  maxMemoryMb?: number;
  /** Resident memory of the redaction process as a whole (heap, Tesseract's WebAssembly, canvases), MB. */
  maxRssMb?: number;
}

/**
 * Redacts PDFs and images in a child process with time and memory bounds
 * (core/bounded; docs/decisions/160-redaction-ahead-of-time.md), like
 * extraction: a file that loops, eats memory or crashes pdf.js costs one
 * child (killed and replaced) and comes back "unsafe" with the reason; the
 * next file is redacted as usual. Only background jobs call it: the web
 * reads the stored result (moderation/attachments.ts).
 */
export class FileRedactor {
  private readonly process: BoundedProcess<RedactionJobInput, RedactionOutcome>;

  constructor(options: FileRedactorOptions = {}) {
    this.process = new BoundedProcess({
      task: "moderation/redact-task.ts",
      timeoutMs: options.timeoutMs ?? 120_000,
      maxJobMs: options.maxJobMs ?? 20 * 60_000,
      maxHeapMb: options.maxMemoryMb ?? 512,
      maxRssMb: options.maxRssMb ?? 2048,
    });
  }

  async redact(bytes: Uint8Array, contentType: string, rules: RedactionRule[]): Promise<RedactionOutcome> {
    const outcome = await this.process.run({ bytes, contentType, rules });
    if (outcome.ok) return outcome.value.status === "redacted" ? { ...outcome.value, bytes: Buffer.from(outcome.value.bytes) } : outcome.value;
    const why = outcome.failure === "timeout" || outcome.failure === "memory" ? outcome.error : `failed: ${outcome.error}`;
    return { status: "unsafe", reason: `the redaction ${why}` };
  }

  close(): Promise<void> {
    return this.process.close();
  }
}

let shared: FileRedactor | null = null;
/** One redaction process per worker process, started on first use. */
export function sharedFileRedactor(): FileRedactor {
  shared ??= new FileRedactor();
  return shared;
}

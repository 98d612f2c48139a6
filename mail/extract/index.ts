import { BoundedProcess } from "../../core/bounded";
import { canExtract } from "./supported";
import type { ExtractionJob } from "./task";
import type { ExtractionProgress, ExtractionResult } from "./types";

export type { ExtractionProgress, ExtractionResult, ExtractionStatus, ExtractedPart, TextSource } from "./types";
export { PAGE_BREAK } from "./types";
export { canExtract } from "./supported";

/** Extract in this thread (no time or memory bound): loads the extractors on first use. */
export async function extractInProcess(bytes: Uint8Array, contentType: string): Promise<ExtractionResult> {
  const { extractInProcess: run } = await import("./run");
  return run(bytes, contentType);
}

export interface TextExtractorOptions {
  /** Wall-clock limit per file without progress (each recognised page counts as progress). */
  timeoutMs?: number;
  /** Wall-clock limit per file, progress or not. */
  maxJobMs?: number;
  /** Pages recognised (OCR) at most per document. */
  maxOcrPages?: number;
  /** V8 heap of the extraction process, MB; a file that needs more fails instead of taking anything else down. */
  maxMemoryMb?: number;
  /** Resident memory of the extraction process as a whole (heap, Tesseract's WebAssembly, canvases), MB. */
  maxRssMb?: number;
}

/**
 * Runs extractors in a child process with time and memory bounds
 * (core/bounded). A hostile file that loops or eats memory costs one child
 * process (killed and replaced), never this process, and the next file is
 * extracted as usual. Files are extracted one at a time per extractor;
 * create several extractors for parallelism.
 */
export class TextExtractor {
  private readonly process: BoundedProcess<ExtractionJob, ExtractionResult, ExtractionProgress>;
  private readonly maxOcrPages: number | undefined;

  constructor(options: TextExtractorOptions = {}) {
    this.process = new BoundedProcess({
      task: "mail/extract/task.ts",
      timeoutMs: options.timeoutMs ?? 60_000,
      maxJobMs: options.maxJobMs ?? 30 * 60_000,
      maxHeapMb: options.maxMemoryMb ?? 512,
      maxRssMb: options.maxRssMb ?? 2048,
    });
    this.maxOcrPages = options.maxOcrPages;
  }

  /** Extracts the text of one file; `onProgress` hears about long work (pages being recognised). */
  async extract(bytes: Uint8Array, contentType: string, onProgress?: (p: ExtractionProgress) => void): Promise<ExtractionResult> {
    if (!canExtract(contentType)) return { status: "unsupported", text: "", error: `no text extractor for ${contentType}` };
    const outcome = await this.process.run({ bytes, contentType, maxOcrPages: this.maxOcrPages }, onProgress);
    if (outcome.ok) return outcome.value;
    if (outcome.failure === "closed") return { status: "failed", text: "", error: "extractor closed" };
    const why = outcome.failure === "timeout" || outcome.failure === "memory" ? outcome.error : `failed: ${outcome.error}`;
    return { status: "failed", text: "", error: `extraction ${why}` };
  }

  /** Process id of the extraction process while it runs (benchmarks read its memory). */
  get processId(): number | undefined {
    return this.process.pid;
  }

  close(): Promise<void> {
    return this.process.close();
  }
}

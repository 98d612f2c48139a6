import { Worker } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import { canExtract } from "./supported";
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
  /** Heap limit of the worker thread; a file that needs more fails instead of taking the process down. */
  maxMemoryMb?: number;
}

interface Pending {
  id: number;
  bytes: Uint8Array;
  contentType: string;
  resolve: (r: ExtractionResult) => void;
  onProgress?: (p: ExtractionProgress) => void;
  startedAt?: number;
}

/**
 * Runs extractors in a worker thread with `resourceLimits` and a timeout. A
 * hostile file that loops or eats memory costs one worker (terminated and
 * replaced), never the process. Jobs run one at a time per extractor; create
 * several extractors for parallelism.
 */
export class TextExtractor {
  private worker: Worker | null = null;
  private queue: Pending[] = [];
  private current: Pending | null = null;
  private timer: NodeJS.Timeout | null = null;
  private nextId = 1;
  private closed = false;
  private readonly timeoutMs: number;
  private readonly maxMemoryMb: number;
  private readonly maxJobMs: number;
  private readonly maxOcrPages: number | undefined;

  constructor(options: TextExtractorOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.maxMemoryMb = options.maxMemoryMb ?? 512;
    this.maxJobMs = options.maxJobMs ?? 30 * 60_000;
    this.maxOcrPages = options.maxOcrPages;
  }

  /** Extracts the text of one file; `onProgress` hears about long work (pages being recognised). */
  extract(bytes: Uint8Array, contentType: string, onProgress?: (p: ExtractionProgress) => void): Promise<ExtractionResult> {
    if (!canExtract(contentType)) {
      return Promise.resolve({ status: "unsupported", text: "", error: `no text extractor for ${contentType}` });
    }
    if (this.closed) return Promise.resolve({ status: "failed", text: "", error: "extractor closed" });
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, bytes, contentType, resolve, onProgress });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.resolve({ status: "failed", text: "", error: "extractor closed" });
    this.finish({ status: "failed", text: "", error: "extractor closed" });
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  private spawn(): Worker {
    const file = fileURLToPath(new URL("./worker-entry.mjs", import.meta.url));
    const worker = new Worker(file, {
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: this.maxMemoryMb, maxYoungGenerationSizeMb: 64 },
      stdout: false,
      stderr: true,
    });
    // pdf.js warns on stderr about harmless font issues; do not let that reach our logs.
    worker.stderr?.resume();
    worker.on("message", (msg: { id: number; result?: ExtractionResult; progress?: ExtractionProgress }) => {
      if (!this.current || msg.id !== this.current.id) return;
      if (msg.result) this.finish(msg.result);
      else if (msg.progress) {
        this.arm();
        try {
          this.current.onProgress?.(msg.progress);
        } catch {
          // A listener's failure is not the file's.
        }
      }
    });
    const onDeath = (reason: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.finish({ status: "failed", text: "", error: reason });
    };
    worker.on("error", (e) => onDeath(`extractor crashed: ${e.message}`));
    worker.on("exit", (code) => onDeath(`extractor exited with code ${code}`));
    worker.unref();
    return worker;
  }

  private pump(): void {
    if (this.current || this.closed) return;
    const job = this.queue.shift();
    if (!job) return;
    this.current = job;
    if (!this.worker) this.worker = this.spawn();
    this.worker.ref();
    job.startedAt = Date.now();
    this.arm();
    this.worker.postMessage({ id: job.id, bytes: job.bytes, contentType: job.contentType, maxOcrPages: this.maxOcrPages });
  }

  /** (Re)starts the time bound of the current job: `timeoutMs` from now, never past `maxJobMs` from its start. */
  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    const job = this.current;
    if (!job) return;
    const left = Math.min(this.timeoutMs, this.maxJobMs - (Date.now() - (job.startedAt ?? Date.now())));
    this.timer = setTimeout(() => {
      const w = this.worker;
      this.worker = null;
      const total = Date.now() - (job.startedAt ?? Date.now());
      this.finish({ status: "failed", text: "", error: total >= this.maxJobMs ? `extraction timed out after ${this.maxJobMs} ms` : `extraction timed out after ${this.timeoutMs} ms` });
      void w?.terminate();
    }, Math.max(0, left));
  }

  private finish(result: ExtractionResult): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const job = this.current;
    this.current = null;
    this.worker?.unref();
    if (job) job.resolve(result);
    if (this.queue.length > 0) setImmediate(() => this.pump());
  }
}

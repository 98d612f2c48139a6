import { fork, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { MEMORY_EXIT, type ChildMessage } from "./protocol";

export type { BoundedTask } from "./protocol";

/**
 * Runs untrusted-input work (text extraction, OCR, redaction of documents)
 * in a child process with time and memory bounds
 * (docs/decisions/302-documents-without-system-binaries.md).
 *
 * Why a process and not a worker thread: a worker thread's heap bound
 * (`resourceLimits`) does not contain every out-of-memory — V8 may abort the
 * whole process ("FATAL ERROR: Reached heap limit") — and does not count
 * WebAssembly memory (Tesseract) or native buffers (canvas). A child process
 * started with `--max-old-space-size` dies alone, and its watchdog bounds its
 * resident memory as a whole. A job that passes a bound fails with a reason;
 * the child is replaced for the next job, so one bad file never blocks the
 * queue. Jobs run one at a time per BoundedProcess.
 */
export interface BoundedProcessOptions {
  /** The task module, relative to the project's folder ("mail/extract/task.ts"); its default export is a BoundedTask. */
  task: string;
  /** Wall-clock limit per job without progress (each progress report restarts it). */
  timeoutMs?: number;
  /** Wall-clock limit per job, progress or not. */
  maxJobMs?: number;
  /** V8 heap of the child, MB. */
  maxHeapMb?: number;
  /** Resident memory of the child as a whole (heap, WebAssembly, native), MB. */
  maxRssMb?: number;
}

export type BoundedFailure = "timeout" | "memory" | "crash" | "error" | "closed";
export type BoundedOutcome<Out> = { ok: true; value: Out } | { ok: false; failure: BoundedFailure; error: string };

interface Job {
  id: number;
  input: unknown;
  resolve: (outcome: BoundedOutcome<unknown>) => void;
  onProgress?: (p: unknown) => void;
  startedAt: number;
}

const ENTRY_IN_ROOT = path.join("core", "bounded", "child-entry.mjs");

/**
 * The project's folder: the nearest folder above this module that holds the
 * child entry. Found by walking up rather than by a path relative to this
 * file, because the web app's build bundles this module elsewhere (build/).
 */
export const projectRoot: string = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, ENTRY_IN_ROOT)) && existsSync(path.join(dir, "package.json"))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
})();

const ENTRY = path.join(projectRoot, ENTRY_IN_ROOT);

export class BoundedProcess<In, Out, Progress = unknown> {
  private child: ChildProcess | null = null;
  private stderrTail = "";
  private queue: Job[] = [];
  private current: Job | null = null;
  private timer: NodeJS.Timeout | null = null;
  private nextId = 1;
  private closed = false;
  readonly timeoutMs: number;
  readonly maxJobMs: number;
  readonly maxHeapMb: number;
  readonly maxRssMb: number;

  constructor(private readonly options: BoundedProcessOptions) {
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.maxJobMs = options.maxJobMs ?? 30 * 60_000;
    this.maxHeapMb = options.maxHeapMb ?? 512;
    this.maxRssMb = options.maxRssMb ?? 2048;
  }

  /** Process id of the current child (none before the first job or after a death), for measurements. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  run(input: In, onProgress?: (p: Progress) => void): Promise<BoundedOutcome<Out>> {
    if (this.closed) return Promise.resolve({ ok: false, failure: "closed", error: "the worker process is closed" });
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, input, resolve: resolve as Job["resolve"], onProgress: onProgress as Job["onProgress"], startedAt: 0 });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.resolve({ ok: false, failure: "closed", error: "the worker process is closed" });
    this.finish({ ok: false, failure: "closed", error: "the worker process is closed" });
    const child = this.child;
    this.child = null;
    if (child && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((r) => child.once("exit", r));
      // An idle child is unreferenced: hold the event loop until it is gone.
      child.ref();
      child.kill("SIGKILL");
      await gone;
    }
  }

  private spawn(): ChildProcess {
    const child = fork(ENTRY, [path.join(projectRoot, this.options.task), String(this.maxRssMb)], {
      execArgv: [`--max-old-space-size=${this.maxHeapMb}`, "--max-semi-space-size=16"],
      serialization: "advanced",
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    this.stderrTail = "";
    // pdf.js warns on stderr about harmless font issues: kept only to explain a death.
    child.stderr?.on("data", (chunk: Buffer) => {
      if (this.child === child) this.stderrTail = (this.stderrTail + chunk.toString("utf8")).slice(-4000);
    });
    child.on("message", (msg: ChildMessage) => {
      const job = this.current;
      if (this.child !== child || !job || msg.id !== job.id) return;
      if (msg.kind === "progress") {
        this.arm();
        try {
          job.onProgress?.(msg.progress);
        } catch {
          // A listener's failure is not the job's.
        }
      } else if (msg.kind === "error") this.finish({ ok: false, failure: "error", error: msg.error });
      else this.finish({ ok: true, value: msg.result });
    });
    child.on("error", (e) => this.died(child, `the worker process failed: ${e.message}`, "crash"));
    // The child checks its own memory between tasks' steps, but not while a step runs synchronously
    // (decoding a huge image): the parent also reads the child's resident size where the system shows it.
    let overMemory = false;
    const watchdog = setInterval(() => {
      const resident = residentBytes(child.pid);
      if (resident !== null && resident > this.maxRssMb * 1024 * 1024) {
        overMemory = true;
        child.kill("SIGKILL");
      }
    }, 100);
    watchdog.unref();
    child.on("exit", (code, signal) => {
      clearInterval(watchdog);
      if (code === MEMORY_EXIT || overMemory) return this.died(child, `needed more than ${this.maxRssMb} MB of memory`, "memory");
      if (/heap limit|out of memory/i.test(this.stderrTail)) return this.died(child, `needed more than ${this.maxHeapMb} MB of memory (heap)`, "memory");
      this.died(child, `the worker process stopped (${signal ?? `exit code ${code}`})`, "crash");
    });
    this.detach(child);
    return child;
  }

  private died(child: ChildProcess, error: string, failure: BoundedFailure): void {
    if (this.child !== child) return;
    this.child = null;
    this.finish({ ok: false, failure, error });
  }

  /** An idle child does not keep the parent alive; a busy one does. */
  private attach(child: ChildProcess): void {
    child.ref();
    (child.channel as unknown as { ref?: () => void } | undefined)?.ref?.();
  }

  private detach(child: ChildProcess): void {
    child.unref();
    (child.channel as unknown as { unref?: () => void } | undefined)?.unref?.();
  }

  private pump(): void {
    if (this.current || this.closed) return;
    const job = this.queue.shift();
    if (!job) return;
    this.current = job;
    this.child ??= this.spawn();
    this.attach(this.child);
    job.startedAt = Date.now();
    this.arm();
    this.child.send({ id: job.id, input: job.input });
  }

  /** (Re)starts the time bound of the current job: `timeoutMs` from now, never past `maxJobMs` from its start. */
  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    const job = this.current;
    if (!job) return;
    const left = Math.min(this.timeoutMs, this.maxJobMs - (Date.now() - job.startedAt));
    this.timer = setTimeout(() => {
      const child = this.child;
      this.child = null;
      const total = Date.now() - job.startedAt;
      this.finish({ ok: false, failure: "timeout", error: `timed out after ${total >= this.maxJobMs ? this.maxJobMs : this.timeoutMs} ms` });
      child?.kill("SIGKILL");
    }, Math.max(0, left));
  }

  private finish(outcome: BoundedOutcome<unknown>): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const job = this.current;
    this.current = null;
    if (this.child) this.detach(this.child);
    if (job) job.resolve(outcome);
    if (this.queue.length > 0) setImmediate(() => this.pump());
  }
}

/** /proc/PID/statm counts pages; 4 KiB on the x86-64 and most arm64 kernels Dossier runs on. */
const PAGE_BYTES = 4096;

/** A process's resident memory from /proc (Linux); null where the system does not show it. */
function residentBytes(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, "utf8").split(" ")[1]);
    return Number.isFinite(pages) ? pages * PAGE_BYTES : null;
  } catch {
    return null;
  }
}

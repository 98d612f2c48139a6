import { buildSync } from "esbuild";
import path from "node:path";
import { Worker } from "node:worker_threads";

/**
 * Runs `call(module, input)` in a worker thread, with `module` the project
 * file `modulePath` bundled by esbuild, and rejects when it has not finished
 * within `timeoutMs` (the worker is then terminated, which stops even a
 * runaway regular expression). Adversarial-input tests use it with a
 * generous bound: linear code finishes in milliseconds, a super-linear
 * expression on the same input takes minutes. It is a bound, not a timing.
 */
export async function runBounded<T = unknown>(modulePath: string, call: string, input: unknown, timeoutMs = 15_000): Promise<T> {
  const root = path.resolve(__dirname, "../..");
  const entry = `
    import * as subject from ${JSON.stringify(path.resolve(root, modulePath))};
    import { parentPort, workerData } from "node:worker_threads";
    const call = (${call});
    Promise.resolve()
      .then(() => call(subject, workerData))
      .then((result) => parentPort.postMessage({ ok: true, result }), (error) => parentPort.postMessage({ ok: false, error: String(error && error.stack || error) }));
  `;
  const built = buildSync({ stdin: { contents: entry, resolveDir: root, loader: "ts" }, bundle: true, platform: "node", format: "cjs", write: false, logLevel: "silent" });
  const code = built.outputFiles[0].text;
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: input });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`still running after ${timeoutMs} ms: ${modulePath} ${call}`));
    }, timeoutMs);
    worker.once("message", (message: { ok: boolean; result?: T; error?: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      if (message.ok) resolve(message.result as T);
      else reject(new Error(message.error));
    });
    worker.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

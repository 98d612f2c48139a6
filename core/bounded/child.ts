/**
 * Child side of a BoundedProcess: loads the task module named on the
 * command line (its default export runs one job), answers each job with its
 * id, and reports progress on the way. A watchdog checks the whole
 * process's resident memory (the V8 heap, WebAssembly memories such as
 * Tesseract's, native buffers) and exits with MEMORY_EXIT when it passes the
 * bound: V8's own heap limit does not cover WebAssembly or native memory.
 */
import { pathToFileURL } from "node:url";
import { MEMORY_EXIT, type BoundedTask, type ChildMessage, type ParentMessage } from "./protocol";

const [taskFile, maxRssArg] = process.argv.slice(2);
const maxRssBytes = Number(maxRssArg) * 1024 * 1024;

const send = (message: ChildMessage) => {
  if (process.connected) process.send?.(message);
};

if (maxRssBytes > 0) {
  const watchdog = setInterval(() => {
    if (process.memoryUsage.rss() > maxRssBytes) {
      process.stderr.write(`bounded child: resident memory above ${maxRssArg} MB\n`);
      process.exit(MEMORY_EXIT);
    }
  }, 100);
  watchdog.unref();
}

const loaded: Promise<BoundedTask<unknown, unknown>> = import(pathToFileURL(taskFile).href).then((m) => (m.default ?? m) as BoundedTask<unknown, unknown>);

process.on("message", async (message: ParentMessage) => {
  try {
    const task = await loaded;
    const result = await task(message.input, (progress) => send({ id: message.id, kind: "progress", progress }));
    send({ id: message.id, kind: "result", result });
  } catch (error) {
    send({ id: message.id, kind: "error", error: String((error as Error)?.message ?? error).slice(0, 1000) });
  }
});
// The parent going away ends the child.
process.on("disconnect", () => process.exit(0));

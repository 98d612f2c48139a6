import { parentPort } from "node:worker_threads";
import { extractInProcess } from "./run";

/** Worker-thread side of TextExtractor: one job at a time, answers with the job id. */
parentPort?.on("message", async (job: { id: number; bytes: Uint8Array; contentType: string }) => {
  const result = await extractInProcess(job.bytes, job.contentType);
  parentPort?.postMessage({ id: job.id, result });
});

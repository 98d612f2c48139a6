import { parentPort } from "node:worker_threads";
import { extractInProcess } from "./run";
import type { ExtractionOptions } from "./types";

/** Worker-thread side of TextExtractor: one job at a time, answers with the job id; progress is reported as it goes. */
parentPort?.on("message", async (job: { id: number; bytes: Uint8Array; contentType: string; maxOcrPages?: number }) => {
  const options: ExtractionOptions = {
    maxOcrPages: job.maxOcrPages,
    onProgress: (progress) => parentPort?.postMessage({ id: job.id, progress }),
  };
  const result = await extractInProcess(job.bytes, job.contentType, options);
  parentPort?.postMessage({ id: job.id, result });
});

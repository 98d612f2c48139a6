import { extractInProcess } from "./run";
import type { ExtractionProgress, ExtractionResult } from "./types";

export interface ExtractionJob {
  bytes: Uint8Array;
  contentType: string;
  maxOcrPages?: number;
}

/** Child-process side of TextExtractor (core/bounded): one file, progress reported as pages are read. */
export default function extractTask(job: ExtractionJob, progress: (p: ExtractionProgress) => void): Promise<ExtractionResult> {
  return extractInProcess(job.bytes, job.contentType, { maxOcrPages: job.maxOcrPages, onProgress: progress });
}

import { OcrEngine } from "../../core/documents/ocr";

/** One recognition engine per extraction thread, started on first use and reused for every file. */
let engine: OcrEngine | null = null;

export function extractionOcr(): OcrEngine {
  return (engine ??= new OcrEngine());
}

export async function closeExtractionOcr(): Promise<void> {
  const e = engine;
  engine = null;
  await e?.close();
}

/** Pages recognised at most per document by default (about 2–5 s each). */
export const DEFAULT_MAX_OCR_PAGES = 100;
/** Resolution scanned PDF pages are rendered at for recognition. */
export const OCR_DPI = 200;

import { decodeImage, ImageError } from "../core/documents/images";
import { sharedOcrEngine, type OcrEngine } from "../core/documents/ocr";
import { encodePng, isBlank, paintBlack, type Raster } from "../core/documents/raster";
import { boxesOf, buildPdf, describe, padPixels, type FindRanges } from "./pdf-redact";

/**
 * Redaction of image attachments (PNG, JPEG, TIFF: photographed or scanned
 * letters), docs/decisions/303-ocr-and-legacy-formats.md. Each page is
 * recognised (Tesseract, with a box per word), the words the rules remove
 * are painted black in the pixels, and the result is recognised again
 * before release: any match left means "unsafe" and the file is withheld.
 * One page is published as a PNG, several (a multi-page TIFF) as a PDF of
 * the redacted pages. The original is never changed.
 */
export type ImageRedactionResult =
  | { status: "clean"; pages: number }
  | { status: "redacted"; bytes: Buffer; contentType: "image/png" | "application/pdf"; pages: number; matches: number }
  | { status: "unsafe"; reason: string };

export interface ImageRedactionOptions {
  /** Pages (of a TIFF) recognised at most; more is "unsafe". */
  maxPages?: number;
  timeoutMs?: number;
  ocr?: OcrEngine;
  /** Below this mean word confidence (0–100) the reading is too uncertain to publish. */
  minConfidence?: number;
  onProgress?: (step: string) => void;
}

/** Scans are published at this resolution when they become a PDF (points per pixel: 72 / dpi). */
const ASSUMED_DPI = 200;

export async function redactImage(bytes: Uint8Array, find: FindRanges, options: ImageRedactionOptions = {}): Promise<ImageRedactionResult> {
  const maxPages = options.maxPages ?? 50;
  const deadline = Date.now() + (options.timeoutMs ?? 10 * 60_000);
  const ocr = options.ocr ?? sharedOcrEngine();
  const minConfidence = options.minConfidence ?? 55;
  const step = () => {
    if (Date.now() > deadline) throw new Error("the redaction took too long (time-out)");
    options.onProgress?.("page");
  };
  try {
    const image = await decodeImage(bytes, { maxPages });
    if (image.pageCount > image.pages.length) return { status: "unsafe", reason: `the image has ${image.pageCount} pages, more than ${maxPages} to recognise` };
    let matches = 0;
    const redacted: Raster[] = [];
    const touched: number[] = [];
    for (const [i, page] of image.pages.entries()) {
      step();
      if (isBlank(page)) {
        redacted.push(page);
        continue;
      }
      const read = await ocr.recognize(page);
      if (read.words.length > 0 && read.confidence < minConfidence) {
        return { status: "unsafe", reason: `page ${i + 1} of the image could not be recognised reliably (confidence ${Math.round(read.confidence)}%)` };
      }
      const ranges = find(read.text);
      if (ranges.length > 0) {
        paintBlack(page, padPixels(boxesOf(read, ranges)));
        matches += ranges.length;
        touched.push(i);
      }
      redacted.push(page);
    }
    if (matches === 0) return { status: "clean", pages: image.pages.length };
    // What a reader would see, recognised again: nothing the rules remove may be left.
    for (const i of touched) {
      step();
      if (find((await ocr.recognize(redacted[i])).text).length > 0) return { status: "unsafe", reason: `the redacted image (page ${i + 1}) still showed the text` };
    }
    if (redacted.length === 1) return { status: "redacted", bytes: encodePng(redacted[0]), contentType: "image/png", pages: 1, matches };
    const pdf = await buildPdf(redacted.map((r) => ({ width: (r.width * 72) / ASSUMED_DPI, height: (r.height * 72) / ASSUMED_DPI, png: encodePng(r) })));
    return { status: "redacted", bytes: pdf, contentType: "application/pdf", pages: redacted.length, matches };
  } catch (error) {
    return { status: "unsafe", reason: error instanceof ImageError ? error.message : `the image could not be redacted (${describe(error)})` };
  }
}

import PDFDocument from "pdfkit";
import { openPdf, boxesForRanges, PdfError, type OpenedPdf, type PageText } from "../core/documents/pdf";
import { sharedOcrEngine, type OcrEngine, type OcrPage } from "../core/documents/ocr";
import { encodePng, isBlank, paintBlack, type Box, type Raster } from "../core/documents/raster";
import type { TextRange } from "./html-text";

/**
 * Real redaction of PDF files (docs/decisions/302-documents-without-system-binaries.md,
 * which supersedes 700).
 *
 * A black rectangle drawn over text leaves the text in the file. Instead:
 * find the characters to remove in the page's text layer (pdf.js, with
 * positions) or, on a scanned page, in the words Tesseract recognised
 * (with their boxes); render every page to pixels (pdf.js on
 * @napi-rs/canvas), paint the boxes black in the pixels, and build a new PDF
 * from the images alone. The result has no text layer, fonts, metadata,
 * attachments or scripts of the original. Before it is returned, its text
 * layer is read again and its scanned pages are recognised again; any match
 * means "unsafe". When any of this cannot be done the answer is "unsafe"
 * and the caller withholds the file with a note.
 */

export type FindRanges = (text: string) => TextRange[];

export type PdfRedactionResult =
  | { status: "clean"; pages: number; ocrPages?: number[] }
  | { status: "redacted"; bytes: Buffer; pages: number; matches: number; ocrPages?: number[] }
  | { status: "unsafe"; reason: string };

export interface PdfRedactionOptions {
  /** Resolution of rendered pages that have a text layer, dots per inch. */
  dpi?: number;
  /** Resolution of scanned pages (rendered, recognised and published at it). */
  ocrDpi?: number;
  maxPages?: number;
  /** Scanned pages recognised at most; a PDF with more is "unsafe". */
  maxOcrPages?: number;
  /** Whole-document budget. */
  timeoutMs?: number;
  /** Recognition engine for scanned pages; null: scanned pages are "unsafe" as before OCR. */
  ocr?: OcrEngine | null;
  /** Below this mean word confidence (0–100) a scanned page's reading is too uncertain to publish. */
  minConfidence?: number;
  /** Told after each page rendered or recognised (a bounded caller re-arms its time limit). */
  onProgress?: (step: string) => void;
}

/** One page as the matcher sees it: text and a box (in pixels of `raster` when scanned, else in points) per character. */
interface PageModel {
  source: "layer" | "ocr" | "blank";
  text: string;
  boxes: (Box | null)[];
  /** Points per box unit → pixels: scale factor from box units to the rendered raster. */
  raster?: Raster;
  dpi: number;
  width: number;
  height: number;
}

class Timeout extends Error {}

/**
 * Removes from `pdf` every text `find` reports, or says why it cannot.
 * "clean" means nothing matched: the original may be served as it is.
 */
export async function redactPdf(pdf: Uint8Array, find: FindRanges, options: PdfRedactionOptions = {}): Promise<PdfRedactionResult> {
  const dpi = options.dpi ?? 150;
  const ocrDpi = options.ocrDpi ?? 200;
  const maxPages = options.maxPages ?? 300;
  const maxOcrPages = options.maxOcrPages ?? 50;
  const deadline = Date.now() + (options.timeoutMs ?? 10 * 60_000);
  const ocr = options.ocr === undefined ? sharedOcrEngine() : options.ocr;
  const minConfidence = options.minConfidence ?? 55;
  const check = () => {
    if (Date.now() > deadline) throw new Timeout();
    options.onProgress?.("page");
  };

  let doc: OpenedPdf;
  try {
    doc = await openPdf(pdf);
  } catch (error) {
    return { status: "unsafe", reason: error instanceof PdfError ? error.message : `the PDF could not be read (${describe(error)})` };
  }
  try {
    if (doc.pages === 0) return { status: "unsafe", reason: "the PDF has no readable pages" };
    if (doc.pages > maxPages) return { status: "unsafe", reason: `the PDF has ${doc.pages} pages, more than ${maxPages}` };

    const layers: PageText[] = [];
    for (let i = 0; i < doc.pages; i++) {
      layers.push(await doc.text(i));
      check();
    }
    const scanned = layers.map((p, i) => (p.glyphs === 0 ? i : -1)).filter((i) => i >= 0);
    if (scanned.length > maxOcrPages) return { status: "unsafe", reason: `the PDF has ${scanned.length} pages without a text layer, more than ${maxOcrPages} to recognise` };

    const models: PageModel[] = layers.map((p) => ({ source: "layer", text: p.text, boxes: p.boxes, dpi, width: p.width, height: p.height }));
    const ocrPages: number[] = [];
    for (const i of scanned) {
      const raster = await doc.render(i, ocrDpi);
      check();
      if (isBlank(raster)) {
        models[i] = { ...models[i], source: "blank", raster, dpi: ocrDpi };
        continue;
      }
      if (!ocr) return { status: "unsafe", reason: `page ${i + 1} is an image without a text layer (a scan?): its content cannot be checked` };
      const read = await ocr.recognize(raster);
      check();
      if (read.words.length > 0 && read.confidence < minConfidence) {
        return { status: "unsafe", reason: `page ${i + 1} is a scan whose text could not be recognised reliably (confidence ${Math.round(read.confidence)}%)` };
      }
      models[i] = { source: "ocr", text: read.text, boxes: read.boxes, raster, dpi: ocrDpi, width: layers[i].width, height: layers[i].height };
      ocrPages.push(i + 1);
    }

    const rangesPerPage = models.map((m) => (m.text ? find(m.text) : []));
    const matches = rangesPerPage.reduce((n, r) => n + r.length, 0);
    if (matches === 0) return { status: "clean", pages: doc.pages, ...(ocrPages.length ? { ocrPages } : {}) };

    const out: { width: number; height: number; png: Buffer }[] = [];
    for (let i = 0; i < models.length; i++) {
      const m = models[i];
      const raster = m.raster ?? (await doc.render(i, m.dpi));
      check();
      if (m.source === "ocr") paintBlack(raster, padPixels(boxesOf(m, rangesPerPage[i])));
      else paintBlack(raster, boxesForRanges(layers[i], rangesPerPage[i]), raster.width / m.width, raster.height / m.height);
      out.push({ width: m.width, height: m.height, png: encodePng(raster) });
      m.raster = undefined;
    }
    const bytes = await buildPdf(out);

    // Check the result as a reader's tools would see it: its text layer, and what recognition reads on the scanned pages.
    const left = await leftovers(bytes, find, ocrPages, ocrDpi, ocr, check);
    if (left) return { status: "unsafe", reason: left };
    return { status: "redacted", bytes, pages: doc.pages, matches, ...(ocrPages.length ? { ocrPages } : {}) };
  } catch (error) {
    if (error instanceof Timeout) return { status: "unsafe", reason: "the redaction took too long (time-out)" };
    return { status: "unsafe", reason: `the PDF could not be rendered (${describe(error)})` };
  } finally {
    await doc.close();
  }
}

export function boxesOf(page: { boxes: (Box | null)[] }, ranges: TextRange[]): Box[] {
  const out: Box[] = [];
  for (const r of ranges) for (let i = r.start; i < r.end; i++) if (page.boxes[i]) out.push(page.boxes[i]!);
  return out;
}

/** Recognised boxes are tight around the ink and character widths are estimated: pad generously. */
export function padPixels(boxes: Box[]): Box[] {
  return boxes.map((b) => {
    const h = b.y1 - b.y0;
    const pad = Math.max(3, (b.x1 - b.x0) * 0.5, h * 0.2);
    return { x0: b.x0 - pad, x1: b.x1 + pad, y0: b.y0 - Math.max(3, h * 0.2), y1: b.y1 + Math.max(3, h * 0.2) };
  });
}

async function leftovers(bytes: Buffer, find: FindRanges, ocrPages: number[], dpi: number, ocr: OcrEngine | null, check: () => void): Promise<string | null> {
  const result = await openPdf(bytes);
  try {
    for (let i = 0; i < result.pages; i++) {
      if (find((await result.text(i)).text).length > 0) return "the redacted file still contained the text";
    }
    for (const page of ocrPages) {
      check();
      const read: OcrPage = await ocr!.recognize(await result.render(page - 1, dpi));
      if (find(read.text).length > 0) return `the redacted scan of page ${page} still showed the text`;
    }
    return null;
  } finally {
    await result.close();
  }
}

export async function buildPdf(pages: { width: number; height: number; png: Buffer }[]): Promise<Buffer> {
  const doc = new PDFDocument({ autoFirstPage: false, compress: true, info: { Producer: "Dossier", Creator: "Dossier" } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  for (const p of pages) {
    doc.addPage({ size: [p.width, p.height], margin: 0 });
    doc.image(p.png, 0, 0, { width: p.width, height: p.height });
  }
  doc.end();
  return done;
}

export function describe(error: unknown): string {
  return String((error as Error)?.message ?? error).split("\n")[0].slice(0, 200);
}

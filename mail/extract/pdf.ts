import { openPdf } from "../../core/documents/pdf";
import { isBlank } from "../../core/documents/raster";
import { DEFAULT_MAX_OCR_PAGES, extractionOcr, OCR_DPI } from "./ocr";
import { PAGE_BREAK, type Extracted, type ExtractionOptions } from "./types";

/**
 * The text of a PDF, page by page (pages separated by a form feed). Pages
 * without a text layer that are not blank are scans: they are rendered and
 * their text recognised (OCR), up to `maxOcrPages` per document; beyond
 * that no page is recognised and the result says so.
 */
export async function pdfToText(bytes: Uint8Array, options: ExtractionOptions = {}): Promise<Extracted> {
  const doc = await openPdf(bytes);
  try {
    const texts: string[] = [];
    const scanned: number[] = [];
    for (let i = 0; i < doc.pages; i++) {
      const page = await doc.text(i);
      texts.push(page.text.trim());
      if (page.glyphs === 0) scanned.push(i);
    }
    const max = options.maxOcrPages ?? DEFAULT_MAX_OCR_PAGES;
    if (scanned.length > max) {
      return {
        text: texts.join(PAGE_BREAK),
        source: "layer",
        partial: `${scanned.length} pages are images without text (scans), more than the ${max} pages recognised per document: their text was not recognised`,
      };
    }
    const ocrPages: number[] = [];
    for (let k = 0; k < scanned.length; k++) {
      options.onProgress?.({ done: k, total: scanned.length, step: "ocr" });
      const i = scanned[k];
      const raster = await doc.render(i, OCR_DPI);
      if (isBlank(raster)) continue;
      const read = await extractionOcr().recognize(raster);
      texts[i] = read.text.trim();
      ocrPages.push(i + 1);
    }
    if (scanned.length) options.onProgress?.({ done: scanned.length, total: scanned.length, step: "ocr" });
    const source = ocrPages.length === 0 ? "layer" : ocrPages.length === doc.pages ? "ocr" : "mixed";
    return { text: texts.join(PAGE_BREAK), source, ocrPages };
  } finally {
    await doc.close();
  }
}

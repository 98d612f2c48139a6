import { decodeImage } from "../../core/documents/images";
import { DEFAULT_MAX_OCR_PAGES, extractionOcr } from "./ocr";
import { PAGE_BREAK, type Extracted, type ExtractionOptions } from "./types";

/** The recognised text of an image attachment (a TIFF may have many pages, separated by form feeds). */
export async function imageToText(bytes: Uint8Array, options: ExtractionOptions = {}): Promise<Extracted> {
  const max = options.maxOcrPages ?? DEFAULT_MAX_OCR_PAGES;
  const image = await decodeImage(bytes, { maxPages: max });
  if (image.pageCount > image.pages.length) {
    return { text: "", source: "ocr", partial: `the image has ${image.pageCount} pages, more than the ${max} pages recognised per document: its text was not recognised` };
  }
  const texts: string[] = [];
  const ocrPages: number[] = [];
  for (let i = 0; i < image.pages.length; i++) {
    options.onProgress?.({ done: i, total: image.pages.length, step: "ocr" });
    const read = await extractionOcr().recognize(image.pages[i]);
    texts.push(read.text.trim());
    ocrPages.push(i + 1);
  }
  options.onProgress?.({ done: image.pages.length, total: image.pages.length, step: "ocr" });
  return { text: texts.join(PAGE_BREAK), source: "ocr", ocrPages };
}

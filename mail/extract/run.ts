import { ImageError } from "../../core/documents/images";
import { PdfError } from "../../core/documents/pdf";
import { cleanText, decodeBytes } from "../text";
import { htmlToPlainText } from "../html-text";
import { imageToText } from "./image";
import { docToText, msgToText, pptToText, rtfFileToText, xlsToText } from "./legacy";
import { pdfToText } from "./pdf";
import { docxToText, openDocumentToText, pptxToText, xlsxToText } from "./office";
import { MAX_TEXT_CHARS, PAGE_BREAK, type Extracted, type ExtractionOptions, type ExtractionResult } from "./types";

type Extractor = (bytes: Uint8Array, options: ExtractionOptions) => Promise<string | Extracted>;

const image: Extractor = imageToText;

const EXTRACTORS: Record<string, Extractor> = {
  "application/pdf": pdfToText,
  "text/plain": async (b) => decodeBytes(b).text,
  "text/csv": async (b) => decodeBytes(b).text,
  "text/calendar": async (b) => decodeBytes(b).text,
  "text/html": async (b) => htmlToPlainText(decodeBytes(b).text),
  "application/xhtml+xml": async (b) => htmlToPlainText(decodeBytes(b).text),
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": docxToText,
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": xlsxToText,
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": pptxToText,
  "application/vnd.oasis.opendocument.text": openDocumentToText,
  "application/vnd.oasis.opendocument.spreadsheet": openDocumentToText,
  "application/vnd.oasis.opendocument.presentation": openDocumentToText,
  "application/msword": docToText,
  "application/vnd.ms-excel": xlsToText,
  "application/rtf": rtfFileToText,
  "text/rtf": rtfFileToText,
  "application/vnd.ms-outlook": msgToText,
  "application/vnd.ms-powerpoint": pptToText,
  "image/png": image,
  "image/jpeg": image,
  "image/tiff": image,
};

export { canExtract } from "./supported";

/** Control characters out (cleanText), except the form feeds between pages (PAGE_BREAK): search shows a hit's page from them. */
const tidy = (text: string) =>
  text
    .split(PAGE_BREAK)
    .map((page) => cleanText(page).replace(/[ \t]+\n/g, "\n").trim())
    .join(PAGE_BREAK)
    .trim()
    .slice(0, MAX_TEXT_CHARS);

/**
 * Extract text in the current thread. Callers that handle untrusted files use
 * `TextExtractor` (worker thread with time and memory bounds) instead.
 */
export async function extractInProcess(bytes: Uint8Array, contentType: string, options: ExtractionOptions = {}): Promise<ExtractionResult> {
  const extractor = EXTRACTORS[contentType.toLowerCase().split(";")[0].trim()];
  if (!extractor) return { status: "unsupported", text: "", error: `no text extractor for ${contentType}` };
  try {
    const raw = await extractor(bytes, options);
    const out: Extracted = typeof raw === "string" ? { text: raw } : raw;
    const text = tidy(out.text);
    const meta = {
      source: out.source ?? "layer",
      ...(out.ocrPages?.length ? { ocrPages: out.ocrPages } : {}),
      ...(out.parts?.length ? { parts: out.parts } : {}),
    };
    // A document only partly read keeps what was read; with nothing read it failed, with the reason.
    if (out.partial) return text || out.parts?.length ? { status: "partial", text, error: out.partial, ...meta } : { status: "failed", text: "", error: out.partial, ...meta };
    return text ? { status: "done", text, error: null, ...meta } : { status: "empty", text: "", error: null, ...(out.parts?.length ? { parts: out.parts } : {}) };
  } catch (e) {
    const message = e instanceof ImageError || e instanceof PdfError ? e.message : cleanText(e instanceof Error ? e.message : String(e));
    return { status: "failed", text: "", error: message.slice(0, 1000) || "extractor failed" };
  }
}

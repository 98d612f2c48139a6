import { cleanText, decodeBytes } from "../text";
import { htmlToPlainText } from "../html-text";
import { pdfToText } from "./pdf";
import { docxToText, openDocumentToText, xlsxToText } from "./office";
import { MAX_TEXT_CHARS, type ExtractionResult } from "./types";

type Extractor = (bytes: Uint8Array) => Promise<string>;

const EXTRACTORS: Record<string, Extractor> = {
  "application/pdf": pdfToText,
  "text/plain": async (b) => decodeBytes(b).text,
  "text/csv": async (b) => decodeBytes(b).text,
  "text/calendar": async (b) => decodeBytes(b).text,
  "text/html": async (b) => htmlToPlainText(decodeBytes(b).text),
  "application/xhtml+xml": async (b) => htmlToPlainText(decodeBytes(b).text),
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": docxToText,
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": xlsxToText,
  "application/vnd.oasis.opendocument.text": openDocumentToText,
  "application/vnd.oasis.opendocument.spreadsheet": openDocumentToText,
  "application/vnd.oasis.opendocument.presentation": openDocumentToText,
};

export function canExtract(contentType: string): boolean {
  return contentType.toLowerCase() in EXTRACTORS;
}

/**
 * Extract text in the current thread. Callers that handle untrusted files use
 * `TextExtractor` (worker thread with time and memory bounds) instead.
 */
export async function extractInProcess(bytes: Uint8Array, contentType: string): Promise<ExtractionResult> {
  const extractor = EXTRACTORS[contentType.toLowerCase()];
  if (!extractor) return { status: "unsupported", text: "", error: `no text extractor for ${contentType}` };
  try {
    const raw = await extractor(bytes);
    const text = cleanText(raw).replace(/[ \t]+\n/g, "\n").trim().slice(0, MAX_TEXT_CHARS);
    return text ? { status: "done", text, error: null } : { status: "empty", text: "", error: null };
  } catch (e) {
    return { status: "failed", text: "", error: cleanText(e instanceof Error ? e.message : String(e)).slice(0, 1000) || "extractor failed" };
  }
}

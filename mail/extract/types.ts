export type ExtractionStatus = "done" | "partial" | "failed" | "unsupported" | "empty";

export interface ExtractionResult {
  status: ExtractionStatus;
  text: string;
  /** Why extraction failed or is partial (or why the type is unsupported). */
  error: string | null;
  /** Where the text comes from: the file's own text, recognition of images (OCR), or both. */
  source?: TextSource | null;
  /** Pages (1-based) whose text was recognised, for documents with pages. */
  ocrPages?: number[];
  /** Further documents found inside this one (an Outlook message's attachments). */
  parts?: ExtractedPart[];
}

export type TextSource = "layer" | "ocr" | "mixed";

export interface ExtractedPart {
  filename: string;
  contentType: string;
  bytes: Uint8Array;
}

/** What an extractor returns: plain text, or text with how it was obtained. */
export interface Extracted {
  text: string;
  source?: TextSource;
  ocrPages?: number[];
  /** Set when only part of the document could be read; the text is still kept. */
  partial?: string;
  parts?: ExtractedPart[];
}

export interface ExtractionProgress {
  done: number;
  total: number;
  /** What is being done, for administrators: "recognising text". */
  step: string;
}

export interface ExtractionOptions {
  /** Pages recognised at most per document; a document with more scanned pages gets no OCR and says so. */
  maxOcrPages?: number;
  onProgress?: (progress: ExtractionProgress) => void;
}

/** Cap on stored text per attachment: enough for search, not enough to bloat a row. */
export const MAX_TEXT_CHARS = 2_000_000;

/** Pages separator in extracted text (pdf.js, OCR): page N is the N-th \f-separated part. */
export const PAGE_BREAK = "\f";

/** Content types with a text extractor (see run.ts); kept apart so callers need not load the extractors. */
export const EXTRACTABLE_TYPES = new Set([
  "application/pdf",
  "text/plain",
  "text/csv",
  "text/calendar",
  "text/html",
  "application/xhtml+xml",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/vnd.oasis.opendocument.text",
  "application/vnd.oasis.opendocument.spreadsheet",
  "application/vnd.oasis.opendocument.presentation",
  "application/msword",
  "application/vnd.ms-excel",
  "application/rtf",
  "text/rtf",
  "application/vnd.ms-outlook",
  "application/vnd.ms-powerpoint",
  "image/png",
  "image/jpeg",
  "image/tiff",
]);

export function canExtract(contentType: string): boolean {
  return EXTRACTABLE_TYPES.has(contentType.toLowerCase().split(";")[0].trim());
}

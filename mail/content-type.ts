/**
 * Content types as authorities' mail systems send them are often wrong
 * (`document/pdf`, `application/octet-stream` for a .docx, `image/jpg`).
 * Normalise them once, at parse time, so extraction and download headers
 * can trust the stored type.
 */

const ALIASES: Record<string, string> = {
  "document/pdf": "application/pdf",
  "application/x-pdf": "application/pdf",
  "application/acrobat": "application/pdf",
  "application/vnd.pdf": "application/pdf",
  "applications/pdf": "application/pdf",
  "text/pdf": "application/pdf",
  "text/x-pdf": "application/pdf",
  "image/jpg": "image/jpeg",
  "image/pjpeg": "image/jpeg",
  "image/x-png": "image/png",
  "application/msword": "application/msword",
  "application/doc": "application/msword",
  "application/vnd.msword": "application/msword",
  "application/excel": "application/vnd.ms-excel",
  "application/x-excel": "application/vnd.ms-excel",
  "application/x-msexcel": "application/vnd.ms-excel",
  "application/x-zip-compressed": "application/zip",
  "application/x-zip": "application/zip",
  "application/vnd.ms-tnef": "application/ms-tnef",
  "application/x-tnef": "application/ms-tnef",
  "text/rtf": "application/rtf",
  "application/x-rtf": "application/rtf",
  "text/htm": "text/html",
  "text/comma-separated-values": "text/csv",
};

export const BY_EXTENSION: Record<string, string> = {
  pdf: "application/pdf",
  txt: "text/plain",
  text: "text/plain",
  csv: "text/csv",
  htm: "text/html",
  html: "text/html",
  xml: "application/xml",
  rtf: "application/rtf",
  doc: "application/msword",
  dot: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xls: "application/vnd.ms-excel",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ppt: "application/vnd.ms-powerpoint",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  odt: "application/vnd.oasis.opendocument.text",
  ods: "application/vnd.oasis.opendocument.spreadsheet",
  odp: "application/vnd.oasis.opendocument.presentation",
  msg: "application/vnd.ms-outlook",
  oft: "application/vnd.ms-outlook",
  eml: "message/rfc822",
  email: "message/rfc822",
  zip: "application/zip",
  gz: "application/gzip",
  "7z": "application/x-7z-compressed",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  tif: "image/tiff",
  tiff: "image/tiff",
  bmp: "image/bmp",
  webp: "image/webp",
  svg: "image/svg+xml",
  dat: "application/octet-stream",
  p7s: "application/pkcs7-signature",
  ics: "text/calendar",
  vcf: "text/vcard",
};

const GENERIC = new Set(["application/octet-stream", "application/unknown", "application/binary", "application/force-download", "binary/octet-stream", "application/download", ""]);

export function extensionOf(filename: string | null | undefined): string {
  if (!filename) return "";
  const m = /\.([a-z0-9]{1,8})$/i.exec(filename.trim());
  return m ? m[1].toLowerCase() : "";
}

/** Recognise a few formats from their first bytes. */
export function sniffContentType(bytes: Uint8Array, filename?: string | null): string | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 16));
  const ext = extensionOf(filename);
  if (b.subarray(0, 5).toString("latin1") === "%PDF-") return "application/pdf";
  if (b[0] === 0x89 && b.subarray(1, 4).toString("latin1") === "PNG") return "image/png";
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
  if (b.subarray(0, 4).toString("latin1") === "GIF8") return "image/gif";
  if (b.length >= 4 && b.readUInt32LE(0) === 0x223e9f78) return "application/ms-tnef";
  if (b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) {
    // Office Open XML and OpenDocument are zip files; trust the extension to say which.
    const byExt = BY_EXTENSION[ext];
    return byExt && byExt !== "application/octet-stream" ? byExt : "application/zip";
  }
  if (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) {
    const byExt = BY_EXTENSION[ext];
    return byExt ?? "application/x-ole-storage";
  }
  if (b.subarray(0, 5).toString("latin1") === "{\\rtf") return "application/rtf";
  return null;
}

/**
 * The content type to store for a part: the declared one with aliases
 * fixed, or, when the declaration says nothing useful, what the bytes and
 * the file extension say.
 */
export function normaliseContentType(declared: string | null | undefined, filename: string | null | undefined, bytes: Uint8Array): string {
  let type = (declared ?? "").toLowerCase().split(";")[0].trim();
  if (!/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(type)) type = "";
  type = ALIASES[type] ?? type;
  const unknownVendor = /^application\/x-(nonsense|unknown|download)/.test(type);
  if (GENERIC.has(type) || unknownVendor) {
    const sniffed = sniffContentType(bytes, filename);
    if (sniffed) return sniffed;
    const byExt = BY_EXTENSION[extensionOf(filename)];
    if (byExt) return byExt;
    return "application/octet-stream";
  }
  // A declared PDF that is not one stays declared; a declared text/plain
  // that is really a PDF (some scanners do that) is corrected.
  if (type === "text/plain" || type === "application/msword") {
    const sniffed = sniffContentType(bytes, filename);
    if (sniffed === "application/pdf") return sniffed;
  }
  return type;
}

import { createRequire } from "node:module";
import { htmlToPlainText } from "../html-text";
import { rtfToText } from "./rtf";
import type { Extracted, ExtractedPart } from "./types";

/**
 * The binary Office formats administrations still send: Word 97–2003
 * (.doc, word-extractor), Excel 97–2003 (.xls, SheetJS), Outlook messages
 * (.msg, @kenjiuno/msgreader: the body is the text, the attachments become
 * attachments of the reply) and PowerPoint 97–2003 (.ppt: the text atoms of
 * the "PowerPoint Document" stream, read with cfb). All run in the
 * extraction worker, bounded in time and memory like the other extractors.
 */

const require = createRequire(import.meta.url);

export async function docToText(bytes: Uint8Array): Promise<string> {
  const WordExtractor = require("word-extractor") as new () => { extract(input: Buffer): Promise<{ getBody(): string; getFootnotes(): string; getEndnotes(): string; getHeaders(o?: object): string; getTextboxes(o?: object): string }> };
  const doc = await new WordExtractor().extract(Buffer.from(bytes));
  return [doc.getBody(), doc.getTextboxes({ includeHeadersAndFooters: false }), doc.getFootnotes(), doc.getEndnotes(), doc.getHeaders({ includeFooters: true })]
    .map((s) => (s ?? "").trim())
    .filter(Boolean)
    .join("\n\n");
}

export async function xlsToText(bytes: Uint8Array): Promise<string> {
  const XLSX = require("xlsx") as typeof import("xlsx");
  const book = XLSX.read(Buffer.from(bytes), { type: "buffer", cellFormula: false, cellHTML: false, cellStyles: false, bookVBA: false, bookFiles: false, WTF: false });
  const sheets: string[] = [];
  for (const name of book.SheetNames) {
    const rows = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[name], { header: 1, raw: false, blankrows: false, defval: "" });
    const lines = rows.map((r) => r.map((v) => String(v ?? "").trim()).filter(Boolean).join("\t")).filter(Boolean);
    if (lines.length) sheets.push(book.SheetNames.length > 1 ? `${name}\n${lines.join("\n")}` : lines.join("\n"));
  }
  return sheets.join("\n\n");
}

export async function rtfFileToText(bytes: Uint8Array): Promise<string> {
  return rtfToText(bytes);
}

const PART_TYPES: Record<string, string> = {
  pdf: "application/pdf", txt: "text/plain", htm: "text/html", html: "text/html", rtf: "application/rtf", doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", xls: "application/vnd.ms-excel",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ppt: "application/vnd.ms-powerpoint",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation", odt: "application/vnd.oasis.opendocument.text",
  ods: "application/vnd.oasis.opendocument.spreadsheet", msg: "application/vnd.ms-outlook", png: "image/png", jpg: "image/jpeg",
  jpeg: "image/jpeg", tif: "image/tiff", tiff: "image/tiff", gif: "image/gif", csv: "text/csv", zip: "application/zip", eml: "message/rfc822",
};

/** Attachments taken out of one .msg at most (the rest are reported). */
const MAX_MSG_PARTS = 50;

export async function msgToText(bytes: Uint8Array): Promise<Extracted> {
  const MsgReader = (require("@kenjiuno/msgreader") as { default: new (b: ArrayBuffer) => import("@kenjiuno/msgreader").default }).default;
  const copy = Uint8Array.from(bytes);
  const reader = new MsgReader(copy.buffer);
  const data = reader.getFileData();
  if (data.error) throw new Error(`the Outlook message could not be read (${data.error})`);
  if (data.dataType !== "msg") throw new Error("not an Outlook message");
  let body = (data.body ?? "").replace(/\r\n?/g, "\n").trim();
  if (!body && data.bodyHtml) body = htmlToPlainText(data.bodyHtml);
  if (!body && data.html) body = htmlToPlainText(new TextDecoder("utf-8").decode(data.html));
  if (!body && data.compressedRtf) {
    const { decompressRTF } = require("@kenjiuno/decompressrtf") as { decompressRTF(b: number[]): number[] };
    body = rtfToText(Uint8Array.from(decompressRTF(Array.from(data.compressedRtf))));
  }
  const header = [
    data.subject ? `Subject: ${data.subject}` : "",
    data.senderName || data.senderEmail ? `From: ${[data.senderName, data.senderEmail ? `<${data.senderEmail}>` : ""].filter(Boolean).join(" ")}` : "",
  ].filter(Boolean);
  const parts: ExtractedPart[] = [];
  const notes: string[] = [];
  for (const [index, attachment] of (data.attachments ?? []).entries()) {
    if (parts.length >= MAX_MSG_PARTS) {
      notes.push(`${(data.attachments ?? []).length - MAX_MSG_PARTS} more attachments were not taken out`);
      break;
    }
    try {
      const a = reader.getAttachment(attachment);
      const filename = (a.fileName || attachment.fileName || attachment.fileNameShort || `attachment-${index + 1}`).replace(/[\\/\0]/g, "_");
      const ext = /\.([a-z0-9]{1,8})$/i.exec(filename)?.[1]?.toLowerCase() ?? "";
      const declared = attachment.attachMimeTag?.toLowerCase().split(";")[0].trim();
      parts.push({ filename, contentType: PART_TYPES[ext] ?? declared ?? "application/octet-stream", bytes: a.content });
    } catch (e) {
      notes.push(`attachment ${index + 1} could not be read (${(e as Error).message})`);
    }
  }
  return { text: [...header, "", body].join("\n").trim(), source: "layer", parts, ...(notes.length ? { partial: notes.join("; ") } : {}) };
}

export async function pptToText(bytes: Uint8Array): Promise<string> {
  const CFB = require("cfb") as typeof import("cfb");
  const container = CFB.read(Buffer.from(bytes), { type: "buffer" });
  const entry = CFB.find(container, "PowerPoint Document");
  if (!entry?.content) throw new Error("not a PowerPoint 97–2003 file: no PowerPoint Document stream");
  const data = Buffer.from(entry.content as Uint8Array);
  const texts: string[] = [];
  // Records: 2 bytes ver/instance, 2 bytes type, 4 bytes length. Containers (ver 0xF) hold records.
  const walk = (start: number, end: number, depth: number) => {
    let pos = start;
    while (pos + 8 <= end) {
      const verInst = data.readUInt16LE(pos);
      const type = data.readUInt16LE(pos + 2);
      const len = data.readUInt32LE(pos + 4);
      const body = pos + 8;
      if (len > end - body) break;
      if ((verInst & 0x0f) === 0x0f && depth < 16) walk(body, body + len, depth + 1);
      else if (type === 0x0fa0) texts.push(data.subarray(body, body + len).toString("utf16le")); // TextCharsAtom
      else if (type === 0x0fa8) texts.push(data.subarray(body, body + len).toString("latin1")); // TextBytesAtom
      pos = body + len;
    }
  };
  walk(0, data.length, 0);
  return texts.map((t) => t.replace(/\r/g, "\n").trim()).filter(Boolean).join("\n");
}

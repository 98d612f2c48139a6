/**
 * A reply the authority sent on paper, uploaded by the requester or an
 * administrator (issue 15). It becomes an inbound `reply` message with the
 * file as its attachment, exactly like an e-mail reply with an attachment:
 * the same attachment table, the same extraction job (mail.extract, which
 * gains OCR for scans when the documents work lands: any content type
 * canExtract() accepts then is extracted), the same publication,
 * moderation and search indexing.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import type { FileStore } from "../core/files";
import { recordEvent } from "../core/events";
import { canExtract } from "./extract/supported";

export const PAPER_REPLY_MAX_BYTES = 20 * 1024 * 1024;

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** The file's type from its first bytes (never from the browser's claim or the name). */
export function sniffPaperReply(bytes: Uint8Array): "application/pdf" | "image/jpeg" | "image/png" | typeof DOCX | null {
  const b = Buffer.from(bytes.subarray(0, 8));
  if (b.subarray(0, 5).toString("latin1") === "%PDF-") return "application/pdf";
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
  if (b.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "image/png";
  // A DOCX is a ZIP holding word/document.xml.
  if (b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04 && Buffer.from(bytes).includes("word/")) return DOCX;
  return null;
}

const EXTENSION: Record<string, string> = { "application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png", [DOCX]: "docx" };

/** A safe stored name: the uploaded name's letters, with the extension of the sniffed type. */
function storedName(original: string, contentType: string): string {
  const stem = original.replace(/\.[^.]*$/, "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^\w.-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80) || "reply";
  return `${stem}.${EXTENSION[contentType]}`;
}

export type PaperReplyInput = {
  requestId: number;
  actorUserId: number;
  /** The date on the reply (YYYY-MM-DD). */
  dated: string;
  filename: string;
  bytes: Uint8Array;
  /** Who wrote it: the authority's name. */
  fromName: string;
};

/**
 * Stores the file and threads the reply in `trx`; returns the message id,
 * or null when the file is not one of the accepted types. The caller queues
 * the extraction with the returned `extract` flag (after commit).
 */
export async function storePaperReply(trx: Kysely<Database>, files: FileStore, input: PaperReplyInput): Promise<{ messageId: number; attachmentId: number; extract: boolean } | null> {
  const contentType = sniffPaperReply(input.bytes);
  if (!contentType || input.bytes.length === 0 || input.bytes.length > PAPER_REPLY_MAX_BYTES) return null;
  const key = await files.put(input.bytes);
  const filename = storedName(input.filename, contentType);
  const message = await trx
    .insertInto("messages")
    .values({
      request_id: input.requestId,
      direction: "inbound",
      kind: "reply",
      from_address: null,
      from_name: input.fromName,
      to_addresses: [],
      subject: filename,
      body_text: "",
      sent_at: new Date(`${input.dated}T11:00:00Z`),
      route_reason: "paper_upload",
      classification_reason: "uploaded by hand: a reply received on paper",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const extract = canExtract(contentType);
  const attachment = await trx
    .insertInto("attachments")
    .values({
      message_id: message.id,
      position: 0,
      filename,
      content_type: contentType,
      size: input.bytes.length,
      sha256: key,
      file_key: key,
      extraction_status: extract ? "pending" : "unsupported",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordEvent(trx, {
    request_id: input.requestId,
    type: "reply_received",
    actor_user_id: input.actorUserId,
    data: JSON.stringify({ message_id: message.id, reason: "paper_upload", from: null, subject: filename, dated: input.dated }),
  });
  return { messageId: message.id, attachmentId: attachment.id, extract };
}

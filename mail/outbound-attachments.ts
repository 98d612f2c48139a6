/**
 * Files attached to outbound letters: stored with the letter in the
 * caller's transaction, read back by the outbox when it sends (so a retry
 * sends the same bytes). A generated document keeps its bytes in the row;
 * a file the authority sent is referenced by its key in the content-
 * addressed file store and sent exactly as received.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import type { FileStore } from "../core/files";

export type OutboundFile = { filename: string; contentType: string } & ({ content: Buffer } | { fileKey: string });

export async function attachToLetter(trx: Kysely<Database>, messageId: number, files: OutboundFile[]): Promise<void> {
  if (files.length === 0) return;
  await trx
    .insertInto("outbound_attachments")
    .values(
      files.map((f, i) => ({
        message_id: messageId,
        position: i,
        filename: f.filename,
        content_type: f.contentType,
        content: "content" in f ? f.content : null,
        file_key: "fileKey" in f ? f.fileKey : null,
      })),
    )
    .execute();
}

/** In the shape nodemailer takes. */
export async function letterAttachments(db: Kysely<Database>, messageId: number, files: FileStore): Promise<Array<{ filename: string; contentType: string; content: Buffer }>> {
  const rows = await db.selectFrom("outbound_attachments").select(["filename", "content_type", "content", "file_key"]).where("message_id", "=", messageId).orderBy("position").execute();
  return Promise.all(rows.map(async (r) => ({ filename: r.filename, contentType: r.content_type, content: r.content ?? (await files.get(r.file_key!)) })));
}

/**
 * Files attached to outbound letters: stored with the letter in the
 * caller's transaction, read back by the outbox when it sends (so a retry
 * sends the same bytes).
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";

export interface OutboundFile {
  filename: string;
  contentType: string;
  content: Buffer;
}

export async function attachToLetter(trx: Kysely<Database>, messageId: number, files: OutboundFile[]): Promise<void> {
  if (files.length === 0) return;
  await trx
    .insertInto("outbound_attachments")
    .values(files.map((f, i) => ({ message_id: messageId, position: i, filename: f.filename, content_type: f.contentType, content: f.content })))
    .execute();
}

/** In the shape nodemailer takes. */
export async function letterAttachments(db: Kysely<Database>, messageId: number): Promise<Array<{ filename: string; contentType: string; content: Buffer }>> {
  const rows = await db.selectFrom("outbound_attachments").select(["filename", "content_type", "content"]).where("message_id", "=", messageId).orderBy("position").execute();
  return rows.map((r) => ({ filename: r.filename, contentType: r.content_type, content: r.content }));
}

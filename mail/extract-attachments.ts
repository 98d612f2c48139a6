import { emit } from "../core/events";
import type { Db } from "../db/connect";
import type { TextExtractor } from "./extract";
import type { FileStore } from "../core/files";

/**
 * Extract the text of a message's pending attachments (the worker job run
 * after ingest commits). Identical files already extracted elsewhere are
 * copied, not re-extracted; a file that breaks its extractor is marked
 * `failed` with the error and the message stays delivered.
 */
export async function extractMessageAttachments(db: Db, messageId: number, deps: { files: FileStore; extractor: TextExtractor }): Promise<number> {
  const pending = await db
    .selectFrom("attachments")
    .select(["id", "sha256", "file_key", "content_type"])
    .where("message_id", "=", messageId)
    .where("extraction_status", "=", "pending")
    .orderBy("position")
    .execute();
  for (const a of pending) {
    const known = await db
      .selectFrom("attachments")
      .select(["extracted_text", "extraction_status", "extraction_error"])
      .where("sha256", "=", a.sha256)
      .where("content_type", "=", a.content_type)
      .where("extraction_status", "in", ["done", "empty", "failed"])
      .executeTakeFirst();
    let update: { extracted_text: string | null; extraction_status: string; extraction_error: string | null };
    if (known) {
      update = { extracted_text: known.extracted_text, extraction_status: known.extraction_status, extraction_error: known.extraction_error };
    } else {
      let bytes: Buffer | null = null;
      try {
        bytes = await deps.files.get(a.file_key);
      } catch (e) {
        update = { extracted_text: null, extraction_status: "failed", extraction_error: `file missing: ${(e as Error).message}` };
      }
      if (bytes) {
        const r = await deps.extractor.extract(bytes, a.content_type);
        update = { extracted_text: r.text || null, extraction_status: r.status, extraction_error: r.error };
      }
    }
    // The text and the event that makes it searchable commit together.
    await db.transaction().execute(async (trx) => {
      const done = await trx.updateTable("attachments").set(update!).where("id", "=", a.id).where("extraction_status", "=", "pending").executeTakeFirst();
      if (Number(done.numUpdatedRows) > 0) await emit(trx, { type: "attachment.changed", requestId: null, data: { attachmentId: a.id, fields: ["extracted_text"] } });
    });
  }
  return pending.length;
}

import { sql } from "kysely";
import { emit } from "../core/events";
import type { Db } from "../db/connect";
import type { ExtractedPart, ExtractionResult, TextExtractor } from "./extract";
import { canExtract } from "./extract";
import { FileStore } from "../core/files";
import { normaliseContentType } from "./content-type";

/** Parts taken out of one attachment at most (an Outlook message's attachments), and how deep (a .msg in a .msg). */
const MAX_PARTS = 50;
const MAX_PART_DEPTH = 3;

interface Update {
  extracted_text: string | null;
  extraction_status: string;
  extraction_error: string | null;
  text_source: "layer" | "ocr" | "mixed" | null;
  ocr_pages: number[] | null;
}

function updateOf(r: ExtractionResult): Update {
  return {
    extracted_text: r.text || null,
    extraction_status: r.status,
    extraction_error: r.error,
    text_source: r.text ? (r.source ?? "layer") : null,
    ocr_pages: r.ocrPages?.length ? r.ocrPages : null,
  };
}

/**
 * Extract the text of a message's pending attachments (the worker job run
 * after ingest commits). Identical files already extracted elsewhere are
 * copied, not re-extracted; a file that breaks its extractor is marked
 * `failed` with the error and the message stays delivered. Long work
 * (recognising scanned pages) writes its progress on the row, for
 * administrators. Files found inside an attachment (an Outlook .msg's
 * attachments) become attachments of the same message, extracted in turn.
 * Attachments of uploaded paper replies go through the same path.
 */
export async function extractMessageAttachments(db: Db, messageId: number, deps: { files: FileStore; extractor: TextExtractor }): Promise<number> {
  let handled = 0;
  // Parts added by an extraction are pending in turn: loop until none is left (bounded by MAX_PARTS per parent and the depth).
  for (let round = 0; round <= MAX_PART_DEPTH; round++) {
    const pending = await db
      .selectFrom("attachments")
      .select(["id", "sha256", "file_key", "content_type", "parent_attachment_id"])
      .where("message_id", "=", messageId)
      .where("extraction_status", "=", "pending")
      .orderBy("position")
      .execute();
    if (pending.length === 0) break;
    for (const a of pending) {
      handled++;
      const known = await db
        .selectFrom("attachments")
        .select(["extracted_text", "extraction_status", "extraction_error", "text_source", "ocr_pages"])
        .where("sha256", "=", a.sha256)
        .where("content_type", "=", a.content_type)
        .where("extraction_status", "in", ["done", "empty", "failed", "partial"])
        .executeTakeFirst();
      let update: Update;
      let parts: ExtractedPart[] = [];
      // An Outlook message is always opened again: its parts belong to this message too.
      if (known && !/outlook/.test(a.content_type)) {
        update = known;
      } else {
        const fresh = await extractFresh(db, a, deps);
        update = fresh.update;
        parts = fresh.parts;
      }
      const depth = await depthOf(db, a.parent_attachment_id);
      const stored = depth < MAX_PART_DEPTH ? await storeParts(parts.slice(0, MAX_PARTS), deps.files) : [];
      // The text, the parts and the event that makes them searchable commit together.
      await db.transaction().execute(async (trx) => {
        const done = await trx
          .updateTable("attachments")
          .set({ ...update, extraction_progress: null })
          .where("id", "=", a.id)
          .where("extraction_status", "=", "pending")
          .executeTakeFirst();
        if (Number(done.numUpdatedRows) === 0) return;
        await emit(trx, { type: "attachment.changed", requestId: null, data: { attachmentId: a.id, fields: ["extracted_text"] } });
        if (stored.length === 0) return;
        const last = await trx.selectFrom("attachments").select(sql<number>`coalesce(max(position), -1)`.as("p")).where("message_id", "=", messageId).executeTakeFirstOrThrow();
        await trx
          .insertInto("attachments")
          .values(
            stored.map((p, i) => ({
              message_id: messageId,
              position: Number(last.p) + 1 + i,
              filename: p.filename,
              content_type: p.contentType,
              size: p.size,
              sha256: p.key,
              file_key: p.key,
              extraction_status: canExtract(p.contentType) ? "pending" : "unsupported",
              parent_attachment_id: a.id,
            })),
          )
          .execute();
      });
    }
  }
  return handled;
}

async function extractFresh(db: Db, a: { id: number; file_key: string; content_type: string }, deps: { files: FileStore; extractor: TextExtractor }): Promise<{ update: Update; parts: ExtractedPart[] }> {
  let bytes: Buffer;
  try {
    bytes = await deps.files.get(a.file_key);
  } catch (e) {
    return { update: { extracted_text: null, extraction_status: "failed", extraction_error: `file missing: ${(e as Error).message}`, text_source: null, ocr_pages: null }, parts: [] };
  }
  let writes = Promise.resolve();
  const r = await deps.extractor.extract(bytes, a.content_type, (progress) => {
    // Progress is advisory: written in order, never awaited by the extraction.
    writes = writes.then(async () => {
      await db.updateTable("attachments").set({ extraction_progress: JSON.stringify(progress) }).where("id", "=", a.id).where("extraction_status", "=", "pending").execute().then(() => undefined, () => undefined);
    });
  });
  await writes;
  return { update: updateOf(r), parts: r.parts ?? [] };
}

async function depthOf(db: Db, parentId: number | null): Promise<number> {
  let depth = 0;
  let id = parentId;
  while (id !== null && depth <= MAX_PART_DEPTH) {
    depth++;
    const row = await db.selectFrom("attachments").select("parent_attachment_id").where("id", "=", id).executeTakeFirst();
    id = row?.parent_attachment_id ?? null;
  }
  return depth;
}

async function storeParts(parts: ExtractedPart[], files: FileStore) {
  const out: { filename: string; contentType: string; size: number; key: string }[] = [];
  for (const p of parts) {
    const bytes = Buffer.from(p.bytes);
    const key = await files.put(bytes);
    out.push({ filename: p.filename.slice(0, 255) || "attachment", contentType: normaliseContentType(p.contentType, p.filename, bytes), size: bytes.length, key });
  }
  return out;
}

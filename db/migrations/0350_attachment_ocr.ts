import { sql, type Kysely } from "kysely";

// Issue 16 (docs/decisions/303-ocr-and-legacy-formats.md): where an
// attachment's text comes from (its own text layer, recognition of images,
// or both), which pages were recognised, the progress of a long extraction
// (for administrators), and the attachment a part was taken out of (the
// files inside an Outlook .msg).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("attachments")
    .addColumn("text_source", "text", (c) => c.check(sql`text_source in ('layer', 'ocr', 'mixed')`))
    .addColumn("ocr_pages", sql`integer[]`)
    .addColumn("extraction_progress", "jsonb")
    .addColumn("parent_attachment_id", "integer", (c) => c.references("attachments.id").onDelete("cascade"))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("attachments").dropColumn("text_source").dropColumn("ocr_pages").dropColumn("extraction_progress").dropColumn("parent_attachment_id").execute();
}

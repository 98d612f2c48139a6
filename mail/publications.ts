import { sql } from "kysely";
import type { Db } from "../db/connect";
import { isImageType } from "../core/documents/images";
import type { Publisher } from "../moderation/publish";
import { attachmentUrl } from "./attachment-url";
import { sanitizeIncomingHtml, type Locale } from "./sanitize";

/**
 * The public form of a message, as the request's Publisher (redaction
 * rules, then masking) and the HTML sanitizer make it: computed when the
 * message, its attachments or the rules in force change, stored in
 * `message_publications`, and read back on every view (docs/decisions/911).
 *
 * Text keeps the Publisher's language-neutral mask tokens (a view turns
 * them into words with `displayMasks`); the sanitized HTML is stored per
 * language because the sanitizer writes a notice in the reader's language.
 * Who may see a message (hiding) is decided per view, never stored.
 */
export interface PublishedMessage {
  subject: string | null;
  text: string;
  html: string | null;
  fromName: string | null;
  fromAddress: string | null;
  deliveryError: string | null;
  /**
   * By attachment id: its public filename, whether it is withheld (cannot
   * be redacted safely) and whether its redacted copy (PDF, image) is still
   * being made by the background job.
   */
  attachments: Record<string, { filename: string; withheld: boolean; preparing?: boolean }>;
}

/**
 * Bump when what is stored changes shape or meaning; starting the platform
 * empties the store anyway (`clearMessagePublications`), so code changes in
 * the Publisher, masking or the sanitizer are picked up at the next start.
 */
const FORMAT = "2";

/**
 * What a message's public form is computed from, hashed by PostgreSQL: the
 * message's own text and headers, and per attachment its name, type, file,
 * extraction result, PDF redaction status and whether it is hidden.
 */
const sourceHash = sql<string>`md5(concat_ws(chr(1), m.subject, m.body_text, m.body_html, m.from_name, m.from_address, m.delivery_error,
  (select string_agg(concat_ws(':', a.id, a.filename, a.content_type, a.content_id, a.sha256, a.extraction_status, length(a.extracted_text), r.status, r.fingerprint,
       a.hidden or exists (select 1 from hidden_items h where h.target_type = 'attachment' and h.target_id = a.id)), ',' order by a.id)
     from attachments a left join attachment_redactions r on r.attachment_id = a.id where a.message_id = m.id)))`;

/**
 * The public form of every (non-spam) message of a request in `locale`,
 * by message id. Stored forms whose rules or sources changed, and missing
 * ones, are computed now and stored.
 */
export async function publishedMessages(db: Db, requestId: number, publisher: Publisher, locale: Locale): Promise<Map<number, PublishedMessage>> {
  const fingerprint = `${FORMAT}:${publisher.fingerprint()}`;
  const rows = await db
    .selectFrom("messages as m")
    .leftJoin("message_publications as p", (join) => join.onRef("p.message_id", "=", "m.id").on("p.locale", "=", locale))
    .select(["m.id", sourceHash.as("source_hash"), sql<unknown>`case when p.fingerprint = ${fingerprint} and p.source_hash = ${sourceHash} then p.content end`.as("content")])
    .where("m.request_id", "=", requestId)
    .where("m.spam_at", "is", null)
    .execute();
  const out = new Map<number, PublishedMessage>();
  const stale = new Map<number, string>();
  for (const row of rows) {
    if (row.content) out.set(row.id, row.content as PublishedMessage);
    else stale.set(row.id, row.source_hash);
  }
  if (stale.size === 0) return out;
  const computed = await computePublications(db, [...stale.keys()], publisher, locale);
  await db
    .insertInto("message_publications")
    .values([...computed].map(([id, content]) => ({ message_id: id, locale, fingerprint, source_hash: stale.get(id)!, content: JSON.stringify(content) })))
    .onConflict((oc) =>
      oc.columns(["message_id", "locale"]).doUpdateSet((eb) => ({
        fingerprint: eb.ref("excluded.fingerprint"),
        source_hash: eb.ref("excluded.source_hash"),
        content: eb.ref("excluded.content"),
        computed_at: sql`now()`,
      })),
    )
    .execute();
  for (const [id, content] of computed) out.set(id, content);
  return out;
}

/** The Publisher's and the sanitizer's output for these messages (the only place a message's public form is made). */
async function computePublications(db: Db, ids: number[], publisher: Publisher, locale: Locale): Promise<Map<number, PublishedMessage>> {
  const messages = await db
    .selectFrom("messages")
    .select(["id", "subject", "body_text", "body_html", "from_name", "from_address", "delivery_error"])
    .where("id", "in", ids)
    .execute();
  const attachments = await db
    .selectFrom("attachments")
    .leftJoin("attachment_redactions as r", "r.attachment_id", "attachments.id")
    .select((eb) => [
      "attachments.id",
      "message_id",
      "filename",
      "content_type",
      "content_id",
      "extracted_text",
      "r.status as redaction_status",
      "r.fingerprint",
      eb.or([eb("attachments.hidden", "=", true), eb.exists(eb.selectFrom("hidden_items as h").select("h.target_id").where("h.target_type", "=", "attachment").whereRef("h.target_id", "=", "attachments.id"))]).as("hidden_for_some"),
    ])
    .where("message_id", "in", ids)
    .execute();
  const out = new Map<number, PublishedMessage>();
  for (const m of messages) {
    const own = attachments.filter((a) => a.message_id === m.id);
    const published: PublishedMessage["attachments"] = {};
    for (const a of own) {
      published[a.id] = { filename: publisher.filename(a.filename), ...fileState(a, publisher) };
    }
    // Inline images (cid:) point at the stored attachments, never at a hidden one (the HTML is the same for every viewer).
    const cidUrls = Object.fromEntries(own.filter((a) => a.content_id && !a.hidden_for_some).map((a) => [a.content_id!.replace(/^<|>$/g, ""), attachmentUrl(a.id, published[a.id].filename)]));
    const fromName = m.from_name ? publisher.text(m.from_name) : null;
    out.set(m.id, {
      subject: m.subject ? publisher.text(m.subject) : null,
      text: publisher.text(m.body_text),
      html: m.body_html ? publisher.html(sanitizeIncomingHtml(m.body_html, { locale, cidUrls })) : null,
      // Addresses are never published; the masked form says one was there.
      fromName,
      fromAddress: m.from_address && !fromName ? publisher.text(m.from_address) : null,
      deliveryError: m.delivery_error ? publisher.text(m.delivery_error) : null,
      attachments: published,
    });
  }
  return out;
}

const isRedactedFile = (type: string) => type.toLowerCase().split(";")[0].trim() === "application/pdf" || isImageType(type);

/**
 * Withheld or being prepared: PDFs and images by their stored redacted copy
 * (moderation/attachments.ts, made ahead of time by a job; one made under
 * other rules does not count), other formats by their extracted text.
 */
function fileState(a: { content_type: string; extracted_text: string | null; redaction_status: string | null; fingerprint: string | null }, publisher: Publisher): { withheld: boolean; preparing: boolean } {
  if (isRedactedFile(a.content_type)) {
    if (!publisher.fileNeedsRedaction(a.extracted_text)) return { withheld: false, preparing: false };
    const current = a.fingerprint === publisher.fileFingerprint();
    return { withheld: current && a.redaction_status === "unsafe", preparing: !current };
  }
  return { withheld: !publisher.redactor.empty && !a.content_type.toLowerCase().startsWith("text/plain") && publisher.redacts(a.extracted_text), preparing: false };
}

/** Empties the store: the code that computes it may have changed (run at every start). */
export async function clearMessagePublications(db: Db): Promise<void> {
  await sql`truncate message_publications`.execute(db);
}

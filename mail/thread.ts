import type { Db } from "../db/connect";
import { attachmentDisposition, sanitizeIncomingHtml, type Locale } from "./sanitize";

/** What the request page shows of its correspondence. */
export interface ThreadAttachment {
  id: number;
  filename: string;
  contentType: string;
  size: number;
  inline: boolean;
  extractionStatus: string;
  url: string;
}

export interface ThreadMessage {
  id: number;
  direction: "inbound" | "outbound";
  kind: string;
  fromAddress: string | null;
  fromName: string | null;
  subject: string | null;
  at: string;
  text: string;
  /** Sanitized, safe to insert as HTML; null when the message had no HTML part. */
  html: string | null;
  senderOutsideAuthority: boolean;
  deliveryStatus: string | null;
  deliveryError: string | null;
  attachments: ThreadAttachment[];
}

export function attachmentUrl(id: number, filename: string): string {
  return `/attachments/${id}/${encodeURIComponent(filename)}`;
}

/**
 * The messages of a public request, oldest first, with sanitized HTML and
 * attachment links. Hidden and spam messages and hidden attachments are left
 * out here, in the query, not by the caller.
 */
export async function loadRequestThread(db: Db, requestId: number, locale: Locale): Promise<ThreadMessage[] | null> {
  const request = await db.selectFrom("requests").select(["id", "hidden"]).where("id", "=", requestId).executeTakeFirst();
  if (!request || request.hidden) return null;
  const messages = await db
    .selectFrom("messages")
    .selectAll()
    .where("request_id", "=", requestId)
    .where("hidden", "=", false)
    .where("spam_at", "is", null)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  const ids = messages.map((m) => m.id);
  const attachments = ids.length
    ? await db
        .selectFrom("attachments")
        .select(["id", "message_id", "filename", "content_type", "size", "extraction_status", "content_id"])
        .where("message_id", "in", ids)
        .where("hidden", "=", false)
        .orderBy("position")
        .execute()
    : [];
  return messages.map((m) => {
    const own = attachments.filter((a) => a.message_id === m.id);
    const cidUrls = Object.fromEntries(own.filter((a) => a.content_id).map((a) => [a.content_id!.replace(/^<|>$/g, ""), attachmentUrl(a.id, a.filename)]));
    return {
      id: m.id,
      direction: m.direction as "inbound" | "outbound",
      kind: m.kind,
      fromAddress: m.from_address,
      fromName: m.from_name,
      subject: m.subject,
      at: (m.sent_at ?? m.created_at).toISOString(),
      text: m.body_text,
      html: m.body_html ? sanitizeIncomingHtml(m.body_html, { locale, cidUrls }) : null,
      senderOutsideAuthority: m.sender_outside_authority,
      deliveryStatus: m.delivery_status,
      deliveryError: m.delivery_error,
      attachments: own.map((a) => ({
        id: a.id,
        filename: a.filename,
        contentType: a.content_type,
        size: a.size,
        inline: attachmentDisposition(a.content_type).disposition === "inline",
        extractionStatus: a.extraction_status,
        url: attachmentUrl(a.id, a.filename),
      })),
    };
  });
}

/**
 * An attachment the public may download: its message is on a public
 * request, neither is hidden, and it is not spam. Holding-pen attachments
 * are for administrators (see the admin raw download).
 */
export async function publicAttachment(db: Db, attachmentId: number) {
  return (
    (await db
      .selectFrom("attachments")
      .innerJoin("messages", "messages.id", "attachments.message_id")
      .innerJoin("requests", "requests.id", "messages.request_id")
      .select(["attachments.id", "attachments.filename", "attachments.content_type", "attachments.size", "attachments.file_key"])
      .where("attachments.id", "=", attachmentId)
      .where("attachments.hidden", "=", false)
      .where("messages.hidden", "=", false)
      .where("messages.spam_at", "is", null)
      .where("requests.hidden", "=", false)
      .executeTakeFirst()) ?? null
  );
}

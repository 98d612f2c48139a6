import { sql } from "kysely";
import type { Db } from "../db/connect";
import { capText } from "../core/text";
import { failsDmarc, isVerified, type AuthVerdict } from "./authenticate";
import { anonymous, hiddenInRequest, visibilityOf, type Viewer, type Visibility } from "../moderation/hide";
import { publisherForRequest } from "../moderation/publish";
import { attachmentUrl } from "./attachment-url";
import { displayMasks } from "../moderation/mask";
import { publishedMessages, type PublishedMessage } from "./publications";
import { attachmentDisposition, type Locale } from "./sanitize";
import { stripBidiControls } from "../core/text";

/** What the request page shows of its correspondence. */
export interface ThreadAttachment {
  id: number;
  filename: string;
  contentType: string;
  size: number;
  inline: boolean;
  extractionStatus: string;
  /** Pages whose text was recognised from images (OCR): readers are told the text was recognised automatically. */
  ocrPages: number[] | null;
  /** Set while a long extraction (recognition of scanned pages) runs. */
  extractionProgress: { done: number; total: number } | null;
  url: string;
  /** Not published: it could not be redacted safely (moderation/attachments.ts). */
  withheld: boolean;
  /** Its redacted copy (PDF, image) is still being made: no link yet, never the original. */
  preparing: boolean;
}

/** Set when administrators hid the message (moderation/hide.ts). */
export interface ThreadHidden {
  reason: string;
  /** "marked": this viewer still sees it (admin, or its requester); "withheld": only the notice. */
  visibility: Exclude<Visibility, "shown">;
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
  /** The full text's length when `text` was cut at PUBLISHED_BODY_CAP characters (the HTML is then left out), else null. */
  textTotal: number | null;
  /** Where the full published text is, when `text` was cut. */
  fullTextUrl: string | null;
  /** Sanitized, safe to insert as HTML; null when the message had no HTML part or is too long to publish whole. */
  html: string | null;
  /**
   * Inbound only: did the authority's domain vouch for the sender (DMARC
   * pass on its own domain)? "failed": it disowns it (DMARC fail); null for
   * letters we sent.
   */
  authentication: { verdict: "verified" | "not_verified" | "failed"; spf: string; dkim: string; dmarc: string } | null;
  senderOutsideAuthority: boolean;
  deliveryStatus: string | null;
  deliveryError: string | null;
  attachments: ThreadAttachment[];
  hidden: ThreadHidden | null;
}

export { attachmentUrl };

/** HTML longer than this is not published inline (the capped text is shown instead). */
const PUBLISHED_HTML_CAP = 1_000_000;

function authenticationOf(auth: AuthVerdict | null, outside: boolean): ThreadMessage["authentication"] {
  const dkim = auth?.dkim.find((d) => d.result === "pass")?.result ?? auth?.dkim[0]?.result ?? "none";
  const details = { spf: auth?.spf ?? "none", dkim, dmarc: auth?.dmarc ?? "none" };
  if (failsDmarc(auth)) return { verdict: "failed", ...details };
  return { verdict: isVerified(auth) && !outside ? "verified" : "not_verified", ...details };
}

/** The columns of a message the thread reads. */
export const THREAD_MESSAGE_COLUMNS = ["id", "direction", "kind", "sent_at", "created_at", "received_at", "auth", "sender_outside_authority", "delivery_status", "hidden"] as const;

/**
 * What the thread is built from, read once: the request page reads these
 * for its own header and timeline and hands them over (`preloaded`), so a
 * view reads the request, its hidden items, its rules and its stored
 * publications once.
 */
export interface ThreadReads {
  request: { id: number; hidden: boolean; user_id: number };
  hidden: Awaited<ReturnType<typeof hiddenInRequest>>;
  published: Map<number, PublishedMessage>;
  /** Not spam, in thread order: coalesce(received_at, created_at), then id. */
  messages: Array<{ id: number; direction: string; kind: string; sent_at: Date | null; created_at: Date; received_at: Date | null; auth: unknown; sender_outside_authority: boolean; delivery_status: string | null; hidden: boolean }>;
}

async function threadReads(db: Db, requestId: number, locale: Locale): Promise<ThreadReads | null> {
  const request = await db.selectFrom("requests").select(["id", "hidden", "user_id"]).where("id", "=", requestId).executeTakeFirst();
  if (!request) return null;
  const [hidden, published, messages] = await Promise.all([
    hiddenInRequest(db, requestId),
    publisherForRequest(db, requestId).then((publisher) => publishedMessages(db, requestId, publisher, locale)),
    db
      .selectFrom("messages")
      .select([...THREAD_MESSAGE_COLUMNS])
      .where("request_id", "=", requestId)
      .where("spam_at", "is", null)
      .orderBy(sql`coalesce(received_at, created_at)`)
      .orderBy("id")
      .execute(),
  ]);
  return { request, hidden, published, messages };
}

/**
 * The messages of a public request, oldest first, with sanitized HTML and
 * attachment links, as `viewer` may see them. Everything goes through the
 * request's Publisher (redaction rules, then masking of addresses and phone
 * numbers). Hidden messages appear as a notice with the public reason, or
 * in full for administrators and, when hidden from everyone but the
 * requester, for the requester. Spam is left out.
 */
export async function loadRequestThread(db: Db, requestId: number, locale: Locale, viewer: Viewer = anonymous, preloaded?: ThreadReads): Promise<ThreadMessage[] | null> {
  const reads = preloaded ?? (await threadReads(db, requestId, locale));
  if (!reads) return null;
  const { request, hidden, published, messages } = reads;
  const visibility = (type: string, id: number, flagged: boolean) => {
    const row = hidden.get(`${type}:${id}`) ?? (flagged ? { audience: "all_but_requester", reason: "other" } : undefined);
    return { row, visibility: visibilityOf(row, viewer, request.user_id) };
  };
  if (visibility("request", request.id, request.hidden).visibility === "withheld") return null;
  const ids = messages.map((m) => m.id);
  const attachments = ids.length
    ? await db
        .selectFrom("attachments")
        .select(["id", "message_id", "content_type", "size", "extraction_status", "hidden", "text_source", "ocr_pages", "extraction_progress"])
        .where("message_id", "in", ids)
        .orderBy("position")
        .execute()
    : [];
  const shown = (text: string | null) => (text === null ? null : displayMasks(text, locale));
  return messages.flatMap((m): ThreadMessage[] => {
    const seen = visibility("message", m.id, m.hidden);
    const base = {
      id: m.id,
      direction: m.direction as "inbound" | "outbound",
      kind: m.kind,
      // Replies in the order Dossier received them; the sender's Date is not trusted for order.
      at: (m.direction === "inbound" ? (m.received_at ?? m.created_at) : (m.sent_at ?? m.created_at)).toISOString(),
      senderOutsideAuthority: m.sender_outside_authority,
      deliveryStatus: m.delivery_status,
      deliveryError: null,
    };
    if (seen.visibility === "withheld") {
      return [{ ...base, fromAddress: null, fromName: null, subject: null, text: "", textTotal: null, fullTextUrl: null, html: null, authentication: null, attachments: [], hidden: { reason: seen.row!.reason, visibility: "withheld" } }];
    }
    const p = published.get(m.id);
    if (!p) return []; // arrived between the two reads: the next view shows it
    const body = capText(displayMasks(p.text, locale));
    const own = attachments.filter((a) => a.message_id === m.id && p.attachments[a.id] && visibility("attachment", a.id, a.hidden).visibility !== "withheld");
    return [
      {
        ...base,
        fromAddress: shown(p.fromAddress),
        fromName: shown(p.fromName),
        subject: p.subject === null ? null : stripBidiControls(displayMasks(p.subject, locale)),
        text: body.text,
        textTotal: body.truncated ? body.total : null,
        fullTextUrl: body.truncated ? `/requests/${requestId}/messages/${m.id}.txt` : null,
        html: body.truncated || (p.html?.length ?? 0) > PUBLISHED_HTML_CAP ? null : shown(p.html),
        authentication: m.direction === "inbound" ? authenticationOf(m.auth as AuthVerdict | null, m.sender_outside_authority) : null,
        deliveryError: shown(p.deliveryError),
        attachments: own.map((a) => {
          const { filename, withheld, preparing = false } = p.attachments[a.id];
          return {
            id: a.id,
            filename,
            contentType: a.content_type,
            size: a.size,
            inline: attachmentDisposition(a.content_type).disposition === "inline",
            extractionStatus: a.extraction_status,
            ocrPages: a.text_source === "ocr" || a.text_source === "mixed" ? (a.ocr_pages ?? []) : null,
            extractionProgress: progressOf(a.extraction_progress),
            url: attachmentUrl(a.id, filename),
            withheld,
            preparing: preparing && !withheld,
          };
        }),
        hidden: seen.visibility === "marked" && seen.row ? { reason: seen.row.reason, visibility: "marked" } : null,
      },
    ];
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
      .select(["attachments.id", "attachments.filename", "attachments.content_type", "attachments.size", "attachments.file_key", "attachments.extracted_text", "messages.request_id"])
      .where("attachments.id", "=", attachmentId)
      .where("attachments.hidden", "=", false)
      .where("messages.hidden", "=", false)
      .where("messages.spam_at", "is", null)
      .where("requests.hidden", "=", false)
      .executeTakeFirst()) ?? null
  );
}

/**
 * The thread of a request whose page the caller is already showing: the
 * same masking, redaction and hiding as `loadRequestThread`, never null.
 */
export async function loadThreadMessages(db: Db, requestId: number, locale: Locale, viewer: Viewer = anonymous, preloaded?: ThreadReads): Promise<ThreadMessage[]> {
  return (await loadRequestThread(db, requestId, locale, viewer, preloaded)) ?? [];
}

function progressOf(value: unknown): { done: number; total: number } | null {
  const v = (typeof value === "string" ? JSON.parse(value) : value) as { done?: unknown; total?: unknown } | null;
  return v && typeof v.done === "number" && typeof v.total === "number" ? { done: v.done, total: v.total } : null;
}

/**
 * The full published text of one message (what "show the full message"
 * serves as a plain-text download): the same visibility, redaction and
 * masking as the thread, without the cap. Null when the viewer may not see it.
 */
export async function fullMessageText(db: Db, requestId: number, messageId: number, locale: Locale, viewer: Viewer = anonymous): Promise<{ filename: string; text: string } | null> {
  const thread = await loadRequestThread(db, requestId, locale, viewer);
  const seen = thread?.find((m) => m.id === messageId);
  if (!seen || seen.hidden?.visibility === "withheld") return null;
  const published = (await publishedMessages(db, requestId, await publisherForRequest(db, requestId), locale)).get(messageId);
  if (!published) return null;
  return { filename: `request-${requestId}-message-${messageId}.txt`, text: displayMasks(published.text, locale) };
}

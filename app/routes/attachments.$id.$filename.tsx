import type { LoaderFunctionArgs } from "@remix-run/node";
import { translate } from "../../core/i18n/index";
import { getLocale } from "~/i18n/locale.server";
import { FileStore } from "../../core/files";
import { publicAttachment } from "../../mail/thread";
import { attachmentHeaders } from "../../moderation/attachment-headers";
import { publicFileOf } from "../../moderation/attachments";
import { queueAttachmentRedaction } from "../../moderation/jobs";
import { publisherForRequest } from "../../moderation/publish";

/**
 * Attachment download, as published: the original when no redaction rule
 * and no masking (e-mail addresses, phone numbers) touches it, a redacted
 * copy (PDF re-rendered, text and HTML rewritten) when one does, a 503
 * "being prepared" while the background job has not made the redacted copy
 * of a PDF or image yet, or a 451 with a note when it cannot be redacted
 * safely. Headers from
 * moderation/attachment-headers.ts: a safe Content-Type and
 * Content-Disposition, nosniff, and a sandbox CSP.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  const attachment = await publicAttachment(context.db, id);
  if (!attachment) throw new Response("Not found", { status: 404 });
  const files = new FileStore(context.config.dataDir);
  const publisher = await publisherForRequest(context.db, attachment.request_id!);
  const locale = await getLocale(request);
  const file = await publicFileOf(
    context.db,
    attachment,
    publisher,
    async (key) => {
      try {
        return await files.get(key);
      } catch {
        return null;
      }
    },
    locale,
  );
  const filename = publisher.filename(attachment.filename);
  if (file.kind === "preparing") {
    // The redacted copy is made by a background job, never here; ask for it in case nothing did (one job per attachment waits at a time).
    await queueAttachmentRedaction(context.db, context.queue, attachment.id);
    return new Response(translate(locale, "documents.redaction.preparing"), {
      status: 503,
      headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store", "Retry-After": "30" },
    });
  }
  if (file.kind === "withheld") {
    return new Response(translate(locale, "redaction.withheld"), {
      status: 451,
      headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store" },
    });
  }
  if (file.kind !== "original" && file.kind !== "redacted") throw new Response("Not found", { status: 404 });
  const bytes = file.kind === "redacted" ? file.bytes : await files.get(attachment.file_key);
  const contentType = file.kind === "redacted" ? file.contentType : attachment.content_type;
  return new Response(new Uint8Array(bytes), { status: 200, headers: attachmentHeaders({ filename, contentType, size: bytes.length, cache: "private" }) });
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { FileStore } from "../../mail/file-store";
import { attachmentHeaders } from "../../mail/sanitize";
import { publicAttachment } from "../../mail/thread";

/**
 * Attachment download: a safe Content-Type and Content-Disposition (PDFs,
 * raster images and plain text inline; anything a browser could run is
 * served as an octet-stream download), nosniff, and a sandbox CSP.
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  const attachment = await publicAttachment(context.db, id);
  if (!attachment) throw new Response("Not found", { status: 404 });
  const bytes = await new FileStore(context.config.dataDir).get(attachment.file_key);
  return new Response(new Uint8Array(bytes), { status: 200, headers: attachmentHeaders(attachment.filename, attachment.content_type, bytes.length) });
}

import { compareDates, isValidDate } from "../authorities/civil-date";
import { primaryName } from "../authorities/names";
import type { Config } from "../core/config";
import type { FileStore } from "../core/files";
import type { JobQueue } from "../core/jobs";
import type { Db } from "../db/connect";
import { MAIL_EXTRACT } from "../mail/job-names";
import { notifyCitizenOfReply } from "../mail/notify";
import { queueEmail } from "../mail/outbound";
import { storePaperReply } from "../mail/paper-reply";
import { RequestError } from "./errors";
import { isOwner, type Viewer } from "./policy";

/**
 * The requester (or an administrator) adds a reply the authority sent on
 * paper: threaded as the authority's reply (mail/paper-reply.ts), its text
 * extracted by the worker like any e-mail attachment's.
 */
export async function uploadPaperReply(
  db: Db,
  deps: { files: FileStore; queue: JobQueue; config: Pick<Config, "baseUrl"> },
  input: { requestId: number; viewer: Viewer; dated: string; today: string; filename: string; bytes: Uint8Array },
): Promise<{ messageId: number }> {
  if (!isValidDate(input.dated) || compareDates(input.dated, input.today) > 0) throw new RequestError("invalid_input", "The reply's date must be a date, not in the future");
  return db.transaction().execute(async (trx) => {
    const request = await trx.selectFrom("requests").select(["id", "user_id", "state", "authority_id"]).where("id", "=", input.requestId).forUpdate().executeTakeFirst();
    if (!request) throw new RequestError("not_found", "No such request");
    if (!isOwner(input.viewer, request) && !input.viewer.isAdmin) throw new RequestError("forbidden", "Only the requester or an administrator can add a reply");
    if (request.state === "draft") throw new RequestError("not_sent", "A draft has no replies");
    const authority = await trx.selectFrom("authorities").selectAll().where("id", "=", request.authority_id).executeTakeFirstOrThrow();
    const stored = await storePaperReply(trx, deps.files, { requestId: request.id, actorUserId: input.viewer.userId!, dated: input.dated, filename: input.filename, bytes: input.bytes, fromName: primaryName(authority) });
    if (!stored) throw new RequestError("unsupported_file", "The file must be a PDF, a JPEG or PNG image, or a DOCX document of at most 20 MB");
    if (stored.extract) await deps.queue.send(trx, MAIL_EXTRACT, { messageId: stored.messageId });
    // An administrator added it: the requester hears of it exactly as of a reply by e-mail (their own upload needs no alert).
    if (!isOwner(input.viewer, request)) {
      await notifyCitizenOfReply(trx, request.id, stored.messageId, { baseUrl: deps.config.baseUrl, queueEmail: async (t, email) => void (await queueEmail(t, deps.queue, email)) });
    }
    return { messageId: stored.messageId };
  });
}

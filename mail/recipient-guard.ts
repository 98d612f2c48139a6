import { ConflictError } from "../core/errors";
import type { Executor, RequestEmail } from "./outbound";

/** A letter was about to go to an unverified authority address the citizen never agreed to. */
export class UnverifiedRecipientError extends ConflictError {
  constructor(address: string) {
    super(`${address} is not verified and the requester has not agreed to write to it`, "unverified_email");
  }
}

/**
 * The outbox's last check before a letter to an authority is stored: if a
 * recipient is the authority's request address, that address must be
 * verified or be the one the requester agreed to (requests.email_consent_address,
 * recorded by requests/channels.ts's decision). Every send path — the
 * request, follow-ups, reminders, appeals — goes through queueEmail, so no
 * path can skip this. Addresses that wrote to us (a reply's sender) and
 * appeal bodies are not the authority's directory address and pass.
 */
export async function refuseUnconsentedRecipient(trx: Executor, message: RequestEmail): Promise<void> {
  const row = await trx
    .selectFrom("requests")
    .innerJoin("authorities", "authorities.id", "requests.authority_id")
    .select(["authorities.email", "authorities.email_verified", "requests.email_consent_address"])
    .where("requests.id", "=", message.requestId)
    .executeTakeFirst();
  if (!row?.email || row.email_verified) return;
  const directory = row.email.trim().toLowerCase();
  const consent = row.email_consent_address?.trim().toLowerCase() ?? null;
  for (const to of message.to) {
    const address = to.trim().toLowerCase();
    if (address === directory && address !== consent) throw new UnverifiedRecipientError(to);
  }
}

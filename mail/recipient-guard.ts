import { sql } from "kysely";
import { ConflictError } from "../core/errors";
import type { Executor, RequestEmail } from "./outbound";

/** A letter was about to go to an unverified authority address the citizen never agreed to. */
export class UnverifiedRecipientError extends ConflictError {
  constructor(address: string) {
    super(`${address} is not verified and the requester has not agreed to write to it`, "unverified_email");
  }
}

/**
 * The outbox's last check before a letter to an authority is stored: a
 * recipient that is an authority's unverified directory address is refused
 * unless it is the request's own authority's address and the requester
 * agreed to it (requests.email_consent_address, recorded by
 * requests/channels.ts's decision). That covers the request's authority and
 * any other authority written to on its thread, such as an appeal body whose
 * directory address is not verified. Every send path — the request,
 * follow-ups, reminders, appeals — goes through queueEmail, so no path can
 * skip this. Addresses that wrote to us (a reply's sender) are not directory
 * addresses and pass.
 */
export async function refuseUnconsentedRecipient(trx: Executor, message: RequestEmail): Promise<void> {
  const recipients = message.to.map((to) => to.trim().toLowerCase()).filter((to) => to.length > 0);
  if (recipients.length === 0) return;
  const unverified = await trx
    .selectFrom("authorities")
    .select(["id", sql<string>`lower(trim(email))`.as("address")])
    .where("email_verified", "=", false)
    .where(sql<string>`lower(trim(email))`, "in", recipients)
    .execute();
  if (unverified.length === 0) return;
  const request = await trx.selectFrom("requests").select(["authority_id", "email_consent_address"]).where("id", "=", message.requestId).executeTakeFirst();
  const consent = request?.email_consent_address?.trim().toLowerCase() ?? null;
  for (const hit of unverified) {
    if (hit.id === request?.authority_id && hit.address === consent) continue;
    throw new UnverifiedRecipientError(message.to.find((to) => to.trim().toLowerCase() === hit.address) ?? hit.address);
  }
}

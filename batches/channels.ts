/**
 * How each authority of a batch can be reached. Until per-request channels
 * (verified e-mail, unverified e-mail with the citizen's consent, post) are
 * in the requests room, a batch knows one channel: e-mail, to an address
 * the directory marks verified, or to an unverified one when the citizen
 * consented to use unverified addresses. Everything else has no channel
 * yet: the batch page warns about it and no request is created there.
 */
import type { CandidateAuthority } from "./selection";

export type Channel = "email" | "none";
export type ChannelReason = "verified_email" | "unverified_email_consented" | "unverified_email" | "no_email" | "inactive";

export function channelOf(authority: Pick<CandidateAuthority, "email" | "email_verified" | "active">, consentUnverified: boolean): { channel: Channel; reason: ChannelReason } {
  if (!authority.active) return { channel: "none", reason: "inactive" };
  if (!authority.email) return { channel: "none", reason: "no_email" };
  if (authority.email_verified) return { channel: "email", reason: "verified_email" };
  return consentUnverified ? { channel: "email", reason: "unverified_email_consented" } : { channel: "none", reason: "unverified_email" };
}

/** The receiving domain of an address (what the throttle spaces letters by), lower-cased. */
export function receivingDomain(email: string): string {
  const at = email.lastIndexOf("@");
  return (at >= 0 ? email.slice(at + 1) : email).trim().toLowerCase();
}

/**
 * How each authority of a batch can be reached, decided by the requests
 * room's channels (requests/channels.ts, the one place that decides whether
 * a letter may go to an address): e-mail to a verified address, or to an
 * unverified one when the citizen consented for the batch; otherwise, when
 * the requester asked for it, a printed letter by post (one per authority,
 * printed from the batch page). Without that choice a body without a
 * usable e-mail has no channel in the batch: the page warns about it and no
 * request is created there.
 */
import { decideChannel } from "../requests/channels";
import type { CandidateAuthority } from "./selection";

export type Channel = "email" | "post" | "none";
export type ChannelReason = "verified_email" | "unverified_email_consented" | "unverified_email" | "no_email" | "inactive";

export function channelOf(
  authority: Pick<CandidateAuthority, "email" | "email_verified" | "email_source" | "address" | "active">,
  consentUnverified: boolean,
  byPost = false,
): { channel: Channel; reason: ChannelReason; consentAddress: string | null } {
  const decision = decideChannel(authority, { channel: "email", consentTo: consentUnverified ? authority.email : null });
  if (decision.ok && decision.channel === "email") {
    return { channel: "email", reason: decision.verified ? "verified_email" : "unverified_email_consented", consentAddress: decision.consentAddress };
  }
  const reason = decision.ok ? "no_email" : decision.reason === "inactive_authority" ? "inactive" : decision.reason === "unverified_email" ? "unverified_email" : "no_email";
  // By post: the reason says why the letter is printed rather than e-mailed.
  if (byPost && reason !== "inactive" && decideChannel(authority, { channel: "post" }).ok) return { channel: "post", reason, consentAddress: null };
  return { channel: "none", reason, consentAddress: null };
}

/** The receiving domain of an address (what the throttle spaces letters by), lower-cased. */
export function receivingDomain(email: string): string {
  const at = email.lastIndexOf("@");
  return (at >= 0 ? email.slice(at + 1) : email).trim().toLowerCase();
}

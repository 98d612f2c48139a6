/**
 * How a request reaches its authority (issue 15). Every active authority can
 * receive a request through at least one channel:
 *
 * - "email", verified: the address was confirmed (official source on the
 *   body's own domain, an administrator, or a reply from that domain);
 * - "email", unverified: only after the citizen has seen where the address
 *   comes from and agreed (the consent is recorded on the request: who, when,
 *   which address; mail/outbound refuses a letter to an unverified address
 *   without it);
 * - "post": always possible; Dossier prints the letter. When the directory
 *   has no postal address, the citizen types it (and it becomes a change
 *   proposal for the directory).
 *
 * Pure functions over the authority row: the web form, the CLI, the API and
 * the batch requests (issue 20) all ask here.
 */
import type { Authority } from "../db/schema";

export const CHANNELS = ["email", "post"] as const;
export type Channel = (typeof CHANNELS)[number];

export function isChannel(value: unknown): value is Channel {
  return value === "email" || value === "post";
}

export type ChannelAuthority = Pick<Authority, "active" | "email" | "email_verified" | "email_source" | "address">;

export type EmailChannel = {
  channel: "email";
  address: string;
  verified: boolean;
  /** Where the address was seen (a URL or a note), shown to the citizen before they agree. */
  source: string | null;
  /** True when the citizen must agree to write to an unverified address. */
  needsConsent: boolean;
};

export type PostChannel = {
  channel: "post";
  /** The directory's postal address, or null: the citizen types it. */
  postalAddress: string | null;
  needsAddress: boolean;
};

export type ChannelOption = EmailChannel | PostChannel;

export type AuthorityChannels = {
  /** False: no channel at all (the authority no longer exists). */
  active: boolean;
  /** Possible channels, the default first. */
  options: ChannelOption[];
  /** What a request gets when nobody chooses: a verified e-mail, otherwise post. */
  preferred: Channel | null;
};

/** Which channels are possible for this authority, and which is the default. */
export function channelsFor(authority: ChannelAuthority): AuthorityChannels {
  if (!authority.active) return { active: false, options: [], preferred: null };
  const address = authority.email?.trim() || null;
  const known = usablePostalAddress(authority.address);
  const post: PostChannel = { channel: "post", postalAddress: known, needsAddress: !known };
  if (!address) return { active: true, options: [post], preferred: "post" };
  const email: EmailChannel = { channel: "email", address, verified: authority.email_verified, source: authority.email_source, needsConsent: !authority.email_verified };
  // An unverified address is offered, never chosen for the citizen: post is the default until they agree.
  return authority.email_verified ? { active: true, options: [email, post], preferred: "email" } : { active: true, options: [post, email], preferred: "post" };
}

/** The label of the channel for counts and the API: "email_verified", "email_unverified", "post". */
export type ChannelKind = "email_verified" | "email_unverified" | "post";

export function channelKinds(channels: AuthorityChannels): ChannelKind[] {
  return channels.options.map((o) => (o.channel === "post" ? "post" : o.verified ? "email_verified" : "email_unverified"));
}

export type ChannelChoice = {
  channel?: Channel | null;
  /** The citizen agreed to write to this unverified address (it must be the authority's current one). */
  consentTo?: string | null;
  /** The authority's postal address typed by the citizen, when the directory has none. */
  authorityAddress?: string | null;
  /** The web form asks for the address when the directory has none; the CLI may go without. */
  requireAddress?: boolean;
};

export type ChannelDecision =
  | { ok: true; channel: "email"; address: string; verified: boolean; consentAddress: string | null }
  /** postalAddress null: nobody knows it yet; the printed letter leaves room to write it by hand. */
  | { ok: true; channel: "post"; postalAddress: string | null; proposeAddress: boolean }
  | { ok: false; reason: "inactive_authority" | "no_email" | "unverified_email" | "no_postal_address" };

function sameAddress(a: string | null | undefined, b: string | null | undefined): boolean {
  return Boolean(a && b && a.trim().toLowerCase() === b.trim().toLowerCase());
}

/**
 * The channel a request will use, given what the citizen chose: the only
 * place that decides whether a letter may go to an address.
 */
export function decideChannel(authority: ChannelAuthority, choice: ChannelChoice = {}): ChannelDecision {
  const channels = channelsFor(authority);
  if (!channels.active) return { ok: false, reason: "inactive_authority" };
  const wanted = choice.channel ?? channels.preferred!;
  if (wanted === "email") {
    const email = channels.options.find((o): o is EmailChannel => o.channel === "email");
    if (!email) return { ok: false, reason: "no_email" };
    if (email.verified) return { ok: true, channel: "email", address: email.address, verified: true, consentAddress: null };
    if (!sameAddress(choice.consentTo, email.address)) return { ok: false, reason: "unverified_email" };
    return { ok: true, channel: "email", address: email.address, verified: false, consentAddress: email.address };
  }
  const post = channels.options.find((o): o is PostChannel => o.channel === "post")!;
  if (post.postalAddress) return { ok: true, channel: "post", postalAddress: post.postalAddress, proposeAddress: false };
  if (!choice.authorityAddress?.trim()) {
    return choice.requireAddress ? { ok: false, reason: "no_postal_address" } : { ok: true, channel: "post", postalAddress: null, proposeAddress: false };
  }
  const typed = normalizeAuthorityAddress(choice.authorityAddress);
  if (!typed) return { ok: false, reason: "no_postal_address" };
  return { ok: true, channel: "post", postalAddress: typed, proposeAddress: true };
}

/** An authority's postal address as typed: trimmed lines, at most 6 lines of 80 characters. */
export function normalizeAuthorityAddress(text: string | null | undefined): string | null {
  if (!text) return null;
  const lines = text
    .replace(/\r\n?/g, "\n")
    .split(/\n|,(?=\s*\d{4}\b)/)
    .map((l) => l.replace(/\s+/g, " ").trim())
    .filter(Boolean);
  if (lines.length < 2 || lines.length > 6 || lines.some((l) => l.length > 80)) return null;
  return lines.join("\n");
}

/**
 * The directory's postal address as envelope lines, or null when it cannot
 * carry a letter (the bundled data has rows such as " ,  , België"): it needs
 * a street line and a line with a four-digit Belgian postcode.
 */
export function usablePostalAddress(address: string | null | undefined): string | null {
  if (!address) return null;
  const lines = address
    .split(/\n|,/)
    .map((l) => l.replace(/\s+/g, " ").trim())
    .filter(Boolean);
  const postcode = lines.findIndex((l) => /^\d{4}\s+\S/.test(l));
  if (postcode < 1) return null;
  return lines.join("\n");
}

/**
 * The authority's directory address a later letter (follow-up, reminder) may
 * go to when the authority has not written from another one: verified, or
 * the very address the requester agreed to. Null otherwise.
 */
export function emailForLaterLetters(authority: ChannelAuthority, request: { email_consent_address: string | null }): string | null {
  const decision = decideChannel(authority, { channel: "email", consentTo: request.email_consent_address });
  return decision.ok && decision.channel === "email" ? decision.address : null;
}

/**
 * The public JSON of an authority's channels (/api/v1/authorities/:slug):
 * which are possible, the default, and the e-mail's source and verification.
 */
export function channelsJson(authority: ChannelAuthority) {
  const channels = channelsFor(authority);
  const email = channels.options.find((o): o is EmailChannel => o.channel === "email") ?? null;
  const post = channels.options.find((o): o is PostChannel => o.channel === "post") ?? null;
  return {
    channels: channelKinds(channels),
    default_channel: channels.preferred,
    // Beside the contract's email, email_source and email_verified columns (never replacing them).
    email_channel: email ? { address: email.address, source: email.source, verified: email.verified, needs_consent: email.needsConsent } : null,
    post_channel: post ? { postal_address: post.postalAddress, needs_address: post.needsAddress } : null,
  };
}

/** One line of the reach table: how many authorities each channel reaches (their default channel), per region. */
export type ReachCount = {
  region: string;
  authorities: number;
  email_verified: number;
  /** An address is known but not verified: post by default, e-mail after the requester's consent. */
  email_unverified: number;
  post_only: number;
  /** Of the post-only and unverified ones, how many have a postal address in the directory (the rest: the requester types it). */
  postal_address_known: number;
  /** Merged or dissolved: no channel, not counted in the three above. */
  inactive: number;
};

/**
 * Counts the authorities per region and channel (the "Done means" count of
 * issue 15; `dossier authorities reach` prints it). Regions in the order
 * given by `regionOrder`, unknown ones after, then a "total" line.
 */
export function countReach(rows: Array<ChannelAuthority & { region: string | null }>, regionOrder: readonly string[] = []): ReachCount[] {
  const byRegion = new Map<string, ReachCount>();
  const line = (region: string): ReachCount => ({ region, authorities: 0, email_verified: 0, email_unverified: 0, post_only: 0, postal_address_known: 0, inactive: 0 });
  for (const row of rows) {
    const region = row.region ?? "none";
    const c = byRegion.get(region) ?? byRegion.set(region, line(region)).get(region)!;
    c.authorities++;
    const channels = channelsFor(row);
    if (!channels.active) {
      c.inactive++;
      continue;
    }
    const kinds = channelKinds(channels);
    if (kinds.includes("email_verified")) c.email_verified++;
    else {
      if (kinds.includes("email_unverified")) c.email_unverified++;
      else c.post_only++;
      if (channels.options.some((o) => o.channel === "post" && o.postalAddress)) c.postal_address_known++;
    }
  }
  const rank = (region: string) => (regionOrder.includes(region) ? regionOrder.indexOf(region) : regionOrder.length);
  const lines = [...byRegion.values()].sort((a, b) => rank(a.region) - rank(b.region) || a.region.localeCompare(b.region));
  const total = line("total");
  for (const l of lines) for (const k of ["authorities", "email_verified", "email_unverified", "post_only", "postal_address_known", "inactive"] as const) total[k] += l[k];
  return [...lines, total];
}

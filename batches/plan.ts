/**
 * What a batch will do before it does it: how many authorities, by which
 * channel, which have none, and the letter in every language and law that
 * occurs (the preview shows exactly what will leave, as for one request).
 */
import { todayInBrussels } from "../authorities/civil-date";
import { dueDate } from "../authorities/deadline";
import { isRegimeId } from "../authorities/regimes";
import type { Db } from "../db/connect";
import { postalAddressNeed } from "../moderation/postal-address";
import { chooseLetterLanguage, composeLetter, letterLanguages, type Letter, type LetterLanguage } from "../requests/letter";
import { channelOf, receivingDomain, type Channel, type ChannelReason } from "./channels";
import { selectAuthorities, type CandidateAuthority, type Selection } from "./selection";

export type PlannedAuthority = CandidateAuthority & {
  channel: Channel;
  reason: ChannelReason | "postal_address_required";
  /** The letter's language for this body. */
  language: LetterLanguage;
  domain: string | null;
  /** The unverified address the citizen agreed to (recorded on the request). */
  consentAddress: string | null;
};

export type LetterPreview = { language: LetterLanguage; regime: string; count: number; letter: Letter };

export type BatchPlan = {
  authorities: PlannedAuthority[];
  counts: { total: number; email: number; post: number; none: number };
  /** Bodies without a channel, by reason. */
  warnings: Array<{ reason: PlannedAuthority["reason"]; count: number }>;
  previews: LetterPreview[];
  /** The number of authorities this user may address in one batch. */
  allowance: number;
};

export type PlanInput = {
  userId: number;
  selection: Selection;
  consentUnverified: boolean;
  /** The requester's preferred letter language where an authority allows several. */
  language?: string | null;
  title: string;
  body: string;
  postalAddress?: string | null;
  /** Print a letter by post for the authorities without a usable e-mail. */
  byPost?: boolean;
};

/** The authorities a user may address in one batch: the administrators' allowance for them, or the default. */
export async function batchAllowance(db: Db, userId: number, defaultAllowance: number): Promise<number> {
  const row = await db.selectFrom("batch_allowances").select("max_authorities").where("user_id", "=", userId).executeTakeFirst();
  return row ? row.max_authorities : defaultAllowance;
}

export function planAuthority(a: CandidateAuthority, input: Pick<PlanInput, "consentUnverified" | "language" | "postalAddress" | "byPost">): PlannedAuthority {
  const { channel, reason, consentAddress } = channelOf(a, input.consentUnverified, input.byPost ?? false);
  const language = chooseLetterLanguage(letterLanguages(a), input.language);
  if (channel !== "none" && postalAddressNeed(a.regime) === "required" && !input.postalAddress?.trim()) {
    return { ...a, channel: "none", reason: "postal_address_required", language, domain: null, consentAddress: null };
  }
  return { ...a, channel, reason, language, domain: channel === "email" && a.email ? receivingDomain(a.email) : null, consentAddress };
}

/** The plan; with `letters: false` (choosing authorities, before anything is written) no letter is composed. */
export async function planBatch(db: Db, input: PlanInput & { displayName: string; defaultAllowance: number; publicUrlExample: string | null; letters?: boolean }): Promise<BatchPlan> {
  const candidates = await selectAuthorities(db, input.selection);
  const authorities = candidates.map((a) => planAuthority(a, input));
  const email = authorities.filter((a) => a.channel === "email");
  const post = authorities.filter((a) => a.channel === "post");
  const warnings = new Map<PlannedAuthority["reason"], number>();
  for (const a of authorities) if (a.channel === "none") warnings.set(a.reason, (warnings.get(a.reason) ?? 0) + 1);
  const previews = new Map<string, LetterPreview>();
  const today = todayInBrussels();
  for (const a of input.letters === false ? [] : [...email, ...post]) {
    const regime = isRegimeId(a.regime) ? a.regime : "federal";
    const key = `${a.language}:${regime}`;
    const seen = previews.get(key);
    if (seen) {
      seen.count++;
      continue;
    }
    const letter = composeLetter({
      regime,
      language: a.language,
      title: input.title.replace(/\s+/g, " ").trim(),
      body: input.body.replace(/\r\n/g, "\n"),
      displayName: input.displayName,
      dueDate: dueDate(regime, today),
      publicUrl: input.publicUrlExample,
      postalAddress: postalAddressNeed(a.regime) === "not_needed" ? null : (input.postalAddress ?? null),
    });
    previews.set(key, { language: a.language, regime, count: 1, letter });
  }
  return {
    authorities,
    counts: { total: authorities.length, email: email.length, post: post.length, none: authorities.length - email.length - post.length },
    warnings: [...warnings].map(([reason, count]) => ({ reason, count })),
    previews: [...previews.values()].sort((x, y) => y.count - x.count),
    allowance: await batchAllowance(db, input.userId, input.defaultAllowance),
  };
}

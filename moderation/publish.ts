import type { Kysely } from "kysely";
import type { Db } from "../db/connect";
import type { Database } from "../db/schema";
import { displayMasks, hasMaskable, maskHtml, maskText, type MaskLocale } from "./mask";
import { Redactor, ruleApplies, type PublicationContext } from "./redaction";
import { ruleFromRow, rulesFingerprint, rulesForContext } from "./rules";

/**
 * The single place where public text is produced. Everything shown on a
 * public page, returned by the API or sent to the search index goes
 * through a Publisher: the redaction rules of its request, requester,
 * authority and the whole site first, then masking of addresses and phone
 * numbers. Stored text keeps language-neutral mask tokens; `display*`
 * turns them into words of the reader's language.
 */
/**
 * Masking joins the redaction rules in every text-bearing attachment
 * (finding 6 of issue 17): e-mail addresses and phone numbers, the
 * requester's among them, are painted out of PDFs and images even when no
 * rule applies. Part of a stored copy's fingerprint.
 */
const FILE_MASKING_VERSION = "masks-1";

export class Publisher {
  constructor(readonly redactor: Redactor) {}

  /** Plain text for storage or indexing (mask tokens kept). */
  text(text: string | null | undefined): string {
    return maskText(this.redactor.text(text ?? ""));
  }

  /** Sanitized HTML (mail/sanitize.ts output) for storage or display. */
  html(html: string | null | undefined): string {
    return maskHtml(this.redactor.html(html ?? ""));
  }

  filename(name: string): string {
    return stripBidiControls(this.redactor.filename(maskText(name)).replace(/[⟦⟧]/g, ""));
  }

  displayText(text: string | null | undefined, locale: MaskLocale): string {
    return displayMasks(this.text(text), locale);
  }

  displayHtml(html: string | null | undefined, locale: MaskLocale): string {
    return displayMasks(this.html(html), locale);
  }

  /** Identifies the rules in force (moderation/rules.ts rulesFingerprint). */
  fingerprint(): string {
    return rulesFingerprint(this.redactor.rules.map((r) => r.rule));
  }

  /**
   * Identifies a stored redacted copy of a PDF or image
   * (attachment_redactions): the rules in force and the version of
   * masking, so copies made before masking changed are made again.
   */
  fileFingerprint(): string {
    return `${this.fingerprint()}+${FILE_MASKING_VERSION}`;
  }

  /** Must a PDF or image with this extracted text (null: not known yet) be published as a redacted copy? */
  fileNeedsRedaction(text: string | null): boolean {
    return text === null || this.redacts(text) || hasMaskable(text);
  }

  /** Does the text contain anything the redaction rules remove? */
  redacts(text: string | null | undefined): boolean {
    return this.redactor.matches(text ?? "");
  }
}

export async function publisherFor(db: Db | Kysely<Database>, context: PublicationContext): Promise<Publisher> {
  return new Publisher(new Redactor(await rulesForContext(db, context)));
}

/** The publication context of a request: itself, its requester, its authority. */
export async function requestContext(db: Db | Kysely<Database>, requestId: number): Promise<PublicationContext | null> {
  const row = await db.selectFrom("requests").select(["id", "user_id", "authority_id"]).where("id", "=", requestId).executeTakeFirst();
  return row ? { requestId: row.id, userId: row.user_id, authorityId: row.authority_id } : null;
}

export async function publisherForRequest(db: Db | Kysely<Database>, requestId: number): Promise<Publisher> {
  return publisherFor(db, (await requestContext(db, requestId)) ?? { requestId });
}

/**
 * Publishers for many requests with one query (lists of requests: an
 * authority's page, a person's profile): each gets the rules of the request,
 * its requester, its authority and the site, as `publisherForRequest` does.
 * Requests under the same rules share one Publisher.
 */
export async function publishersForRequests(
  db: Db | Kysely<Database>,
  requests: ReadonlyArray<{ id: number; user_id: number; authority_id: number }>,
): Promise<Map<number, Publisher>> {
  const out = new Map<number, Publisher>();
  if (requests.length === 0) return out;
  const ids = (pick: (r: (typeof requests)[number]) => number) => [...new Set(requests.map(pick))];
  const rows = await db
    .selectFrom("redaction_rules")
    .selectAll()
    .where((eb) =>
      eb.or([
        eb("scope_type", "=", "site"),
        eb.and([eb("scope_type", "=", "request"), eb("scope_id", "in", ids((r) => r.id))]),
        eb.and([eb("scope_type", "=", "user"), eb("scope_id", "in", ids((r) => r.user_id))]),
        eb.and([eb("scope_type", "=", "authority"), eb("scope_id", "in", ids((r) => r.authority_id))]),
      ]),
    )
    .orderBy("id")
    .execute();
  const rules = rows.map(ruleFromRow);
  const shared = new Map<string, Publisher>();
  for (const request of requests) {
    const context = { requestId: request.id, userId: request.user_id, authorityId: request.authority_id };
    const applying = rules.filter((rule) => ruleApplies(rule, context));
    const key = applying.map((rule) => rule.id).join(",");
    let publisher = shared.get(key);
    if (!publisher) shared.set(key, (publisher = new Publisher(new Redactor(applying))));
    out.set(request.id, publisher);
  }
  return out;
}

/** One-off: the public form of `text` in `context` (tokens kept). */
export async function publicText(db: Db | Kysely<Database>, context: PublicationContext, text: string): Promise<string> {
  return (await publisherFor(db, context)).text(text);
}

/** One-off: the public form of sanitized `html` in `context`. */
export async function publicHtml(db: Db | Kysely<Database>, context: PublicationContext, html: string): Promise<string> {
  return (await publisherFor(db, context)).html(html);
}

import { ACCOUNT_DELETED } from "./names";
import { stripBidiControls } from "../core/text";

export { ACCOUNT_DELETED };

/** "Jean-Pierre van der Berg" → "J.-P. v. d. B." */
export function initialsOf(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((word) =>
      word
        .split("-")
        .filter(Boolean)
        .map((part) => `${Array.from(part)[0]!.toLocaleUpperCase()}.`)
        .join("-"),
    )
    .join(" ");
}

/** How a user's name appears on public pages: in full, by initials, or "[account deleted]". */
export async function publicNames(db: Db | Kysely<Database>, userIds: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (userIds.length === 0) return out;
  const rows = await db
    .selectFrom("users as u")
    .leftJoin("user_privacy as p", "p.user_id", "u.id")
    .select(["u.id", "u.display_name", "p.public_name", "p.deleted_at"])
    .where("u.id", "in", [...new Set(userIds)])
    .execute();
  for (const r of rows) out.set(r.id, r.deleted_at ? ACCOUNT_DELETED : r.public_name === "initials" ? initialsOf(r.display_name) : r.display_name);
  return out;
}

export async function publicName(db: Db | Kysely<Database>, userId: number): Promise<string> {
  return (await publicNames(db, [userId])).get(userId) ?? ACCOUNT_DELETED;
}

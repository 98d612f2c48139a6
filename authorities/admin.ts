/**
 * An administrator edits an authority (issue 15): its request e-mail and
 * where that address comes from, whether it is verified, its postal
 * address, website, whether it is active, and the authority it was merged
 * into (a merged authority is inactive: it takes no new request). Each
 * change is one transaction with its audit-log row, and every field set is
 * remembered (`authority_admin_edits`) so that a later import of the
 * directory file keeps it and reports the file's different value.
 */
import { sql } from "kysely";
import { z } from "zod";
import type { Db } from "../db/connect";
import { InvalidInputError, NotFoundError } from "../core/errors";
import { rememberAdminEdits } from "./proposals";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "too_long")
    .optional()
    .transform((v) => (v ? v : null));

const checkbox = z.union([z.boolean(), z.literal("on"), z.literal("true"), z.literal("false"), z.literal("")]).optional().transform((v) => v === true || v === "on" || v === "true");

/** One schema for the admin form and the CLI; every field is the value wanted after the edit. */
export const authorityEditSchema = z
  .object({
    email: optionalText(254).pipe(z.string().email("invalid_email").nullable()),
    email_source: optionalText(1000),
    email_verified: checkbox,
    address: optionalText(500),
    website: optionalText(500).pipe(z.string().url("invalid_url").refine((u) => /^https?:\/\//i.test(u), "invalid_url").nullable()),
    active: checkbox,
    merged_into: optionalText(200),
    reason: optionalText(2000),
  })
  .superRefine((v, ctx) => {
    if (v.email && !v.email_source) ctx.addIssue({ code: "custom", path: ["email_source"], message: "source_required" });
    if (!v.email && v.email_verified) ctx.addIssue({ code: "custom", path: ["email_verified"], message: "nothing_to_verify" });
  });
export type AuthorityEditInput = z.input<typeof authorityEditSchema>;

export type EditableField = "email" | "email_source" | "email_verified" | "address" | "website" | "active" | "merged_into_id";

export interface AuthorityEditResult {
  slug: string;
  changed: Partial<Record<EditableField, { from: unknown; to: unknown }>>;
}

export class AuthorityEditError extends InvalidInputError {
  constructor(
    readonly fields: Record<string, string>,
    message = Object.entries(fields)
      .map(([f, m]) => `${f}: ${m}`)
      .join("; "),
  ) {
    super(message, "invalid_authority_edit");
  }
}

/** What the edit form shows: the authority, its merge target, its remembered edits and its pending proposals. */
export async function authorityForAdmin(db: Db, slug: string) {
  const a = await db
    .selectFrom("authorities")
    .leftJoin("authorities as target", "target.id", "authorities.merged_into_id")
    .select([
      "authorities.id",
      "authorities.slug",
      "authorities.name_fr",
      "authorities.name_nl",
      "authorities.name_de",
      "authorities.name_en",
      "authorities.region",
      "authorities.regime",
      "authorities.email",
      "authorities.email_source",
      "authorities.email_verified",
      "authorities.address",
      "authorities.website",
      "authorities.active",
      "target.slug as merged_into",
    ])
    .where("authorities.slug", "=", slug)
    .executeTakeFirst();
  if (!a) return null;
  const edits = await db.selectFrom("authority_admin_edits").select(["field", "value", "edited_at"]).where("authority_id", "=", a.id).orderBy("field").execute();
  return { ...a, edits };
}

/** Applies an administrator's edit; returns what changed (nothing when the form says what is stored). */
export async function editAuthority(db: Db, slug: string, raw: unknown, adminUserId: number | null): Promise<AuthorityEditResult> {
  const parsed = authorityEditSchema.safeParse(raw);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? "form")] ??= issue.message;
    throw new AuthorityEditError(fields);
  }
  const input = parsed.data;
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom("authorities")
      .select(["id", "email", "email_source", "email_verified", "address", "website", "active", "merged_into_id"])
      .where("slug", "=", slug)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw new NotFoundError(`no authority with slug "${slug}"`, "unknown_authority");
    let mergedIntoId: number | null = null;
    if (input.merged_into) {
      const target = await trx.selectFrom("authorities").select(["id", "active", "merged_into_id"]).where("slug", "=", input.merged_into).executeTakeFirst();
      if (!target) throw new AuthorityEditError({ merged_into: "unknown_authority" });
      if (target.id === current.id) throw new AuthorityEditError({ merged_into: "merged_into_itself" });
      if (!target.active || target.merged_into_id !== null) throw new AuthorityEditError({ merged_into: "merged_into_inactive" });
      mergedIntoId = target.id;
    }
    const wanted = {
      email: input.email?.toLowerCase() ?? null,
      email_source: input.email ? input.email_source : null,
      email_verified: input.email ? input.email_verified : false,
      address: input.address,
      website: input.website,
      // A merged authority takes no new request.
      active: mergedIntoId !== null ? false : input.active,
      merged_into_id: mergedIntoId,
    } satisfies Record<EditableField, unknown>;
    const changed: AuthorityEditResult["changed"] = {};
    for (const field of Object.keys(wanted) as EditableField[]) {
      if ((current[field] ?? null) !== (wanted[field] ?? null)) changed[field] = { from: current[field] ?? null, to: wanted[field] };
    }
    const fields = Object.keys(changed) as EditableField[];
    if (fields.length === 0) return { slug, changed };
    const set = Object.fromEntries(fields.map((f) => [f, wanted[f]]));
    await trx.updateTable("authorities").set({ ...set, updated_at: sql`now()` }).where("id", "=", current.id).execute();
    // The importer compares directory columns; the merge target is ours alone.
    await rememberAdminEdits(trx, current.id, Object.fromEntries(fields.filter((f) => f !== "merged_into_id").map((f) => [f, wanted[f]])), adminUserId);
    await trx
      .insertInto("audit_log")
      .values({
        actor_user_id: adminUserId,
        action: "authority.edit",
        target_type: "authority",
        target_id: current.id,
        reason: input.reason,
        data: JSON.stringify({ slug, changed: { ...changed, ...(changed.merged_into_id ? { merged_into: { from: null, to: input.merged_into } } : {}) } }),
      })
      .execute();
    return { slug, changed };
  });
}

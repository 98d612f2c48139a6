import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Db } from "../db/connect";
import type { Database, RedactionRuleRow } from "../db/schema";
import { audit } from "./audit";
import type { PublicationContext, RedactionRule, RedactionScope } from "./redaction";

/** Stored redaction rules: which apply where, adding and removing them. */

export type RuleOrigin = "admin" | "requester" | "postal_address" | "initials" | "account_deleted";

export function ruleFromRow(row: RedactionRuleRow): RedactionRule {
  const scope: RedactionScope =
    row.scope_type === "request"
      ? { type: "request", requestId: row.scope_id! }
      : row.scope_type === "user"
        ? { type: "user", userId: row.scope_id! }
        : row.scope_type === "authority"
          ? { type: "authority", authorityId: row.scope_id! }
          : { type: "site" };
  return { id: row.id, kind: row.kind as RedactionRule["kind"], text: row.text, loose: row.loose, replacement: row.replacement, scope };
}

export function scopeColumns(scope: RedactionScope): { scope_type: string; scope_id: number | null } {
  switch (scope.type) {
    case "site":
      return { scope_type: "site", scope_id: null };
    case "request":
      return { scope_type: "request", scope_id: scope.requestId };
    case "user":
      return { scope_type: "user", scope_id: scope.userId };
    case "authority":
      return { scope_type: "authority", scope_id: scope.authorityId };
  }
}

/** Every rule that applies to text published in `context`. */
export async function rulesForContext(db: Db | Kysely<Database>, context: PublicationContext): Promise<RedactionRule[]> {
  const rows = await db
    .selectFrom("redaction_rules")
    .selectAll()
    .where((eb) => {
      const ors = [eb("scope_type", "=", "site")];
      if (context.requestId != null) ors.push(eb.and([eb("scope_type", "=", "request"), eb("scope_id", "=", context.requestId)]));
      if (context.userId != null) ors.push(eb.and([eb("scope_type", "=", "user"), eb("scope_id", "=", context.userId)]));
      if (context.authorityId != null) ors.push(eb.and([eb("scope_type", "=", "authority"), eb("scope_id", "=", context.authorityId)]));
      return eb.or(ors);
    })
    .orderBy("id")
    .execute();
  return rows.map(ruleFromRow);
}

/** Identifies a set of rules: a redacted file made under other rules is stale. */
export function rulesFingerprint(rules: RedactionRule[]): string {
  const canonical = rules.map((r) => [r.kind, r.text, r.loose, r.replacement]).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return createHash("sha256").update(JSON.stringify(canonical)).digest("hex").slice(0, 32);
}

export interface NewRuleInput {
  kind: "literal" | "pattern";
  text: string;
  loose: boolean;
  replacement: string;
}

/**
 * Adds a rule and queues the job that re-redacts and re-indexes its scope.
 * The caller owns the transaction and sends the job id to the queue in it
 * (see moderation/jobs.ts `queueRedactionJob`).
 */
export async function insertRule(
  trx: Kysely<Database>,
  input: NewRuleInput & { scope: RedactionScope; origin: RuleOrigin; actorUserId: number | null },
): Promise<{ ruleId: number; jobId: number }> {
  const scope = scopeColumns(input.scope);
  const { id: ruleId } = await trx
    .insertInto("redaction_rules")
    .values({ ...scope, kind: input.kind, text: input.text, loose: input.loose, replacement: input.replacement, origin: input.origin, created_by: input.actorUserId })
    .returning("id")
    .executeTakeFirstOrThrow();
  const { id: jobId } = await trx.insertInto("redaction_jobs").values({ rule_id: ruleId, ...scope }).returning("id").executeTakeFirstOrThrow();
  await audit(trx, {
    actorUserId: input.actorUserId,
    action: "redaction_rule.add",
    targetType: "redaction_rule",
    targetId: ruleId,
    requestId: input.scope.type === "request" ? input.scope.requestId : null,
    // The rule's text is personal data: the log names the rule, not what it hides.
    data: { scope: scope.scope_type, scope_id: scope.scope_id, kind: input.kind, origin: input.origin },
  });
  return { ruleId, jobId };
}

export async function deleteRule(trx: Kysely<Database>, ruleId: number, actorUserId: number | null): Promise<{ jobId: number } | null> {
  const row = await trx.deleteFrom("redaction_rules").where("id", "=", ruleId).returningAll().executeTakeFirst();
  if (!row) return null;
  const { id: jobId } = await trx.insertInto("redaction_jobs").values({ rule_id: null, scope_type: row.scope_type, scope_id: row.scope_id }).returning("id").executeTakeFirstOrThrow();
  await audit(trx, { actorUserId, action: "redaction_rule.delete", targetType: "redaction_rule", targetId: ruleId, data: { scope: row.scope_type, scope_id: row.scope_id } });
  return { jobId };
}

export async function listRules(db: Db, filter: { scope?: RedactionScope } = {}) {
  let q = db.selectFrom("redaction_rules as r").leftJoin("users as u", "u.id", "r.created_by").select(["r.id", "r.scope_type", "r.scope_id", "r.kind", "r.text", "r.loose", "r.replacement", "r.origin", "r.created_at", "u.display_name as created_by_name"]).orderBy("r.id", "desc");
  if (filter.scope) {
    const s = scopeColumns(filter.scope);
    q = q.where("r.scope_type", "=", s.scope_type);
    if (s.scope_id != null) q = q.where("r.scope_id", "=", s.scope_id);
  }
  return q.execute();
}

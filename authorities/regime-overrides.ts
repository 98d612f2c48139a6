/**
 * Administrators' corrections to the access regimes, stored in
 * `regime_overrides` (issue 15): a different deadline (in the regime's own
 * unit: calendar or working days) and extra non-working days (every year
 * `MM-DD`, or one date `YYYY-MM-DD`). `loadRegimeTable` gives the table the
 * deadline engine computes with (`withOverrides` over the built-in one);
 * every change is in the audit log and emits `directory.rules_changed`, on
 * which the stored deadlines are recomputed.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../db/schema";
import { emit } from "../core/events";
import { InvalidInputError, NotFoundError } from "../core/errors";
import { isRegimeId, REGIMES, withOverrides, type FixedDay, type Regime, type RegimeTable } from "./regimes";
import { REGIME_IDS, type RegimeId } from "./vocabulary";
import { isValidDate } from "./civil-date";

type Executor = Kysely<Database>;

export type OverrideKind = "due_days" | "extended_due_days" | "non_working_day";

export interface OverrideRow {
  id: number;
  regime: string;
  kind: string;
  value: string;
  source: string;
  label: string | null;
}

const MONTH_DAY = /^(\d{2})-(\d{2})$/;
const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A valid `MM-DD` (29 February allowed) or `YYYY-MM-DD`, else null. */
export function parseNonWorkingDay(value: string): { monthDay: string; year?: number } | null {
  const v = value.trim();
  const full = FULL_DATE.exec(v);
  if (full) return isValidDate(v) ? { monthDay: `${full[2]}-${full[3]}`, year: Number(full[1]) } : null;
  const md = MONTH_DAY.exec(v);
  if (md) return isValidDate(`2024-${v}`) ? { monthDay: v } : null;
  return null;
}

export const periodOverrideSchema = z.object({
  regime: z.string().refine(isRegimeId, "unknown_regime"),
  kind: z.enum(["due_days", "extended_due_days"]),
  days: z.coerce.number({ invalid_type_error: "invalid_number" }).int("invalid_number").min(1, "invalid_number").max(365, "invalid_number"),
  source: z.string().trim().min(1, "required").max(1000, "too_long"),
});

export const nonWorkingDaySchema = z.object({
  regime: z.string().refine(isRegimeId, "unknown_regime"),
  date: z.string().trim().refine((v) => parseNonWorkingDay(v) !== null, "invalid_day"),
  label: z.string().trim().min(1, "required").max(200, "too_long"),
  source: z.string().trim().min(1, "required").max(1000, "too_long"),
});

/** The overrides as `withOverrides` takes them. Rows that do not parse are skipped. */
export function overridesFromRows(rows: readonly OverrideRow[], table: RegimeTable = REGIMES): Partial<Record<RegimeId, Partial<Regime>>> {
  const out: Partial<Record<RegimeId, Partial<Regime>>> = {};
  for (const id of REGIME_IDS) {
    const mine = rows.filter((r) => r.regime === id);
    if (mine.length === 0) continue;
    const base = table[id];
    const o: Partial<Regime> = {};
    for (const r of mine) {
      const days = Number(r.value);
      if (r.kind === "due_days" && Number.isInteger(days) && days > 0) {
        o.due = { value: { days, unit: base.due.value.unit }, source: `administrator override: ${r.source}`, verified: true };
      } else if (r.kind === "extended_due_days" && Number.isInteger(days) && days > 0) {
        o.extendedDue = { value: { days, unit: base.extendedDue.value.unit }, source: `administrator override: ${r.source}`, verified: true };
      }
    }
    const extra: FixedDay[] = mine
      .filter((r) => r.kind === "non_working_day")
      .flatMap((r) => {
        const day = parseNonWorkingDay(r.value);
        const name = r.label ?? r.source;
        return day ? [{ ...day, name: { fr: name, nl: name, de: name, en: name } }] : [];
      });
    if (extra.length > 0) {
      o.extraNonWorkingDays = {
        value: [...base.extraNonWorkingDays.value, ...extra],
        source: `${base.extraNonWorkingDays.source}; administrator additions: ${mine.filter((r) => r.kind === "non_working_day").map((r) => r.source).join("; ")}`,
        verified: base.extraNonWorkingDays.verified,
      };
    }
    out[id] = o;
  }
  return out;
}

export async function listRegimeOverrides(db: Executor): Promise<OverrideRow[]> {
  return db.selectFrom("regime_overrides").select(["id", "regime", "kind", "value", "source", "label"]).orderBy("regime").orderBy("kind").orderBy("value").execute();
}

/** The regime table the deadlines are computed with: the built-in one with the administrators' overrides. */
export async function loadRegimeTable(db: Executor): Promise<RegimeTable> {
  const rows = await listRegimeOverrides(db);
  return rows.length === 0 ? REGIMES : withOverrides(overridesFromRows(rows));
}

function invalid(error: z.ZodError): InvalidInputError {
  return new InvalidInputError(error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "), "invalid_override");
}

async function changed(trx: Executor, input: { actorUserId: number | null; action: string; regime: string; targetId: number | null; reason: string | null; data: Record<string, unknown> }) {
  await trx
    .insertInto("audit_log")
    .values({ actor_user_id: input.actorUserId, action: input.action, target_type: "regime", target_id: input.targetId, reason: input.reason, data: JSON.stringify({ regime: input.regime, ...input.data }) })
    .execute();
  await emit(trx, { type: "directory.rules_changed", requestId: null, data: { regime: input.regime } });
}

/** Sets (or replaces) a regime's deadline in days. */
export async function setPeriodOverride(db: Executor, raw: unknown, actorUserId: number | null): Promise<{ id: number }> {
  const parsed = periodOverrideSchema.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error);
  const input = parsed.data;
  return db.transaction().execute(async (trx) => {
    const previous = await trx.selectFrom("regime_overrides").select(["id", "value"]).where("regime", "=", input.regime).where("kind", "=", input.kind).executeTakeFirst();
    if (previous) await trx.deleteFrom("regime_overrides").where("id", "=", previous.id).execute();
    const row = await trx
      .insertInto("regime_overrides")
      .values({ regime: input.regime, kind: input.kind, value: String(input.days), source: input.source, created_by_user_id: actorUserId })
      .returning("id")
      .executeTakeFirstOrThrow();
    await changed(trx, { actorUserId, action: "regime.override_set", regime: input.regime, targetId: row.id, reason: input.source, data: { kind: input.kind, days: input.days, previous: previous?.value ?? null } });
    return row;
  });
}

/** Adds an extra non-working day to a regime (idempotent for the same day). */
export async function addNonWorkingDay(db: Executor, raw: unknown, actorUserId: number | null): Promise<{ id: number }> {
  const parsed = nonWorkingDaySchema.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error);
  const input = parsed.data;
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom("regime_overrides").select("id").where("regime", "=", input.regime).where("kind", "=", "non_working_day").where("value", "=", input.date).executeTakeFirst();
    if (existing) return existing;
    const row = await trx
      .insertInto("regime_overrides")
      .values({ regime: input.regime, kind: "non_working_day", value: input.date, label: input.label, source: input.source, created_by_user_id: actorUserId })
      .returning("id")
      .executeTakeFirstOrThrow();
    await changed(trx, { actorUserId, action: "regime.non_working_day_added", regime: input.regime, targetId: row.id, reason: input.source, data: { date: input.date, label: input.label } });
    return row;
  });
}

/** Removes an override or an extra day; the built-in rule applies again. */
export async function removeRegimeOverride(db: Executor, id: number, actorUserId: number | null, reason: string | null): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.deleteFrom("regime_overrides").where("id", "=", id).returning(["regime", "kind", "value", "source", "label"]).executeTakeFirst();
    if (!row) throw new NotFoundError(`no regime override ${id}`, "unknown_override");
    await changed(trx, { actorUserId, action: "regime.override_removed", regime: row.regime, targetId: id, reason, data: { kind: row.kind, value: row.value, source: row.source, label: row.label } });
  });
}

/** For pages: today's effective deadline of each regime, built-in and overridden. */
export function describeOverrides(rows: readonly OverrideRow[]) {
  return rows.map((r) => ({ ...r, builtIn: r.kind === "non_working_day" ? null : isRegimeId(r.regime) ? (r.kind === "due_days" ? REGIMES[r.regime].due.value : REGIMES[r.regime].extendedDue.value) : null }));
}

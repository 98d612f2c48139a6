import { sql } from "kysely";
import type { Db } from "../db/connect";

/**
 * Growing delays after failures (finding 8 of issue 17): the first `free`
 * failures on a key cost nothing; after that each attempt must wait
 * 30 s, 1 min, 2 min… after the last failure, up to `maxSeconds`. Nothing
 * is ever locked: a correct attempt after the wait goes through, and the
 * owner of an account has ways around the wait (a known device, a reset
 * link; accounts/login-guard.ts).
 */
export type ThrottleRule = { key: string; free: number; maxSeconds: number };

/** After a day without a failure the count starts again. */
const FORGET_AFTER_MS = 24 * 3600_000;

/** The first wait after the free failures; each further failure doubles it. */
const FIRST_WAIT_SECONDS = 30;

export function delaySeconds(failures: number, free: number, maxSeconds: number): number {
  if (failures < free) return 0;
  return Math.min(FIRST_WAIT_SECONDS * 2 ** Math.min(failures - free, 20), maxSeconds);
}

/** Seconds still to wait before an attempt on any of `rules` (0: go ahead). */
export async function secondsToWait(db: Db, rules: ThrottleRule[], now = new Date()): Promise<number> {
  if (rules.length === 0) return 0;
  const rows = await db.selectFrom("auth_throttles").selectAll().where("key", "in", rules.map((r) => r.key)).execute();
  let wait = 0;
  for (const row of rows) {
    const rule = rules.find((r) => r.key === row.key)!;
    const last = new Date(row.last_failure_at).getTime();
    if (now.getTime() - last > FORGET_AFTER_MS) continue;
    const until = last + delaySeconds(row.failures, rule.free, rule.maxSeconds) * 1000;
    wait = Math.max(wait, Math.ceil((until - now.getTime()) / 1000));
  }
  return wait;
}

/** Counts one failure on every key. */
export async function recordFailure(db: Db, keys: string[], now = new Date()): Promise<void> {
  const forgotten = new Date(now.getTime() - FORGET_AFTER_MS);
  for (const key of keys) {
    await db
      .insertInto("auth_throttles")
      .values({ key, failures: 1, last_failure_at: now })
      .onConflict((oc) =>
        oc.column("key").doUpdateSet({
          failures: sql`case when auth_throttles.last_failure_at < ${forgotten} then 1 else auth_throttles.failures + 1 end`,
          last_failure_at: now,
        }),
      )
      .execute();
  }
  // Old rows are swept now and then rather than by a scheduled job.
  if (Math.random() < 0.01) await db.deleteFrom("auth_throttles").where("last_failure_at", "<", forgotten).execute();
}

export async function clearFailures(db: Db, keys: string[]): Promise<void> {
  if (keys.length > 0) await db.deleteFrom("auth_throttles").where("key", "in", keys).execute();
}

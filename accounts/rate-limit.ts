import { sql } from "kysely";
import type { Db } from "../db/connect";

export type RateLimitResult = { allowed: boolean; hits: number; retryAfterSeconds: number };

/**
 * A fixed-window counter in PostgreSQL, shared by every web process: counts
 * one hit on `key` and says whether it is within `limit` hits per
 * `windowSeconds`. Keys are namespaced by the caller ("login:ip:1.2.3.4").
 */
export async function rateLimit(db: Db, key: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
  const nowMs = Date.now();
  const windowStartMs = Math.floor(nowMs / (windowSeconds * 1000)) * windowSeconds * 1000;
  const windowStart = new Date(windowStartMs);
  const expiresAt = new Date(windowStartMs + windowSeconds * 1000);
  const row = await db
    .insertInto("rate_limits")
    .values({ key, window_start: windowStart, hits: 1, expires_at: expiresAt })
    .onConflict((oc) => oc.columns(["key", "window_start"]).doUpdateSet({ hits: sql`rate_limits.hits + 1` }))
    .returning("hits")
    .executeTakeFirstOrThrow();
  // Old windows are swept now and then rather than by a scheduled job.
  if (Math.random() < 0.01) await db.deleteFrom("rate_limits").where("expires_at", "<", new Date(nowMs)).execute();
  return {
    allowed: row.hits <= limit,
    hits: row.hits,
    retryAfterSeconds: Math.max(1, Math.ceil((expiresAt.getTime() - nowMs) / 1000)),
  };
}

/** Counts a hit on every key; allowed only when all are within their limits. */
export async function rateLimitAll(db: Db, checks: Array<{ key: string; limit: number; windowSeconds: number }>): Promise<RateLimitResult> {
  let worst: RateLimitResult = { allowed: true, hits: 0, retryAfterSeconds: 0 };
  for (const check of checks) {
    const result = await rateLimit(db, check.key, check.limit, check.windowSeconds);
    if (!result.allowed && (worst.allowed || result.retryAfterSeconds > worst.retryAfterSeconds)) worst = result;
  }
  return worst;
}

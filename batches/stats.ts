/**
 * Batches in the statistics (/stats): for the most recent batches, how many
 * of the authorities that received the letter replied — the response rate
 * within the batch, the same figure as the batch page's. Only public
 * requests count (hidden ones and unsent drafts never do).
 */
import { sql } from "kysely";
import type { Db } from "../db/connect";

export type BatchStatsRow = { id: number; title: string; createdAt: string; authorities: number; sent: number; replied: number; responseRate: number };

export async function batchStats(db: Db, limit = 20): Promise<BatchStatsRow[]> {
  const rows = await db
    .selectFrom("batches as b")
    .innerJoin("batch_items as i", "i.batch_id", "b.id")
    .leftJoin("requests as r", (join) => join.onRef("r.id", "=", "i.request_id").on("r.hidden", "=", false).on("r.state", "!=", "draft"))
    .select([
      "b.id",
      "b.title",
      "b.created_at",
      sql<string>`count(*)`.as("authorities"),
      sql<string>`count(*) filter (where i.state in ('sent', 'by_post') and r.id is not null)`.as("sent"),
      sql<string>`count(*) filter (where i.state in ('sent', 'by_post') and r.id is not null and exists (select 1 from messages m where m.request_id = r.id and m.direction = 'inbound' and m.kind = 'reply' and not m.hidden))`.as("replied"),
    ])
    .groupBy(["b.id", "b.title", "b.created_at"])
    .having(sql<boolean>`count(*) filter (where i.state in ('sent', 'by_post') and r.id is not null) > 0`)
    .orderBy("b.created_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => {
    const sent = Number(r.sent);
    const replied = Number(r.replied);
    return { id: r.id, title: r.title, createdAt: new Date(r.created_at).toISOString().slice(0, 10), authorities: Number(r.authorities), sent, replied, responseRate: sent === 0 ? 0 : Math.round((replied / sent) * 1000) / 10 };
  });
}

/** The batch rows of /api/v1/stats: public figures only (no requester, no e-mail). */
export function batchStatsJson(rows: BatchStatsRow[], baseUrl: string) {
  return rows.map((r) => ({ id: r.id, title: r.title, created_on: r.createdAt, url: `${baseUrl}/batches/${r.id}`, authorities: r.authorities, sent: r.sent, replied: r.replied, response_rate: r.responseRate }));
}

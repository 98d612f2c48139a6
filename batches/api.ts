/** The batch's public data as the API and the exports serve it (one function per format, for thin routes). */
import type { Db } from "../db/connect";
import { NotFoundError } from "../core/errors";
import { batchJson, batchView, matrixCsv } from "./view";

export type Export = { status: number; contentType: string; body: string; filename?: string };

export async function batchExport(db: Db, input: { id: string | undefined; format: string | null; baseUrl: string; today: string }): Promise<Export> {
  const id = Number(input.id);
  const notFound: Export = { status: 404, contentType: "application/json; charset=utf-8", body: JSON.stringify({ error: "not_found" }) };
  if (!Number.isSafeInteger(id) || id <= 0) return notFound;
  if (input.format !== null && input.format !== "csv" && input.format !== "json") {
    return { status: 400, contentType: "application/json; charset=utf-8", body: JSON.stringify({ error: "invalid_format", detail: "format is csv or json" }) };
  }
  try {
    const view = await batchView(db, id, input.today);
    if (input.format === "csv") return { status: 200, contentType: "text/csv; charset=utf-8", body: matrixCsv(view), filename: `batch-${id}.csv` };
    return { status: 200, contentType: "application/json; charset=utf-8", body: JSON.stringify(batchJson(view, input.baseUrl)), filename: input.format === "json" ? `batch-${id}.json` : undefined };
  } catch (error) {
    if (error instanceof NotFoundError) return notFound;
    throw error;
  }
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { batchExport } from "../../batches/api";
import { publicPage } from "~/utils/public-cache";

/** Public JSON of a batch: its authorities × state, totals and response rate; never the requester's e-mail or unsent drafts. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const out = await batchExport(context.db, { id: params.id, format: null, baseUrl: context.config.baseUrl, today: context.clock.today() });
  return new Response(out.body, { status: out.status, headers: { "Content-Type": out.contentType, "Access-Control-Allow-Origin": "*" } });
}

/** The same JSON for every anonymous client: kept by the page cache until the data changes (docs/decisions/914). */
export const handle = publicPage;

import type { LoaderFunctionArgs } from "@remix-run/node";
import { batchExport } from "../../batches/api";

/** The batch's matrix as a download: `?format=csv` (default) or `?format=json`. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const format = new URL(request.url).searchParams.get("format") ?? "csv";
  const out = await batchExport(context.db, { id: params.id, format, baseUrl: context.config.baseUrl, today: context.clock.today() });
  const headers: Record<string, string> = { "Content-Type": out.contentType };
  if (out.filename) headers["Content-Disposition"] = `attachment; filename="${out.filename}"`;
  return new Response(out.body, { status: out.status, headers });
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { exportUserData } from "../../accounts/export";

/** All the signed-in user's data, as a JSON download. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context.db);
  const body = await exportUserData(context.db, user.id);
  return new Response(JSON.stringify(body, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="dossier-data-${user.id}.json"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

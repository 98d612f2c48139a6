import type { AppLoadContext } from "@remix-run/node";
import { requireCsrf } from "./csrf.server";

/** Reads a posted form and checks its CSRF token (throws 403 otherwise). */
export async function readProtectedForm(request: Request, context: AppLoadContext): Promise<FormData> {
  const form = await request.formData();
  requireCsrf(request, context.config.secret, form);
  return form;
}

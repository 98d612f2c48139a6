import { createHmac, timingSafeEqual } from "node:crypto";
import type { Config } from "../../server/config";

/**
 * Interim guard for the inbound-mail admin pages, until accounts and roles
 * exist: the caller must present the admin token derived from SECRET, as
 * `Authorization: Bearer <token>` or in the `dossier_admin` cookie. Replace
 * the body with the accounts room's `requireAdmin(request)` when it lands;
 * the routes only call this function.
 */
export function mailAdminToken(secret: string): string {
  return createHmac("sha256", secret).update("dossier-mail-admin-v1").digest("hex").slice(0, 40);
}

export function requireMailAdmin(request: Request, config: Pick<Config, "secret">): void {
  const expected = Buffer.from(mailAdminToken(config.secret));
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get("Authorization") ?? "")?.[1];
  const cookie = /(?:^|;\s*)dossier_admin=([^;]+)/.exec(request.headers.get("Cookie") ?? "")?.[1];
  for (const given of [bearer, cookie]) {
    if (given && given.length === expected.length && timingSafeEqual(Buffer.from(given), expected)) return;
  }
  throw new Response("Forbidden", { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

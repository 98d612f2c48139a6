import { createHmac, timingSafeEqual } from "node:crypto";
import type { Config } from "../core/config";
import { CLASSIFICATION_STATES, type ClassificationState } from "./states";

/**
 * Signed links for notification e-mails: one per classification, so the
 * citizen classifies a reply without logging in. The link opens a page with
 * one button (a GET never changes anything: mail scanners open every link).
 */
export function classifyToken(secret: string, requestId: number, state: string): string {
  return createHmac("sha256", secret).update(`classify:${requestId}:${state}`).digest("base64url").slice(0, 22);
}

export function verifyClassifyToken(secret: string, requestId: number, state: string, token: string): boolean {
  const expected = Buffer.from(classifyToken(secret, requestId, state));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function classifyLinks(config: Pick<Config, "secret" | "baseUrl">, requestId: number): Record<ClassificationState, string> {
  return Object.fromEntries(
    CLASSIFICATION_STATES.map((state) => [state, `${config.baseUrl}/requests/${requestId}/classify?state=${state}&sig=${classifyToken(config.secret, requestId, state)}`]),
  ) as Record<ClassificationState, string>;
}

import type { Db } from "../db/connect";
import { rateLimitAll, type RateLimitResult } from "./rate-limit";

const POLICIES = {
  signup: { ip: [10, 3600], address: [3, 3600] },
  forgot: { ip: [10, 3600], address: [3, 3600] },
} as const;

/**
 * Per-IP and per-address limits of the account forms (logins have growing
 * delays instead: login-guard.ts). From a known device of the address's
 * account (`knownDevice`, its nonce) the device is counted instead of the
 * address, so strangers asking for the owner's reset links never keep the
 * owner from asking for one.
 */
export async function limitAccountForm(db: Db, form: keyof typeof POLICIES, ip: string, address: string, knownDevice: string | null = null): Promise<RateLimitResult> {
  const p = POLICIES[form];
  return rateLimitAll(db, [
    { key: `${form}:ip:${ip}`, limit: p.ip[0], windowSeconds: p.ip[1] },
    knownDevice
      ? { key: `${form}:device:${knownDevice}`, limit: p.address[0], windowSeconds: p.address[1] }
      : { key: `${form}:address:${address.trim().toLowerCase()}`, limit: p.address[0], windowSeconds: p.address[1] },
  ]);
}

import type { Db } from "../db/connect";
import { rateLimitAll, type RateLimitResult } from "./rate-limit";

/** Per-IP and per-address limits of the account forms. */
const POLICIES = {
  signup: { ip: [10, 3600], address: [3, 3600] },
  login: { ip: [30, 900], address: [10, 900] },
  forgot: { ip: [10, 3600], address: [3, 3600] },
} as const;

export async function limitAccountForm(db: Db, form: keyof typeof POLICIES, ip: string, address: string): Promise<RateLimitResult> {
  const p = POLICIES[form];
  return rateLimitAll(db, [
    { key: `${form}:ip:${ip}`, limit: p.ip[0], windowSeconds: p.ip[1] },
    { key: `${form}:address:${address.trim().toLowerCase()}`, limit: p.address[0], windowSeconds: p.address[1] },
  ]);
}

import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

/** argon2id with the library's defaults (m=19 MiB, t=2, p=1: OWASP's minimum). */
const ARGON2ID = 2;

export { MIN_PASSWORD_LENGTH } from "./password-rules";

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) return false;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let stand_in: Promise<string> | undefined;

/**
 * A hash of a random password nobody knows, made once per process: checking
 * a password against it costs what checking a real account costs, so an
 * unknown address answers as slowly as a known one (no account enumeration
 * by timing), and it never matches.
 */
export function standInHash(): Promise<string> {
  stand_in ??= hashPassword(randomBytes(24).toString("base64url"));
  return stand_in;
}

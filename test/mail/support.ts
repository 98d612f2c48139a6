import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Alaveteli's real-world .eml fixtures, copied into the repo (see the README next to them). */
export const ALAVETELI_DIR = fileURLToPath(new URL("../fixtures/mail/alaveteli/", import.meta.url));

export function alaveteliFixtures(): string[] {
  return readdirSync(ALAVETELI_DIR)
    .filter((f) => f.endsWith(".eml"))
    .sort();
}

export function readFixture(name: string): Buffer {
  return readFileSync(ALAVETELI_DIR + name);
}

/** Every string in a parsed structure, for checking that no NUL or lone surrogate escapes. */
export function allStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Buffer.isBuffer(value) || value instanceof Date || value === null || value === undefined) return out;
  else if (Array.isArray(value)) for (const v of value) allStrings(v, out);
  else if (typeof value === "object") for (const v of Object.values(value as Record<string, unknown>)) allStrings(v, out);
  return out;
}

export function isCleanUtf8String(s: string): boolean {
  if (s.includes("\u0000")) return false;
  // A lone surrogate cannot be encoded as UTF-8.
  return Buffer.from(s, "utf8").toString("utf8") === s;
}

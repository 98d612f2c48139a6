/**
 * The directory shipped with Dossier (authorities/data/authorities.csv),
 * built from the research sources by authorities/build/build-directory.ts.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseDirectoryFile, formatRowError, type ParsedDirectoryRow } from "./directory-row";

/** Where the bundled CSV is: next to this module, or under the working directory once bundled. */
export function bundledDirectoryPath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    path.join(here, "data", "authorities.csv"),
    // From the web app's server build (build/server/index.js).
    path.resolve(here, "..", "..", "authorities", "data", "authorities.csv"),
    path.resolve(process.cwd(), "authorities", "data", "authorities.csv"),
  ];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`bundled directory not found (looked in ${candidates.join(", ")})`);
  return found;
}

/** Parse the bundled directory; a broken bundled file is a programming error. */
export function loadBundledDirectory(): ParsedDirectoryRow[] {
  const result = parseDirectoryFile(readFileSync(bundledDirectoryPath(), "utf8"), "csv");
  if (!result.ok) {
    throw new Error(`the bundled directory is invalid:\n${result.errors.slice(0, 20).map(formatRowError).join("\n")}`);
  }
  return result.rows;
}

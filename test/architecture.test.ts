import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The house plan (DESIGN.md "Rooms"): dependencies point one way,
 * server → app → domain rooms → kernel (core/) → db/. This test reads every
 * import of the product code and fails on one that points the wrong way.
 */
const root = path.resolve(import.meta.dirname, "..");
const domainRooms = ["accounts", "authorities", "batches", "mail", "moderation", "requests", "search", "watch"];
const layers = ["server", "app", "core", "db", ...domainRooms];

type Import = { file: string; line: number; target: string };

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (entry !== "node_modules" && entry !== "data") out.push(...sourceFiles(full));
    } else if (/\.(ts|tsx|mts|mjs)$/.test(entry) && !entry.endsWith(".d.ts")) out.push(full);
  }
  return out;
}

/** Static imports, re-exports and dynamic import() calls with a relative or `~/` specifier. */
export function importsOf(file: string): Import[] {
  const text = readFileSync(file, "utf8");
  const found: Import[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["']((?:\.{1,2}\/|~\/)[^"']+)["']/gm;
  for (const match of text.matchAll(pattern)) {
    const spec = match[1];
    const resolved = spec.startsWith("~/") ? path.join(root, "app", spec.slice(2)) : path.resolve(path.dirname(file), spec);
    found.push({ file: path.relative(root, file), line: text.slice(0, match.index).split("\n").length, target: path.relative(root, resolved) });
  }
  return found;
}

function topFolder(relative: string): string {
  return relative.split(path.sep)[0];
}

function violations(from: string[], forbidden: (target: string) => boolean): string[] {
  return from
    .flatMap((folder) => sourceFiles(path.join(root, folder)))
    .flatMap(importsOf)
    .filter((i) => forbidden(topFolder(i.target)))
    .map((i) => `${i.file}:${i.line} imports ${i.target}`);
}

describe("the house plan", () => {
  it("finds the imports it checks (the scanner itself works)", () => {
    const imports = sourceFiles(path.join(root, "server")).flatMap(importsOf);
    expect(imports.some((i) => topFolder(i.target) === "core")).toBe(true);
    expect(imports.some((i) => i.target.startsWith(path.join("mail", "room")))).toBe(true);
  });

  it("a domain room never imports server/ or app/", () => {
    expect(violations(domainRooms, (target) => target === "server" || target === "app")).toEqual([]);
  });

  it("the kernel imports no room (only itself and db/)", () => {
    expect(violations(["core"], (target) => target !== "core" && target !== "db")).toEqual([]);
  });

  it("db/ imports no room", () => {
    expect(violations(["db"], (target) => target !== "db")).toEqual([]);
  });

  it("app/ never imports server/", () => {
    expect(violations(["app"], (target) => target === "server")).toEqual([]);
  });

  it("every top-level folder of product code is a known layer", () => {
    const imported = new Set(layers.flatMap((folder) => sourceFiles(path.join(root, folder))).flatMap(importsOf).map((i) => topFolder(i.target)));
    for (const folder of imported) expect(layers, `an import reaches ${folder}/, which the house plan does not name`).toContain(folder);
  });

  it("no two domain rooms import each other (rooms react to each other through domain events)", () => {
    const edges = new Map<string, Set<string>>();
    for (const room of domainRooms) {
      for (const i of sourceFiles(path.join(root, room)).flatMap(importsOf)) {
        const target = topFolder(i.target);
        if (target !== room && domainRooms.includes(target)) edges.set(room, (edges.get(room) ?? new Set()).add(target));
      }
    }
    const cycles = [...edges].flatMap(([from, targets]) => [...targets].filter((to) => from < to && edges.get(to)?.has(from)).map((to) => `${from} ⇄ ${to}`));
    expect(cycles).toEqual([]);
  });

  it("no room keeps configuration in module state or reads the environment", () => {
    const offenders = [...domainRooms, "app"]
      .flatMap((folder) => sourceFiles(path.join(root, folder)))
      .filter((file) => /process\.env\b|\bloadConfig\(|export function configure[A-Z]/.test(readFileSync(file, "utf8")))
      .map((file) => path.relative(root, file));
    expect(offenders).toEqual([]);
  });
});

describe("the scanner", () => {
  it("resolves relative, `~/` and dynamic imports", () => {
    const file = path.join(root, "server", "rooms.ts");
    const targets = importsOf(file).map((i) => i.target);
    expect(targets).toContain(path.join("core", "cli"));
    expect(targets).toContain(path.join("watch", "room"));
    expect(importsOf(path.join(root, "server", "cli.ts")).map((i) => i.target)).toContain(path.join("server", "context"));
  });
});

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Routes are thin: they parse the request, call one domain function and
 * render (issue 14). Queries and transactions live in the rooms, where the
 * rules they carry can be found, reused and tested without a web request.
 * This test reads every route's source and lists the lines that build a
 * query or open a transaction themselves.
 */
const ROUTES = join(__dirname, "../../app/routes");

/** Kysely's query builders and transactions, on any handle (context.db, a local `db`, a `trx`). */
const FORBIDDEN: Array<[string, RegExp]> = [
  ["query builder", /\.\s*(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto|with)\s*\(/],
  ["transaction", /\.\s*transaction\s*\(\s*\)/],
  ["raw SQL", /\bsql\s*(<[^>]*>)?\s*`/],
  ["executed on a handle", /\.execute\s*\(\s*(context\.)?(db|trx)\s*\)/],
];

export function offences(source: string): string[] {
  // Comments may talk about queries; strings may not, but they rarely do.
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");
  const found: string[] = [];
  for (const [what, pattern] of FORBIDDEN) {
    const global = new RegExp(pattern.source, "g");
    for (const match of code.matchAll(global)) {
      const line = code.slice(0, match.index).split("\n").length;
      found.push(`line ${line}: ${what} (${match[0].trim()})`);
    }
  }
  return found;
}

describe("thin routes", () => {
  const files = readdirSync(ROUTES).filter((f) => /\.(ts|tsx)$/.test(f));

  it("finds the routes", () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it("no route builds a query or opens a transaction itself", () => {
    const bad = Object.fromEntries(files.map((f) => [f, offences(readFileSync(join(ROUTES, f), "utf8"))]).filter(([, o]) => o.length > 0));
    expect(bad).toEqual({});
  });

  it("catches what it is meant to catch", () => {
    expect(offences("await context.db.selectFrom('users').execute()")).toHaveLength(1);
    expect(offences("await context.db\n  .updateTable('users')")).toHaveLength(1);
    expect(offences("const db = context.db;\nawait db.transaction().execute(f)")).toHaveLength(1);
    expect(offences("await sql`select 1`.execute(context.db)")).toHaveLength(2);
    expect(offences("// context.db.selectFrom is not for routes\nawait getUser(request, context.db)")).toEqual([]);
  });
});

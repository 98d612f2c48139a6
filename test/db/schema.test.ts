import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { migrateToLatest } from "../../db/migrate";
import * as m0520 from "../../db/migrations/0520_appeal_original_files";
import { useTestDatabase } from "../support/database";

/**
 * The typed schema (db/schema.ts) must describe exactly what the migrations
 * build. The interfaces are read with the TypeScript compiler and compared,
 * table by table and column by column, with a database migrated from zero.
 */
type TypedColumn = { nullable: boolean; generated: boolean; type: string };

function typedSchema(): Record<string, Record<string, TypedColumn>> {
  const file = path.resolve("db/schema.ts");
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, node);
  });
  const database = interfaces.get("Database");
  if (!database) throw new Error("db/schema.ts has no Database interface");
  const tables: Record<string, Record<string, TypedColumn>> = {};
  for (const member of database.members) {
    if (!ts.isPropertySignature(member) || !member.type) continue;
    const table = (member.name as ts.Identifier).text;
    const shape = interfaces.get(member.type.getText(source));
    if (!shape) throw new Error(`No interface ${member.type.getText(source)} for table ${table}`);
    tables[table] = {};
    for (const column of shape.members) {
      if (!ts.isPropertySignature(column) || !column.type) continue;
      const text = column.type.getText(source);
      tables[table][(column.name as ts.Identifier).text] = {
        nullable: /\|\s*null\b/.test(text),
        generated: /^Generated</.test(text),
        type: text.replace(/^Generated<(.*)>$/, "$1").replace(/\s*\|\s*null$/, ""),
      };
    }
  }
  return tables;
}

/** Which PostgreSQL types each TypeScript column type may stand for. */
const compatible: Record<string, string[]> = {
  string: ["text", "character varying", "uuid", "citext"],
  number: ["integer", "bigint", "smallint", "double precision", "real", "numeric"],
  boolean: ["boolean"],
  "string[]": ["ARRAY"],
  Timestamp: ["timestamp with time zone"],
  CivilDate: ["date"],
  Json: ["jsonb", "json"],
  Buffer: ["bytea"],
  TsVector: ["tsvector"],
  // Text columns whose values the schema narrows to a union of literals.
  '"layer" | "ocr" | "mixed"': ["text"],
  "number[]": ["ARRAY"],
};

describe("database schema", () => {
  const database = useTestDatabase();

  it("matches the typed schema after migrating from zero", async () => {
    const columns = await sql<{ table_name: string; column_name: string; is_nullable: string; data_type: string; column_default: string | null; is_identity: string; is_generated: string }>`
      select table_name, column_name, is_nullable, data_type, column_default, is_identity, is_generated
      from information_schema.columns
      where table_schema = 'public' and table_name not like 'kysely_%'
      order by table_name, ordinal_position`.execute(database.db);
    const actual: Record<string, Record<string, { nullable: boolean; hasDefault: boolean; dataType: string }>> = {};
    for (const c of columns.rows) {
      (actual[c.table_name] ??= {})[c.column_name] = {
        nullable: c.is_nullable === "YES",
        // A generated column (0440's search_documents.head) is never written: Generated<> too.
        hasDefault: c.column_default !== null || c.is_identity === "YES" || c.is_generated === "ALWAYS",
        dataType: c.data_type,
      };
    }
    const typed = typedSchema();
    expect(Object.keys(actual).sort()).toEqual(Object.keys(typed).sort());
    for (const [table, typedColumns] of Object.entries(typed)) {
      expect(Object.keys(actual[table]).sort(), `columns of ${table}`).toEqual(Object.keys(typedColumns).sort());
      for (const [name, column] of Object.entries(typedColumns)) {
        const real = actual[table][name];
        expect(real.nullable, `${table}.${name} nullability`).toBe(column.nullable);
        expect(real.hasDefault, `${table}.${name}: Generated<> exactly when the column has a default`).toBe(column.generated);
        const allowed = compatible[column.type];
        expect(allowed, `${table}.${name}: unknown TypeScript type ${column.type}`).toBeDefined();
        expect(allowed, `${table}.${name} type`).toContain(real.dataType);
      }
    }
  });

  it("rejects rows that break the constraints", async () => {
    await expect(
      database.db.insertInto("authorities").values({ slug: "nameless", kind: "commune", level: "local", regime: "federal", languages: ["fr"] }).execute(),
    ).rejects.toThrow(/authorities_names_present/);
  });

  it("applies a room's new migration that sorts before another room's applied one", async () => {
    // As on a site that ran 0600 and 0700 before the deadlines room added 0520.
    await m0520.down(database.db);
    await database.db.deleteFrom("kysely_migration" as never).where("name" as never, "=", "0520_appeal_original_files" as never).execute();
    expect(await migrateToLatest(database.db)).toEqual(["0520_appeal_original_files"]);
  });
});

/**
 * The directory's and the deadline engine's CLI subcommands:
 *
 *   dossier authorities import [--dry-run] [--deactivate-missing] [--json] [FILE]
 *   dossier authorities export --format csv|json [--output FILE]
 *   dossier deadline --regime ID --received YYYY-MM-DD [--extended] [--refused-on YYYY-MM-DD]
 *                    [--appeal-notice-missing] [--environmental]
 *   dossier deadline --batch   (one JSON object per line on stdin, one result per line)
 *
 * Handlers parse arguments, call the domain functions and print; they return
 * an exit code. The database is opened only by commands that need it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import type { Db } from "../db/connect";
import { environmentalDeadlines } from "./appeal-bodies";
import { bundledDirectoryPath, loadBundledDirectory } from "./bundled";
import { computeDeadlines, DeadlineInputError, type DeadlineInput } from "./deadline";
import { formatRowError, parseDirectoryFile } from "./directory-row";
import { countAuthorities, exportDirectory, formatImportReport, importDirectory } from "./import";

export interface CliIO {
  stdin: NodeJS.ReadableStream;
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown; isTTY?: boolean };
}

export type OpenDb = () => Promise<{ db: Db; close: () => Promise<void> }>;

const DEFAULT_IO: CliIO = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };

function progressPrinter(io: CliIO, label: string) {
  if (!io.stderr.isTTY) return undefined;
  let last = -1;
  return (done: number, total: number) => {
    const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
    if (pct === last && done !== total) return;
    last = pct;
    io.stderr.write(`\r${label} ${done}/${total} (${pct}%)${done === total ? "\n" : ""}`);
  };
}

/** `dossier deadline …` */
export async function deadlineCommand(args: string[], io: CliIO = DEFAULT_IO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        regime: { type: "string" },
        received: { type: "string" },
        extended: { type: "boolean", default: false },
        "refused-on": { type: "string" },
        "appeal-notice-missing": { type: "boolean", default: false },
        environmental: { type: "boolean", default: false },
        batch: { type: "boolean", default: false },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (e) {
    io.stderr.write(`dossier deadline: ${(e as Error).message}\n`);
    return 2;
  }
  const v = parsed.values;
  const compute = (input: DeadlineInput & { environmental?: boolean }) => {
    const result = computeDeadlines(input);
    if (!input.environmental) return result;
    const due = input.extended ? result.extended_due : result.due;
    return { ...result, environmental: environmentalDeadlines(result.regime, due, input.refused_on ?? null) };
  };

  if (v.batch) {
    let failures = 0;
    let lineNo = 0;
    const rl = createInterface({ input: io.stdin, crlfDelay: Infinity });
    for await (const line of rl) {
      lineNo += 1;
      if (line.trim() === "") continue;
      try {
        const obj = JSON.parse(line) as Record<string, unknown>;
        if (obj === null || typeof obj !== "object" || Array.isArray(obj)) throw new DeadlineInputError("expected a JSON object");
        io.stdout.write(
          JSON.stringify(
            compute({
              regime: obj.regime as string,
              received: obj.received as string,
              extended: obj.extended as boolean | undefined,
              refused_on: (obj.refused_on as string | null | undefined) ?? null,
              appeal_notice_missing: obj.appeal_notice_missing === true,
              environmental: obj.environmental === true,
            }),
          ) + "\n",
        );
      } catch (e) {
        failures += 1;
        const message = e instanceof SyntaxError ? `not valid JSON: ${e.message}` : (e as Error).message;
        io.stdout.write(JSON.stringify({ error: message, line: lineNo }) + "\n");
      }
    }
    return failures > 0 ? 1 : 0;
  }

  if (!v.regime || !v.received) {
    io.stderr.write("dossier deadline: --regime and --received are required (or use --batch)\n");
    return 2;
  }
  try {
    io.stdout.write(
      JSON.stringify(
        compute({
          regime: v.regime,
          received: v.received,
          extended: v.extended,
          refused_on: v["refused-on"] ?? null,
          appeal_notice_missing: v["appeal-notice-missing"],
          environmental: v.environmental,
        }),
      ) + "\n",
    );
    return 0;
  } catch (e) {
    if (e instanceof DeadlineInputError) {
      io.stderr.write(`dossier deadline: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

/** `dossier authorities import|export …` */
export async function authoritiesCommand(args: string[], openDb: OpenDb, io: CliIO = DEFAULT_IO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === "import") return importCommand(rest, openDb, io);
  if (sub === "export") return exportCommand(rest, openDb, io);
  io.stderr.write("usage: dossier authorities import [--dry-run] [--deactivate-missing] [--json] [FILE]\n       dossier authorities export --format csv|json [--output FILE]\n");
  return 2;
}

async function importCommand(args: string[], openDb: OpenDb, io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        "dry-run": { type: "boolean", default: false },
        "deactivate-missing": { type: "boolean", default: false },
        format: { type: "string" },
        json: { type: "boolean", default: false },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (e) {
    io.stderr.write(`dossier authorities import: ${(e as Error).message}\n`);
    return 2;
  }
  const file = parsed.positionals[0] ?? bundledDirectoryPath();
  if (parsed.positionals.length > 1) {
    io.stderr.write("dossier authorities import: give at most one FILE\n");
    return 2;
  }
  const format = parsed.values.format ?? (file.toLowerCase().endsWith(".json") ? "json" : "csv");
  if (format !== "csv" && format !== "json") {
    io.stderr.write(`dossier authorities import: --format must be csv or json, got ${format}\n`);
    return 2;
  }
  let text: string;
  try {
    text = file === "-" ? await readAll(io.stdin) : readFileSync(file, "utf8");
  } catch (e) {
    io.stderr.write(`dossier authorities import: cannot read ${file}: ${(e as Error).message}\n`);
    return 1;
  }
  // Validate everything before the database is even opened: a bad file writes nothing.
  const parsedFile = parseDirectoryFile(text, format);
  if (!parsedFile.ok) {
    const shown = parsedFile.errors.slice(0, 50);
    for (const err of shown) io.stderr.write(`${file}: ${formatRowError(err)}\n`);
    if (parsedFile.errors.length > shown.length) io.stderr.write(`… and ${parsedFile.errors.length - shown.length} more errors\n`);
    io.stderr.write("Nothing was imported.\n");
    return 1;
  }
  const { db, close } = await openDb();
  try {
    const report = await importDirectory(
      db,
      parsedFile.rows.map((r) => r.row),
      {
        dryRun: parsed.values["dry-run"],
        columns: parsedFile.columns,
        deactivateMissing: parsed.values["deactivate-missing"],
        onProgress: progressPrinter(io, "Importing authorities"),
      },
    );
    io.stdout.write(parsed.values.json ? JSON.stringify(report) + "\n" : formatImportReport(report) + "\n");
    return 0;
  } catch (e) {
    io.stderr.write(`dossier authorities import: ${(e as Error).message}\nNothing was imported (the transaction was rolled back).\n`);
    return 1;
  } finally {
    await close();
  }
}

async function exportCommand(args: string[], openDb: OpenDb, io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { format: { type: "string", default: "csv" }, output: { type: "string", short: "o" } }, strict: true });
  } catch (e) {
    io.stderr.write(`dossier authorities export: ${(e as Error).message}\n`);
    return 2;
  }
  const format = parsed.values.format;
  if (format !== "csv" && format !== "json") {
    io.stderr.write(`dossier authorities export: --format must be csv or json, got ${format}\n`);
    return 2;
  }
  const { db, close } = await openDb();
  try {
    const text = await exportDirectory(db, format);
    if (parsed.values.output) writeFileSync(parsed.values.output, text);
    else io.stdout.write(text);
    return 0;
  } finally {
    await close();
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * For `dossier start`: load the bundled directory when the authorities table
 * is empty. Returns the number of authorities added (0 when it was not empty).
 */
export async function ensureDirectoryLoaded(db: Db, log: (line: string) => void = () => {}): Promise<number> {
  if ((await countAuthorities(db)) > 0) return 0;
  const rows = loadBundledDirectory().map((r) => r.row);
  const report = await importDirectory(db, rows);
  log(`Loaded the bundled directory: ${report.added.length} authorities.`);
  return report.added.length;
}

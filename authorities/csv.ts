import { InvalidInputError } from "../core/errors";

/**
 * A small RFC 4180 CSV reader and writer.
 *
 * Why not a library: the directory files are small, the format is fixed, and
 * the importer needs the physical line number of every record (a quoted field
 * may span several lines) so that an error can name the line a person sees in
 * an editor. Reading accepts a UTF-8 BOM, CRLF or LF line ends, quoted fields
 * with doubled quotes, commas and newlines inside quotes.
 */

export interface CsvRecord {
  /** 1-based physical line on which the record starts. */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends InvalidInputError {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`, "csv_syntax");
  }
}

/** Parse CSV text into records; blank lines are skipped. */
export function parseCsvRecords(text: string): CsvRecord[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let inQuotes = false;
  let quotedField = false;
  let fieldStarted = false;
  let i = 0;
  const n = text.length;

  const endField = () => {
    fields.push(field);
    field = "";
    quotedField = false;
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    // A line with nothing on it is not a record.
    if (!(fields.length === 1 && fields[0] === "" )) {
      records.push({ line: recordLine, fields });
    }
    fields = [];
  };

  while (i < n) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i += 1;
        continue;
      }
      if (c === "\n") line += 1;
      if (c === "\r" && text[i + 1] !== "\n") line += 1;
      field += c;
      i += 1;
      continue;
    }
    if (c === '"') {
      if (fieldStarted || quotedField) {
        throw new CsvSyntaxError('unexpected quote inside an unquoted field (double it: "")', line);
      }
      inQuotes = true;
      quotedField = true;
      fieldStarted = true;
      i += 1;
      continue;
    }
    if (c === ",") {
      endField();
      i += 1;
      continue;
    }
    if (c === "\r" || c === "\n") {
      endRecord();
      i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
      line += 1;
      recordLine = line;
      continue;
    }
    if (quotedField) {
      throw new CsvSyntaxError("unexpected text after a closing quote", line);
    }
    field += c;
    fieldStarted = true;
    i += 1;
  }
  if (inQuotes) throw new CsvSyntaxError("a quoted field is never closed", recordLine);
  if (field !== "" || fieldStarted || quotedField || fields.length > 0) endRecord();
  return records;
}

export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

/**
 * Parse CSV with a header row into objects keyed by column name. Throws a
 * CsvSyntaxError naming the line when a record has the wrong number of fields.
 */
export function parseCsv(text: string): { header: string[]; rows: CsvRow[] } {
  const records = parseCsvRecords(text);
  if (records.length === 0) return { header: [], rows: [] };
  const header = records[0].fields.map((h) => h.trim());
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) throw new CsvSyntaxError(`column "${h}" appears twice in the header`, records[0].line);
    seen.add(h);
  }
  const rows: CsvRow[] = [];
  for (const rec of records.slice(1)) {
    if (rec.fields.length !== header.length) {
      throw new CsvSyntaxError(
        `expected ${header.length} fields, found ${rec.fields.length}`,
        rec.line,
      );
    }
    const values: Record<string, string> = {};
    header.forEach((h, idx) => {
      values[h] = rec.fields[idx];
    });
    rows.push({ line: rec.line, values });
  }
  return { header, rows };
}

function quoteField(value: string): string {
  if (/[",\r\n]/.test(value) || /^\s|\s$/.test(value)) {
    return `"${value.replace(/"/g, '""')}"`;
  }
  return value;
}

/** Write rows as CSV with CRLF line ends (RFC 4180) and no BOM. */
export function writeCsv(header: readonly string[], rows: ReadonlyArray<Record<string, string | null | undefined>>): string {
  const lines = [header.map(quoteField).join(",")];
  for (const row of rows) {
    lines.push(header.map((h) => quoteField(row[h] ?? "")).join(","));
  }
  return lines.join("\r\n") + "\r\n";
}

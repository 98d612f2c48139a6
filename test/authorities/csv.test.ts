import { describe, expect, it } from "vitest";
import { CsvSyntaxError, parseCsv, parseCsvRecords, writeCsv } from "../../authorities/csv";

describe("CSV reader", () => {
  it("reads quotes, commas, doubled quotes and newlines in fields, with line numbers", () => {
    const text = 'a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"multi\nline",z\n3,,\n';
    const { header, rows } = parseCsv(text);
    expect(header).toEqual(["a", "b", "c"]);
    expect(rows).toEqual([
      { line: 2, values: { a: "1", b: "x, y", c: 'say "hi"' } },
      { line: 3, values: { a: "2", b: "multi\nline", c: "z" } },
      { line: 5, values: { a: "3", b: "", c: "" } },
    ]);
  });

  it("strips a BOM and skips blank lines", () => {
    const { header, rows } = parseCsv("\uFEFFa,b\n\n1,2\n\n");
    expect(header).toEqual(["a", "b"]);
    expect(rows).toEqual([{ line: 3, values: { a: "1", b: "2" } }]);
  });

  it("reads a last line without a newline and quoted empty fields", () => {
    expect(parseCsvRecords('a,""\nb,c')).toEqual([
      { line: 1, fields: ["a", ""] },
      { line: 2, fields: ["b", "c"] },
    ]);
  });

  it.each([
    ["a,b\n1,2,3\n", 2, "expected 2 fields"],
    ['a,b\n1,"open\n', 2, "never closed"],
    ['a,b\n1,x"y\n', 2, "unexpected quote"],
    ['a,b\n1,"x"y\n', 2, "after a closing quote"],
    ["a,a\n1,2\n", 1, "appears twice"],
  ])("refuses %j at line %i", (text, line, message) => {
    try {
      parseCsv(text);
      expect.fail("should have thrown");
    } catch (e) {
      expect(e).toBeInstanceOf(CsvSyntaxError);
      expect((e as CsvSyntaxError).line).toBe(line);
      expect((e as Error).message).toContain(message);
    }
  });
});

describe("CSV writer", () => {
  it("round-trips awkward values", () => {
    const rows = [
      { a: "plain", b: 'quote "q"', c: "comma, here" },
      { a: "line\nbreak", b: "", c: " padded " },
      { a: "Liège – Lüttich", b: "ÖSHZ", c: "d’Anderlecht" },
    ];
    const text = writeCsv(["a", "b", "c"], rows);
    expect(parseCsv(text).rows.map((r) => r.values)).toEqual(rows);
    expect(text.endsWith("\r\n")).toBe(true);
  });
  it("writes null as empty", () => {
    expect(writeCsv(["a", "b"], [{ a: null, b: undefined }])).toBe("a,b\r\n,\r\n");
  });
});

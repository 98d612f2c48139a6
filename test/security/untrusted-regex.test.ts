import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { runBounded } from "../support/bounded";

/**
 * Finding 2 (High): every regular expression that runs over untrusted text
 * (mail bodies and headers, attachments, names, search input) is linear or
 * runs on bounded pieces. One adversarial input per expression, run in a
 * worker thread that is stopped after a generous bound (test/support/bounded.ts):
 * the expressions these replace took minutes or hours on the same input.
 */
type Case = { name: string; module: string; call: string; input: unknown; expect?: (out: unknown) => void };

const n = 200_000;
const cases: Case[] = [
  {
    name: "search indexing: e-mail blanking on an 800 KB base64-like word (search/documents.ts scrubPersonalData)",
    module: "search/documents.ts",
    call: "(m, s) => m.scrubPersonalData(s).length",
    input: "QUJDRAx+".repeat(100_000),
    expect: (out) => expect(out).toBe(800_000),
  },
  {
    name: "search indexing: e-mail blanking on 'x@aaaa…' with no dot (search/documents.ts)",
    module: "search/documents.ts",
    call: "(m, s) => m.scrubPersonalData(s).length",
    input: `${"a@".repeat(1000)}x@${"a".repeat(n)}`,
  },
  {
    name: "masking: e-mail expression on 'a!a!a!…' without '@' (moderation/mask.ts EMAIL)",
    module: "moderation/mask.ts",
    call: "(m, s) => m.findMasks(s).length",
    input: "a!".repeat(n),
    expect: (out) => expect(out).toBe(0),
  },
  {
    name: "masking: e-mail expression on a long dotted domain (moderation/mask.ts EMAIL, DOMAIN)",
    module: "moderation/mask.ts",
    call: "(m, s) => m.findMasks(s).length",
    input: `x@${"a.".repeat(n)}1`,
  },
  {
    name: "masking: obfuscated e-mail expression on 'b [dot] b [dot] …' (moderation/mask.ts OBFUSCATED_DOMAIN)",
    module: "moderation/mask.ts",
    call: "(m, s) => m.findMasks(s).length",
    input: `a [at] ${"b [dot] ".repeat(50_000)}`,
  },
  {
    name: "masking: phone runs '0 0 0 …' (moderation/mask.ts RUN and findPhones)",
    module: "moderation/mask.ts",
    call: "(m, s) => m.findMasks(s).length",
    input: "0 ".repeat(50_000),
  },
  {
    name: "masking: phone runs '+3 +3 …' and '1.2.3.…' (moderation/mask.ts RUN, SEP)",
    module: "moderation/mask.ts",
    call: "(m, s) => m.findMasks(s).length",
    input: `${"+3 ".repeat(30_000)} ${"1.".repeat(50_000)} ${"(0)".repeat(50_000)}`,
  },
  {
    name: "masking: request address tokens (moderation/mask.ts BARE_REQUEST_TOKEN)",
    module: "moderation/mask.ts",
    call: "(m, s) => m.findMasks(s).length",
    input: "request-1-".repeat(n / 10),
  },
  {
    name: "redaction: a literal rule on long runs of spaces (moderation/redaction.ts literal expression)",
    module: "moderation/redaction.ts",
    call: `(m, s) => new m.Redactor([{ kind: "literal", text: "Jean   Dupont", loose: true, replacement: "[x]", scope: { type: "site" } }]).text(s).length`,
    input: `${"Jean ".repeat(n / 5)}${"Jean" + " ".repeat(n)}x`,
  },
  {
    name: "reply addresses: 'request-1-request-1-…' (mail/reply-address.ts CANDIDATE)",
    module: "mail/reply-address.ts",
    call: `(m, s) => m.findRequestAddresses("secret", [s]).length`,
    input: "request-1-".repeat(n / 10) + "request-" + "1".repeat(n),
  },
  {
    name: "mail headers: Received 'for a@a@a@…' (mail/parse.ts receivedFor)",
    module: "mail/parse.ts",
    call: `(m, s) => m.receivedFor([s]).length`,
    input: `from x by y for ${"a@".repeat(n)} ;`,
  },
  {
    name: "mail headers: encoded words '=?utf-8*=?utf-8*…' (mail/parse.ts decodeEncodedWords)",
    module: "mail/parse.ts",
    call: `(m, s) => m.decodeEncodedWords(s).length`,
    input: "=?utf-8*".repeat(n / 4) + "=?utf-8?q?" + "a".repeat(n),
  },
  {
    name: "mail classification: bounce subject 'warning: message warning: message …' (mail/classify.ts DELAY)",
    module: "mail/classify.ts",
    call: `(m, s) => m.DELAY.test(s)`,
    input: "warning: message ".repeat(n / 10),
    expect: (out) => expect(out).toBe(false),
  },
  {
    name: "uuencoded bodies: 'begin 644 a        …x' (mail/uuencode.ts BEGIN)",
    module: "mail/uuencode.ts",
    call: `(m, s) => m.extractUuencoded(s).files.length`,
    input: `begin 644 a${" ".repeat(n)}x\n`,
  },
  {
    name: "HTML bodies: '<<<<…' (mail/html-text.ts)",
    module: "mail/html-text.ts",
    call: `(m, s) => m.htmlToPlainText(s).length`,
    input: "<".repeat(n),
  },
  {
    name: "spreadsheets: unclosed '<si><si>…' and '<row><row>…' (mail/extract/office.ts xmlElements)",
    module: "mail/extract/office.ts",
    call: `(m, s) => [...m.xmlElements(s, "si")].length + [...m.xmlElements(s, "row")].length`,
    input: "<si>".repeat(n / 2) + "<row><c t=\"s\">".repeat(n / 4) + "<t ".repeat(n / 4),
    expect: (out) => expect(out).toBe(0),
  },
  {
    name: "accounts: e-mail syntax on a long dotted domain (accounts/users.ts isPlausibleEmail)",
    module: "accounts/users.ts",
    call: `(m, s) => m.isPlausibleEmail(s)`,
    input: `a@${"a.".repeat(n)} `,
    expect: (out) => expect(out).toBe(false),
  },
  {
    name: "forms: e-mail field on a long dotted domain (app/auth/schemas.ts)",
    module: "app/auth/schemas.ts",
    call: `(m, s) => m.loginSchema.safeParse({ email: s, password: "x" }).success`,
    input: `a@${"a.".repeat(n)}a b`,
    expect: (out) => expect(out).toBe(false),
  },
  {
    name: "search: snippets of a 200 KB word (search/snippet.ts)",
    module: "search/snippet.ts",
    call: `(m, s) => m.makeSnippet(s, ["aaa", "aab", "a"]).length`,
    input: "a".repeat(n),
  },
  {
    name: "search: query syntax on '\"\"\"…' (search/query-syntax.ts)",
    module: "search/query-syntax.ts",
    call: `(m, s) => { try { return m.parseQuery(s).terms?.length ?? 0 } catch (e) { return String(e.code) } }`,
    input: `${'"'.repeat(n)}${"-".repeat(n)}`,
  },
  {
    name: "postal addresses: ', , , …' (moderation/postal-address.ts)",
    module: "moderation/postal-address.ts",
    call: `(m, s) => m.addressLines(s).length`,
    input: `${",      ".repeat(n / 7)}1000`,
  },
  {
    name: "slugs of titles (core/text.ts slugify)",
    module: "core/text.ts",
    call: `(m, s) => m.slugify(s).length`,
    input: `${"-".repeat(n)}a${"!".repeat(n)}`,
  },
];

describe("regular expressions over untrusted text stay linear", () => {
  it.each(cases)("$name", async (c) => {
    const out = await runBounded(c.module, c.call, c.input, 20_000);
    c.expect?.(out);
  });

  it("DOCX and XLSX text extraction on hostile markup (mail/extract/office.ts)", async () => {
    const docx = new JSZip();
    docx.file("word/document.xml", `<w:document>${"<".repeat(n)}<w:p>Bonjour</w:p>${"<w:t ".repeat(n / 5)}</w:document>`);
    const xlsx = new JSZip();
    xlsx.file("xl/sharedStrings.xml", `<sst><si><t>Budget</t></si>${"<si><t>".repeat(n / 7)}</sst>`);
    xlsx.file("xl/worksheets/sheet1.xml", `<sheetData><row><c t="s"><v>0</v></c><c t="inlineStr"><is><t>ok</t></is></c></row>${"<row><c>".repeat(n / 8)}</sheetData>`);
    const input = { docx: await docx.generateAsync({ type: "uint8array" }), xlsx: await xlsx.generateAsync({ type: "uint8array" }) };
    const out = await runBounded<{ docx: string; xlsx: string }>(
      "mail/extract/office.ts",
      `async (m, s) => ({ docx: await m.docxToText(s.docx), xlsx: await m.xlsxToText(s.xlsx) })`,
      input,
      20_000,
    );
    expect(out.docx).toContain("Bonjour");
    expect(out.xlsx).toBe("Budget\tok");
  });
});

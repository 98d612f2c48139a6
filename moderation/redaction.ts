import { RE2JS } from "re2js";
import { z } from "zod";
import { transformHtmlText, type TextRange } from "./html-text";
import { applyRanges } from "./mask";
import { foldAccents } from "../core/text";

/**
 * Redaction rules: a literal text or a pattern, replaced wherever it is
 * published (message text, HTML, attachment text, filenames, the search
 * index, and PDF files through pdf-redact.ts). Pure functions; the rules
 * themselves are stored in the redaction_rules table.
 */

export type RedactionScope =
  | { type: "site" }
  | { type: "request"; requestId: number }
  | { type: "user"; userId: number }
  | { type: "authority"; authorityId: number };

export interface RedactionRule {
  id?: number;
  kind: "literal" | "pattern";
  text: string;
  /** Matches regardless of case and accents ("Dupont" finds "DUPONT", "Hélène" finds "Helene"). */
  loose: boolean;
  replacement: string;
  scope: RedactionScope;
}

/** Where a piece of published text comes from, to pick the rules that apply. */
export interface PublicationContext {
  requestId?: number | null;
  userId?: number | null;
  authorityId?: number | null;
}

export const DEFAULT_REPLACEMENT = "[redacted]";

/**
 * What people may submit as a rule. The replacement is not theirs to
 * choose: every rule a person adds replaces with the fixed marker, so a
 * rule can hide text but never put words in an authority's mouth. Only the
 * platform's own rules (initials, postal address) carry another marker.
 */
export const redactionRuleInput = z
  .object({
    kind: z.enum(["literal", "pattern"]),
    text: z.string().trim().min(2).max(300),
    loose: z.boolean().default(true),
  })
  .superRefine((value, ctx) => {
    if (value.kind === "pattern") {
      const problem = patternProblem(value.text);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["text"], message: problem });
    }
  })
  .transform((value) => ({ ...value, replacement: DEFAULT_REPLACEMENT }));

/** Message keys (core/i18n/messages/security.ts) for why a pattern is refused. */
export type PatternProblem = "security.pattern.invalid" | "security.pattern.unsupported" | "security.pattern.empty";

/**
 * Why a pattern cannot be used, or null. Patterns run on RE2JS, an RE2-class
 * engine whose matching time is linear in the text whatever the pattern
 * (decision 900): what it cannot run in linear time (back-references,
 * look-around) it refuses, and so do we.
 */
export function patternProblem(source: string): PatternProblem | null {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
  } catch (error) {
    const message = (error as Error).message;
    return /unsupported|invalid escape|invalid named capture|\(\?[=!<]/.test(message) ? "security.pattern.unsupported" : "security.pattern.invalid";
  }
  if (compiled.test("")) return "security.pattern.empty";
  return null;
}

export function ruleApplies(rule: Pick<RedactionRule, "scope">, context: PublicationContext): boolean {
  switch (rule.scope.type) {
    case "site":
      return true;
    case "request":
      return context.requestId === rule.scope.requestId;
    case "user":
      return context.userId === rule.scope.userId;
    case "authority":
      return context.authorityId === rule.scope.authorityId;
  }
}

const stripMarks = foldAccents;

/**
 * Text with accents removed, and for each character of it the index of the
 * character of the original text it came from, so matches map back.
 */
function foldWithMap(text: string): { folded: string; map: number[] } {
  let folded = "";
  const map: number[] = [];
  let index = 0;
  for (const char of text) {
    const f = stripMarks(char);
    for (let k = 0; k < f.length; k++) map.push(index);
    folded += f;
    index += char.length;
  }
  map.push(index);
  return { folded, map };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export interface CompiledRule {
  rule: RedactionRule;
  /** Start and end (UTF-16 offsets) of each match in `subject`, in order. */
  find(subject: string): Iterable<[number, number]>;
}

function* nativeMatches(regex: RegExp, subject: string): Iterable<[number, number]> {
  regex.lastIndex = 0;
  for (const m of subject.matchAll(regex)) {
    const s = m.index ?? 0;
    yield [s, s + m[0].length];
  }
}

function* linearMatches(pattern: RE2JS, subject: string): Iterable<[number, number]> {
  const matcher = pattern.matcher(subject);
  while (matcher.find()) yield [matcher.start(), matcher.end()];
}

export function compileRule(rule: RedactionRule): CompiledRule {
  if (rule.kind === "pattern") {
    // A person's pattern runs on the linear-time engine, never on RegExp.
    const source = rule.loose ? stripMarks(rule.text) : rule.text;
    let pattern: RE2JS;
    try {
      pattern = RE2JS.compile(source, rule.loose ? RE2JS.CASE_INSENSITIVE : 0);
    } catch {
      // A stored pattern the engine refuses (written before it was checked) matches nothing.
      return { rule, find: () => [] };
    }
    return { rule, find: (subject) => linearMatches(pattern, subject) };
  }
  const literal = rule.loose ? stripMarks(rule.text) : rule.text;
  // Any run of white space matches any other: line breaks in replies and PDFs.
  let source = literal.trim().split(/\s+/).map(escapeRegExp).join("\\s+");
  // Whole words only where the literal starts or ends with a letter or digit: "Anne" must not eat "Annexe".
  if (/^[\p{L}\p{N}]/u.test(literal.trim())) source = `(?<![\\p{L}\\p{N}])${source}`;
  if (/[\p{L}\p{N}]$/u.test(literal.trim())) source = `${source}(?![\\p{L}\\p{N}])`;
  // An escaped literal: no alternation, no nested repetition, so no backtracking blow-up.
  const regex = new RegExp(source, rule.loose ? "giu" : "gu");
  return { rule, find: (subject) => nativeMatches(regex, subject) };
}

/** The ranges of `text` that the rules replace (non-overlapping, in order). */
export function findRedactions(text: string, rules: CompiledRule[]): TextRange[] {
  if (rules.length === 0 || text.length === 0) return [];
  const loose = rules.some((r) => r.rule.loose) ? foldWithMap(text) : null;
  const ranges: TextRange[] = [];
  for (const compiled of rules) {
    const { rule } = compiled;
    const subject = rule.loose && loose ? loose.folded : text;
    for (const [s, e] of compiled.find(subject)) {
      if (e === s) continue;
      const start = rule.loose && loose ? loose.map[s] : s;
      const end = rule.loose && loose ? loose.map[e] : e;
      ranges.push({ start, end, replacement: rule.replacement });
    }
  }
  ranges.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: TextRange[] = [];
  for (const r of ranges) {
    const prev = out[out.length - 1];
    if (prev && r.start < prev.end) {
      // Overlapping matches merge into one replacement.
      prev.end = Math.max(prev.end, r.end);
      continue;
    }
    out.push({ ...r });
  }
  return out;
}

export class Redactor {
  readonly rules: CompiledRule[];
  constructor(rules: RedactionRule[]) {
    this.rules = rules.map(compileRule);
  }
  get empty(): boolean {
    return this.rules.length === 0;
  }
  /** Does `text` contain anything the rules replace? */
  matches(text: string): boolean {
    return findRedactions(text, this.rules).length > 0;
  }
  text(text: string): string {
    return applyRanges(text, findRedactions(text, this.rules));
  }
  html(html: string): string {
    if (this.empty) return html;
    return transformHtmlText(html, (t) => findRedactions(t, this.rules), {
      attribute: (_tag, name, value) => {
        if (name === "href" || name === "src") return this.matches(safeDecode(value)) ? null : value;
        return this.text(value);
      },
    });
  }
  /** A filename with the rules applied, still usable as a filename. */
  filename(name: string): string {
    const out = this.text(name)
      .replace(/[\\/\u0000-\u001f\u007f"]/g, "_")
      .trim();
    return out.length > 0 ? out : "file";
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Rules that apply to a publication context. */
export function rulesFor(rules: RedactionRule[], context: PublicationContext): Redactor {
  return new Redactor(rules.filter((r) => ruleApplies(r, context)));
}

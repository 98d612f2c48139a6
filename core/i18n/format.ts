import type { Locale } from "./locales";

/**
 * Fills a catalogue string. Two forms of placeholder:
 * - `{name}`: the parameter's value;
 * - `{name, plural, one {# day} other {# days}}`: the branch the locale's
 *   plural rules choose for the number (Intl.PluralRules: in French 0 and 1
 *   are "one", in Dutch, German and English only 1 is), with `#` standing
 *   for the number. An `=0 {…}` branch, when given, wins for exactly zero.
 * A placeholder whose parameter is missing is left as written, so a missing
 * value shows up instead of vanishing.
 */
export function formatMessage(locale: Locale, template: string, params?: Record<string, string | number>): string {
  if (!params || !template.includes("{")) return template;
  let out = "";
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf("{", i);
    if (open < 0) break;
    const close = matchingBrace(template, open);
    if (close < 0) break;
    out += template.slice(i, open);
    out += fill(locale, template.slice(open, close + 1), params);
    i = close + 1;
  }
  return out + template.slice(i);
}

function fill(locale: Locale, placeholder: string, params: Record<string, string | number>): string {
  const simple = /^\{(\w+)\}$/.exec(placeholder);
  if (simple) return simple[1] in params ? String(params[simple[1]]) : placeholder;
  const plural = /^\{(\w+),\s*plural,\s*([\s\S]*)\}$/.exec(placeholder);
  if (!plural || !(plural[1] in params)) return placeholder;
  const value = Number(params[plural[1]]);
  const branches = parseBranches(plural[2]);
  const branch = (value === 0 ? branches.get("=0") : undefined) ?? branches.get(pluralRules(locale).select(value)) ?? branches.get("other");
  if (branch === undefined) return placeholder;
  return formatMessage(locale, branch.replace(/#/g, String(params[plural[1]])), params);
}

/** `one {…} other {…}` → Map { one → "…", other → "…" } */
function parseBranches(text: string): Map<string, string> {
  const branches = new Map<string, string>();
  let i = 0;
  for (;;) {
    const key = /^\s*(=?\w+)\s*\{/.exec(text.slice(i));
    if (!key) break;
    const open = i + key[0].length - 1;
    const close = matchingBrace(text, open);
    if (close < 0) break;
    branches.set(key[1], text.slice(open + 1, close));
    i = close + 1;
  }
  return branches;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return i;
  }
  return -1;
}

const rules = new Map<Locale, Intl.PluralRules>();
function pluralRules(locale: Locale): Intl.PluralRules {
  let r = rules.get(locale);
  if (!r) rules.set(locale, (r = new Intl.PluralRules(locale)));
  return r;
}

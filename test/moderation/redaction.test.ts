import { describe, expect, it } from "vitest";
import { patternProblem, redactionRuleInput, Redactor, ruleApplies, rulesFor, type RedactionRule } from "../../moderation/redaction";

const site = { type: "site" } as const;
const literal = (text: string, extra: Partial<RedactionRule> = {}): RedactionRule => ({
  kind: "literal",
  text,
  loose: true,
  replacement: "[name]",
  scope: site,
  ...extra,
});

describe("redaction rules on text", () => {
  it("replaces a literal regardless of case and accents, keeping the rest", () => {
    const r = new Redactor([literal("Hélène Dupont")]);
    expect(r.text("Madame HELENE DUPONT, Mme hélène dupont et Helene Dupont.")).toBe("Madame [name], Mme [name] et [name].");
  });

  it("is exact when asked to be", () => {
    const r = new Redactor([literal("Dupont", { loose: false })]);
    expect(r.text("Dupont, DUPONT")).toBe("[name], DUPONT");
  });

  it("matches across line breaks and repeated spaces", () => {
    const r = new Redactor([literal("Rue de la Loi 16", { replacement: "[address]" })]);
    expect(r.text("domicilié Rue de la\nLoi  16, 1000 Bruxelles")).toBe("domicilié [address], 1000 Bruxelles");
  });

  it("only matches whole words", () => {
    const r = new Redactor([literal("Anne")]);
    expect(r.text("Anne a lu l'annexe d'Anne-Marie")).toBe("[name] a lu l'annexe d'[name]-Marie");
  });

  it("applies patterns", () => {
    const r = new Redactor([{ kind: "pattern", text: "\\b\\d{2}\\.\\d{2}\\.\\d{2}-\\d{3}\\.\\d{2}\\b", loose: false, replacement: "[NRN]", scope: site }]);
    expect(r.text("NN 85.07.30-033.28 ok")).toBe("NN [NRN] ok");
  });

  it("merges overlapping matches", () => {
    const r = new Redactor([literal("Jean Dupont"), literal("Dupont", { replacement: "[x]" })]);
    expect(r.text("M. Jean Dupont")).toBe("M. [name]");
  });

  it("keeps characters outside the match intact when accents change length", () => {
    const r = new Redactor([literal("Ève")]);
    expect(r.text("E\u0300ve et Ève ici: ÉVE, Èvement.")).toBe("[name] et [name] ici: [name], Èvement.");
  });
});

describe("redaction on HTML and filenames", () => {
  it("redacts text nodes and attributes, drops links that carry the text", () => {
    const r = new Redactor([literal("Dupont")]);
    expect(r.html('<p title="M. Dupont">Cher <b>M. Dupont</b>, <a href="https://x.be/dupont">lien</a></p>')).toBe(
      '<p title="M. [name]">Cher <b>M. [name]</b>, <a>lien</a></p>',
    );
  });

  it("keeps a usable filename", () => {
    const r = new Redactor([literal("Dupont", { replacement: "[name/x]" })]);
    expect(r.filename("Lettre Dupont.pdf")).toBe("Lettre [name_x].pdf");
    expect(new Redactor([literal("secret")]).filename("secret")).toBe("[name]");
  });
});

describe("scopes", () => {
  const rules: RedactionRule[] = [
    literal("Site", { scope: site }),
    literal("Req", { scope: { type: "request", requestId: 1 } }),
    literal("Usr", { scope: { type: "user", userId: 2 } }),
    literal("Auth", { scope: { type: "authority", authorityId: 3 } }),
  ];

  it("picks the rules of a publication's request, user and authority", () => {
    expect(rulesFor(rules, { requestId: 1, userId: 2, authorityId: 3 }).text("Site Req Usr Auth")).toBe("[name] [name] [name] [name]");
    expect(rulesFor(rules, { requestId: 9, userId: 9, authorityId: 9 }).text("Site Req Usr Auth")).toBe("[name] Req Usr Auth");
    expect(ruleApplies(rules[1], {})).toBe(false);
  });
});

describe("rule input", () => {
  it("refuses unusable patterns", () => {
    expect(patternProblem("(")).toBe("security.pattern.invalid");
    expect(patternProblem("a*")).toBe("security.pattern.empty");
    // Nested repetition is fine on the linear-time engine (test/security/redos-rules.test.ts).
    expect(patternProblem("(a+)+b")).toBeNull();
    expect(patternProblem("Dupont|Durand")).toBeNull();
    expect(redactionRuleInput.safeParse({ kind: "pattern", text: "(" }).success).toBe(false);
    expect(redactionRuleInput.parse({ kind: "literal", text: " Jean " })).toEqual({ kind: "literal", text: "Jean", loose: true, replacement: "[redacted]" });
  });
});

import { describe, expect, it } from "vitest";
import { patternProblem, redactionRuleInput, DEFAULT_REPLACEMENT } from "../../moderation/redaction";
import { translate } from "../../core/i18n/index";
import { runBounded } from "../support/bounded";

/** Finding 1 (High): a requester's redaction pattern must not freeze the server. */
describe("user redaction patterns run in linear time", () => {
  const adversarial = ["(a|a)+$", "(a+)+$", "(a|aa)*b", "(\\w+\\s?)+$", "([a-z]+)*!"];

  it.each(adversarial)("a rule %s on 60,000 'a's finishes (was exponential)", async (pattern) => {
    expect(redactionRuleInput.safeParse({ kind: "pattern", text: pattern }).success).toBe(true);
    const out = await runBounded<string>(
      "moderation/redaction.ts",
      (async (m: typeof import("../../moderation/redaction"), input: { pattern: string; text: string }) =>
        new m.Redactor([{ kind: "pattern", text: input.pattern, loose: true, replacement: "[x]", scope: { type: "site" } }]).text(input.text)).toString(),
      { pattern, text: `${"a".repeat(60_000)}é!` },
    );
    expect(out.length).toBeGreaterThan(0);
  });

  it("still redacts what ordinary patterns describe", async () => {
    const out = await runBounded<string>(
      "moderation/redaction.ts",
      ((m: typeof import("../../moderation/redaction")) =>
        new m.Redactor([{ kind: "pattern", text: "\\d{2}\\.\\d{2}\\.\\d{2}-\\d{3}\\.\\d{2}", loose: true, replacement: "[NRN]", scope: { type: "site" } }]).text("NN 85.07.30-033.28 ok 😀 Dupont")).toString(),
      null,
    );
    expect(out).toBe("NN [NRN] ok 😀 Dupont");
  });

  it("refuses what the linear engine cannot run, with a translated reason", () => {
    expect(patternProblem("(a)\\1")).toBe("security.pattern.unsupported");
    expect(patternProblem("foo(?=bar)")).toBe("security.pattern.unsupported");
    expect(patternProblem("(?<!x)foo")).toBe("security.pattern.unsupported");
    expect(patternProblem("(unclosed")).toBe("security.pattern.invalid");
    expect(patternProblem("x*")).toBe("security.pattern.empty");
    const parsed = redactionRuleInput.safeParse({ kind: "pattern", text: "(a)\\1" });
    expect(parsed.success).toBe(false);
    const key = parsed.error!.issues[0].message as "security.pattern.unsupported";
    for (const locale of ["fr", "nl", "de", "en"] as const) expect(translate(locale, key)).not.toBe(key);
    expect(translate("fr", key)).toMatch(/références arrière/);
  });
});

/** Finding 11 (Low): a rule replaces with the fixed marker only. */
describe("redaction replaces with a fixed marker", () => {
  it("ignores a replacement text sent with the rule", () => {
    const parsed = redactionRuleInput.parse({ kind: "literal", text: "a reply sentence", replacement: "The authority admits everything" } as never);
    expect(parsed.replacement).toBe(DEFAULT_REPLACEMENT);
  });
});

import { describe, expect, it } from "vitest";
import { translate } from "../../core/i18n";
import { formatMessage } from "../../core/i18n/format";

describe("messages with numbers", () => {
  it("chooses the plural form each language's rules call for", () => {
    expect(translate("en", "search.count", { count: 1 })).toBe("1 result");
    expect(translate("en", "search.count", { count: 0 })).toBe("0 results");
    expect(translate("en", "search.count", { count: 12 })).toBe("12 results");
    // French counts 0 and 1 as singular.
    expect(translate("fr", "search.count", { count: 0 })).toBe("0 résultat");
    expect(translate("fr", "search.count", { count: 1 })).toBe("1 résultat");
    expect(translate("fr", "search.count", { count: 2 })).toBe("2 résultats");
    expect(translate("nl", "request.daysLeft", { n: 1 })).toBe("Nog 1 dag.");
    expect(translate("nl", "request.daysLeft", { n: 3 })).toBe("Nog 3 dagen.");
    expect(translate("de", "directory.results.countFor", { count: 1, q: "Eupen" })).toBe("1 Ergebnis für „Eupen“");
    expect(translate("de", "overdue.count", { count: 2 })).toBe("2 überfällige Anträge");
  });

  it("fills plain placeholders and leaves a missing one visible", () => {
    expect(formatMessage("en", "Letter {n} of {count}", { n: 2, count: 3 })).toBe("Letter 2 of 3");
    expect(formatMessage("en", "Hello {name}", {})).toBe("Hello {name}");
    expect(formatMessage("en", "{n, plural, one {# day} other {# days}}", {})).toBe("{n, plural, one {# day} other {# days}}");
  });

  it("takes an exact zero branch and placeholders inside branches", () => {
    const template = "{count, plural, =0 {No reply yet} one {# reply from {who}} other {# replies from {who}}}";
    expect(formatMessage("en", template, { count: 0, who: "Namur" })).toBe("No reply yet");
    expect(formatMessage("en", template, { count: 1, who: "Namur" })).toBe("1 reply from Namur");
    expect(formatMessage("en", template, { count: 4, who: "Namur" })).toBe("4 replies from Namur");
  });

  it("keeps text that only looks like a placeholder", () => {
    expect(formatMessage("en", "A {brace} and a } and {", { other: 1 })).toBe("A {brace} and a } and {");
  });
});

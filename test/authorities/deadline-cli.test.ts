import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { deadlineCommand, type CliIO } from "../../authorities/cli";

function io(stdinText = ""): CliIO & { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  const stdin = new PassThrough();
  stdin.end(stdinText);
  return { stdin, stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, out: () => out, err: () => err };
}

describe("dossier deadline", () => {
  it("prints the examples of deadline-rules.md", async () => {
    const cases: Array<[string[], Record<string, unknown>]> = [
      [["--regime", "federal", "--received", "2026-03-02"], { due: "2026-04-01", extended_due: "2026-04-16", appeal_body: "cada-federal", appeal_by_after_silence: null, appeal_by_after_refusal: null }],
      [["--regime", "federal", "--received", "2026-03-06"], { due: "2026-04-07" }],
      [["--regime", "brussels", "--received", "2026-03-02"], { due: "2026-03-30", extended_due: "2026-04-28", appeal_by_after_silence: "2026-04-29" }],
      [["--regime", "brussels", "--received", "2026-03-02", "--extended"], { appeal_by_after_silence: "2026-05-28" }],
      [["--regime", "flanders", "--received", "2026-03-02", "--refused-on", "2026-03-10"], { appeal_by_after_silence: null, appeal_by_after_refusal: "2026-04-09" }],
      [["--regime", "flanders", "--received", "2026-03-02", "--refused-on", "2026-03-10", "--appeal-notice-missing"], { appeal_by_after_refusal: "2026-08-09" }],
      [["--regime", "fwb", "--received", "2026-03-02", "--refused-on", "2026-03-10"], { appeal_by_after_silence: "2026-05-31", appeal_by_after_refusal: "2026-05-09" }],
    ];
    for (const [args, expected] of cases) {
      const o = io();
      expect(await deadlineCommand(args, o)).toBe(0);
      const result = JSON.parse(o.out());
      expect(Object.keys(result)).toEqual(["regime", "received", "due", "extended_due", "appeal_body", "appeal_by_after_silence", "appeal_by_after_refusal"]);
      expect(result).toMatchObject(expected);
    }
  });

  it("adds the environmental route on request", async () => {
    const o = io();
    await deadlineCommand(["--regime", "wallonia", "--received", "2026-03-02", "--refused-on", "2026-03-20", "--environmental"], o);
    expect(JSON.parse(o.out()).environmental).toMatchObject({ appeal_body: "craie", appeal_by_after_refusal: "2026-04-04", urgent: true });
  });

  it("answers a batch line by line, in order, reporting bad lines in place", async () => {
    const input = [
      JSON.stringify({ regime: "federal", received: "2026-03-02" }),
      JSON.stringify({ regime: "wallonia", received: "2026-03-02", extended: true, refused_on: "2026-04-10" }),
      "not json",
      JSON.stringify({ regime: "mars", received: "2026-03-02" }),
      "",
      JSON.stringify({ regime: "brussels", received: "2026-03-02" }),
    ].join("\n");
    const o = io(input);
    expect(await deadlineCommand(["--batch"], o)).toBe(1);
    const lines = o.out().trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(5);
    expect(lines[0].due).toBe("2026-04-01");
    expect(lines[1]).toMatchObject({ appeal_by_after_silence: "2026-05-16", appeal_by_after_refusal: "2026-05-10" });
    expect(lines[2]).toMatchObject({ line: 3 });
    expect(lines[3].error).toContain("unknown regime");
    expect(lines[4].due).toBe("2026-03-30");
  });

  it("exits 2 on bad arguments", async () => {
    for (const args of [[], ["--regime", "federal"], ["--regime", "federal", "--received", "2026-02-30"], ["--nope"]]) {
      const o = io();
      expect(await deadlineCommand(args, o)).toBe(2);
      expect(o.err()).toMatch(/dossier deadline/);
    }
  });
});

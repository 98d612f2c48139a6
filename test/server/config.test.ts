import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, parseEnv } from "../../core/config";

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("configuration", () => {
  it("has working defaults for a fresh machine", () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "dossier-config-"));
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config).toMatchObject({ port: 3000, smtpPort: 2525, mailDomain: "localhost", databaseUrl: undefined, smtpUrl: undefined, meilisearch: undefined, baseUrl: "http://localhost:3000" });
    // The generated secret is kept so reply addresses survive a restart.
    expect(config.secret).toHaveLength(64);
    expect(readFileSync(path.join(dataDir, "secret"), "utf8").trim()).toBe(config.secret);
    expect(loadConfig({ DATA_DIR: dataDir }).secret).toBe(config.secret);
  });

  it.each([
    [{ PORT: "http" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ SMTP_PORT: "-1" }, "SMTP_PORT"],
    [{ DATABASE_URL: "mysql://x@y/z" }, "DATABASE_URL"],
    [{ SMTP_URL: "http://relay" }, "SMTP_URL"],
    [{ MEILISEARCH_URL: "not a url" }, "MEILISEARCH_URL"],
    [{ MEILISEARCH_KEY: "abc" }, "MEILISEARCH_KEY"],
    [{ SECRET: "short" }, "SECRET"],
    [{ MAIL_DOMAIN: "not a domain!" }, "MAIL_DOMAIN"],
    [{ NODE_ENV: "production", MAIL_DOMAIN: "dossier.example.be" }, "SECRET"],
    [{ NODE_ENV: "production", SECRET: "x".repeat(40) }, "MAIL_DOMAIN"],
    [{ PORT: "2525" }, "SMTP_PORT"],
    [{ WEB_CONCURRENCY: "0" }, "WEB_CONCURRENCY"],
    [{ WEB_CONCURRENCY: "two" }, "WEB_CONCURRENCY"],
    [{ WORKER_CONCURRENCY: "0" }, "WORKER_CONCURRENCY"],
    [{ WORKER_CONCURRENCY: "1.5" }, "WORKER_CONCURRENCY"],
  ])("refuses %o, naming %s", (env, name) => {
    const problems = problemsOf(env as Record<string, string>);
    expect(problems).toHaveLength(1);
    expect(problems[0].startsWith(`${name} `)).toBe(true);
  });

  it("runs one web process per core unless WEB_CONCURRENCY says otherwise", () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "dossier-config-"));
    expect(loadConfig({ DATA_DIR: dataDir }).webConcurrency).toBe(os.availableParallelism());
    expect(loadConfig({ DATA_DIR: dataDir, WEB_CONCURRENCY: "" }).webConcurrency).toBe(os.availableParallelism());
    expect(loadConfig({ DATA_DIR: dataDir, WEB_CONCURRENCY: "3" }).webConcurrency).toBe(3);
  });

  it("runs one worker process per core unless WORKER_CONCURRENCY says otherwise", () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "dossier-config-"));
    expect(loadConfig({ DATA_DIR: dataDir }).workerConcurrency).toBe(os.availableParallelism());
    expect(loadConfig({ DATA_DIR: dataDir, WORKER_CONCURRENCY: "1" }).workerConcurrency).toBe(1);
  });

  it("lists every bad variable at once and never prints a secret", () => {
    const problems = problemsOf({ PORT: "x", SECRET: "tiny-secret", SMTP_URL: "ftp://x" });
    expect(problems.map((p) => p.split(" ")[0]).sort()).toEqual(["PORT", "SECRET", "SMTP_URL"]);
    expect(problems.join("\n")).not.toContain("tiny-secret");
  });

  it("accepts a complete production configuration", () => {
    const env = parseEnv({
      NODE_ENV: "production",
      DATABASE_URL: "postgres://u:p@db:5432/dossier",
      SMTP_URL: "smtps://u:p@relay.example.be:465",
      MEILISEARCH_URL: "https://search.example.be",
      MEILISEARCH_KEY: "key",
      SECRET: "s".repeat(48),
      MAIL_DOMAIN: "Dossier.Example.BE",
    });
    expect(env.MAIL_DOMAIN).toBe("dossier.example.be");
  });
});

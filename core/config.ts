import { createPrivateKey, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { ConfigError } from "./errors";

export { ConfigError };

/**
 * The whole environment, validated once at start. Every variable DESIGN.md
 * names is here; anything missing or inconsistent stops the program with one
 * message that names each bad variable.
 */
const portSchema = z.coerce
  .number({ invalid_type_error: "must be a port number" })
  .int("must be a whole number")
  .min(0, "must be between 0 and 65535")
  .max(65535, "must be between 0 and 65535");

const urlWithProtocols = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine((value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}`);

const emptyAsUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

/** A number of processes (WEB_CONCURRENCY, WORKER_CONCURRENCY); unset: one per core. */
function processCount() {
  return z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ invalid_type_error: "must be a whole number of processes" })
      .int("must be a whole number of processes")
      .min(1, "must be at least 1")
      .max(256, "must be at most 256")
      .optional(),
  );
}

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATA_DIR: z.string().trim().min(1).default("./data"),
    DATABASE_URL: z.preprocess(emptyAsUndefined, urlWithProtocols(["postgres:", "postgresql:"]).optional()),
    PORT: portSchema.default(3000),
    SMTP_PORT: portSchema.default(2525),
    MAIL_DOMAIN: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/, "must be a domain name such as dossier.example.be")
      .default("localhost"),
    SMTP_URL: z.preprocess(emptyAsUndefined, urlWithProtocols(["smtp:", "smtps:"]).optional()),
    DAILY_REQUEST_CAP: z.coerce.number({ invalid_type_error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").default(10),
    BATCH_DOMAIN_SPACING_SECONDS: z.coerce.number({ invalid_type_error: "must be a whole number of seconds" }).int("must be a whole number of seconds").min(0, "must be 0 or more").max(86_400, "must be at most 86400 (a day)").default(300),
    BATCH_SEND_INTERVAL_SECONDS: z.coerce.number({ invalid_type_error: "must be a whole number of seconds" }).int("must be a whole number of seconds").min(0, "must be 0 or more").max(86_400, "must be at most 86400 (a day)").default(20),
    BATCH_DAILY_CEILING: z.coerce.number({ invalid_type_error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").default(200),
    BATCH_DEFAULT_ALLOWANCE: z.coerce.number({ invalid_type_error: "must be a whole number" }).int("must be a whole number").min(0, "must be 0 or more").default(0),
    MEILISEARCH_URL: z.preprocess(emptyAsUndefined, urlWithProtocols(["http:", "https:"]).optional()),
    MEILISEARCH_KEY: z.preprocess(emptyAsUndefined, z.string().optional()),
    SECRET: z.preprocess(emptyAsUndefined, z.string().min(32, "must be at least 32 characters long").optional()),
    PUBLIC_URL: z.preprocess(emptyAsUndefined, urlWithProtocols(["http:", "https:"]).optional()),
    // Which proxies' X-Forwarded-For/-Proto to believe: unset means none (the socket address counts).
    TRUST_PROXY: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .trim()
        .regex(/^(loopback|linklocal|uniquelocal|[0-9a-f.:/]+)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9a-f.:/]+))*$/i, "must be loopback, linklocal, uniquelocal or a comma-separated list of proxy IP addresses/CIDR ranges")
        .optional(),
    ),
    SMTP_TLS_KEY: z.preprocess(emptyAsUndefined, z.string().trim().optional()),
    SMTP_TLS_CERT: z.preprocess(emptyAsUndefined, z.string().trim().optional()),
    SMTP_MAX_MESSAGE_SIZE: z.coerce
      .number({ invalid_type_error: "must be a number of bytes" })
      .int("must be a whole number of bytes")
      .min(1024, "must be at least 1024 bytes")
      .max(200 * 1024 * 1024, "must be at most 200 MB")
      .default(25 * 1024 * 1024),
    // Outbound DKIM: a PEM RSA private key file and the selector its public key is published under.
    DKIM_PRIVATE_KEY_FILE: z.preprocess(emptyAsUndefined, z.string().trim().optional()),
    DKIM_SELECTOR: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/, "must be a DNS label such as dossier2026")
        .default("dossier"),
    ),
    // Relays in front of the listener (the domain's MX): exempt from the per-address connection and message limits.
    SMTP_TRUSTED_RELAYS: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .trim()
        .regex(/^[0-9a-f.:]+(\s*,\s*[0-9a-f.:]+)*$/i, "must be a comma-separated list of IP addresses (the MX relays in front of Dossier)")
        .optional(),
    ),
    // Each web process's store of rendered anonymous pages (server/page-cache.ts), in megabytes; 0 turns it off.
    PAGE_CACHE_MB: z.coerce
      .number({ invalid_type_error: "must be a number of megabytes" })
      .int("must be a whole number of megabytes")
      .min(0, "must be 0 (off) or more")
      .max(4096, "must be at most 4096")
      .default(64),
    WEB_CONCURRENCY: processCount(),
    WORKER_CONCURRENCY: processCount(),
  })
  .superRefine((env, ctx) => {
    if (env.MEILISEARCH_KEY && !env.MEILISEARCH_URL) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["MEILISEARCH_KEY"],
        message: "is set but MEILISEARCH_URL is not: set both to use Meilisearch, or neither",
      });
    }
    if (Boolean(env.SMTP_TLS_KEY) !== Boolean(env.SMTP_TLS_CERT)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [env.SMTP_TLS_KEY ? "SMTP_TLS_CERT" : "SMTP_TLS_KEY"],
        message: "must be set together with the other: SMTP_TLS_KEY and SMTP_TLS_CERT enable STARTTLS",
      });
    }
    for (const name of ["SMTP_TLS_KEY", "SMTP_TLS_CERT"] as const) {
      const file = env[name];
      if (file && !existsSync(file)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: [name], message: "names a file that does not exist" });
      }
    }
    if (env.DKIM_PRIVATE_KEY_FILE) {
      const problem = dkimKeyProblem(env.DKIM_PRIVATE_KEY_FILE);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["DKIM_PRIVATE_KEY_FILE"], message: problem });
    }
    for (const address of env.SMTP_TRUSTED_RELAYS?.split(",") ?? []) {
      if (isIP(address.trim()) === 0) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["SMTP_TRUSTED_RELAYS"], message: `names "${address.trim()}", which is not an IP address` });
    }
    if (env.NODE_ENV === "production" && !env.SECRET) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["SECRET"],
        message: "is required in production (at least 32 random characters)",
      });
    }
    if (env.NODE_ENV === "production" && env.MAIL_DOMAIN === "localhost") {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["MAIL_DOMAIN"],
        message: "must be the real mail domain in production (replies are routed to it)",
      });
    }
    if (env.PORT !== 0 && env.PORT === env.SMTP_PORT) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["SMTP_PORT"],
        message: "must differ from PORT",
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export type Config = {
  env: Env["NODE_ENV"];
  dataDir: string;
  databaseUrl: string | undefined;
  port: number;
  smtpPort: number;
  mailDomain: string;
  smtpUrl: string | undefined;
  /** How many requests one citizen may send per day (DAILY_REQUEST_CAP). */
  dailyRequestCap: number;
  meilisearch: { url: string; key: string | undefined } | undefined;
  /**
   * Throttled batch sending: seconds between two letters to one receiving
   * domain (BATCH_DOMAIN_SPACING_SECONDS) and between two letters of one
   * batch (BATCH_SEND_INTERVAL_SECONDS); letters one batch may send in 24
   * hours (BATCH_DAILY_CEILING); authorities a user may address in one
   * batch without an administrator's allowance (BATCH_DEFAULT_ALLOWANCE).
   */
  batches: { domainSpacingSeconds: number; sendIntervalSeconds: number; dailyCeiling: number; defaultAllowance: number };
  secret: string;
  baseUrl: string;
  /** Proxies whose forwarding headers are believed (TRUST_PROXY), as Express's "trust proxy" takes them; false: none. */
  trustProxy: string[] | false;
  /** Inbound SMTP listener: size limit (552 beyond) and STARTTLS certificate. */
  smtp: {
    maxMessageSize: number;
    tls: { keyPath: string; certPath: string } | null;
    /** Client addresses exempt from the per-address limits (SMTP_TRUSTED_RELAYS): the MX relaying all inbound mail. */
    trustedRelays: string[];
  };
  /** Outbound DKIM signing (DKIM_PRIVATE_KEY_FILE, DKIM_SELECTOR) for MAIL_DOMAIN; null: letters leave unsigned. */
  dkim: { domain: string; selector: string; privateKey: string } | null;
  /** How many web processes `dossier start` and `dossier web` run (WEB_CONCURRENCY; default: one per core). */
  webConcurrency: number;
  /** How many worker processes `dossier start` runs (WORKER_CONCURRENCY; default: one per core): mail processing, extraction and indexing use every core. */
  workerConcurrency: number;
  /** Bytes of rendered anonymous pages each web process keeps (PAGE_CACHE_MB; 0: none). */
  pageCacheBytes: number;
};

/** Parses the environment; throws a ConfigError naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? "environment");
        const value = source[name];
        const shown = value === undefined ? "(unset)" : name === "SECRET" || name === "MEILISEARCH_KEY" ? "(hidden)" : JSON.stringify(value);
        return `${name} ${issue.message} — got ${shown}`;
      }),
    );
  }
  return result.data;
}

/**
 * Builds the runtime configuration. With no SECRET in development a random
 * one is created once and kept in DATA_DIR, so reply addresses stay valid
 * across restarts on a zero-set-up machine.
 */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const env = parseEnv(source);
  const dataDir = path.resolve(env.DATA_DIR);
  return {
    env: env.NODE_ENV,
    dataDir,
    databaseUrl: env.DATABASE_URL,
    port: env.PORT,
    smtpPort: env.SMTP_PORT,
    mailDomain: env.MAIL_DOMAIN,
    smtpUrl: env.SMTP_URL,
    dailyRequestCap: env.DAILY_REQUEST_CAP,
    meilisearch: env.MEILISEARCH_URL ? { url: env.MEILISEARCH_URL, key: env.MEILISEARCH_KEY } : undefined,
    batches: {
      domainSpacingSeconds: env.BATCH_DOMAIN_SPACING_SECONDS,
      sendIntervalSeconds: env.BATCH_SEND_INTERVAL_SECONDS,
      dailyCeiling: env.BATCH_DAILY_CEILING,
      defaultAllowance: env.BATCH_DEFAULT_ALLOWANCE,
    },
    secret: env.SECRET ?? persistedSecret(dataDir),
    baseUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ""),
    trustProxy: env.TRUST_PROXY ? env.TRUST_PROXY.split(",").map((s) => s.trim()) : false,
    smtp: {
      maxMessageSize: env.SMTP_MAX_MESSAGE_SIZE,
      tls: env.SMTP_TLS_KEY && env.SMTP_TLS_CERT ? { keyPath: path.resolve(env.SMTP_TLS_KEY), certPath: path.resolve(env.SMTP_TLS_CERT) } : null,
      trustedRelays: env.SMTP_TRUSTED_RELAYS ? env.SMTP_TRUSTED_RELAYS.split(",").map((s) => s.trim()) : [],
    },
    dkim: env.DKIM_PRIVATE_KEY_FILE ? { domain: env.MAIL_DOMAIN, selector: env.DKIM_SELECTOR, privateKey: readFileSync(env.DKIM_PRIVATE_KEY_FILE, "utf8") } : null,
    webConcurrency: env.WEB_CONCURRENCY ?? os.availableParallelism(),
    workerConcurrency: env.WORKER_CONCURRENCY ?? os.availableParallelism(),
    pageCacheBytes: env.PAGE_CACHE_MB * 1024 * 1024,
  };
}

/** Why the DKIM key file cannot sign, or null when it can. */
function dkimKeyProblem(file: string): string | null {
  if (!existsSync(file)) return "names a file that does not exist";
  try {
    const key = createPrivateKey(readFileSync(file));
    // nodemailer signs rsa-sha256 only.
    if (key.asymmetricKeyType !== "rsa") return `holds a ${key.asymmetricKeyType} key; outbound DKIM signs with RSA (openssl genrsa -out dkim.pem 2048)`;
    if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 1024) return "holds an RSA key shorter than 1024 bits (use 2048)";
    return null;
  } catch {
    return "does not hold a PEM private key (generate one with: openssl genrsa -out dkim.pem 2048)";
  }
}

function persistedSecret(dataDir: string): string {
  const file = path.join(dataDir, "secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
  return secret;
}

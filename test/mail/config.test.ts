import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../core/config";

const tls = fileURLToPath(new URL("../fixtures/mail/tls/", import.meta.url));
const base = { DATA_DIR: "/tmp/dossier-config-test", SECRET: "x".repeat(40) };

describe("inbound SMTP configuration", () => {
  it("defaults to 25 MB and no STARTTLS", () => {
    expect(loadConfig(base).smtp).toEqual({ maxMessageSize: 25 * 1024 * 1024, tls: null, trustedRelays: [] });
    expect(loadConfig(base).dkim).toBeNull();
  });

  it("takes a size limit and a certificate pair", () => {
    const config = loadConfig({ ...base, SMTP_MAX_MESSAGE_SIZE: "1048576", SMTP_TLS_KEY: tls + "test-only-key.pem", SMTP_TLS_CERT: tls + "test-only-cert.pem" });
    expect(config.smtp.maxMessageSize).toBe(1048576);
    expect(config.smtp.tls?.certPath).toMatch(/test-only-cert\.pem$/);
  });

  it("names each bad value", () => {
    expect(() => loadConfig({ ...base, SMTP_TLS_KEY: tls + "test-only-key.pem" })).toThrow(/SMTP_TLS_CERT must be set together/);
    expect(() => loadConfig({ ...base, SMTP_TLS_KEY: "/nope.pem", SMTP_TLS_CERT: "/nope.crt" })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, SMTP_MAX_MESSAGE_SIZE: "ten" })).toThrow(/SMTP_MAX_MESSAGE_SIZE must be a number of bytes/);
    expect(() => loadConfig({ ...base, SMTP_TRUSTED_RELAYS: "10.0.0.5, mx.example.be" })).toThrow(/SMTP_TRUSTED_RELAYS must be a comma-separated list of IP addresses/);
    expect(() => loadConfig({ ...base, SMTP_TRUSTED_RELAYS: "10.0.0.5,999.1" })).toThrow(/SMTP_TRUSTED_RELAYS names "999.1", which is not an IP address/);
    expect(() => loadConfig({ ...base, DKIM_PRIVATE_KEY_FILE: "/nope/dkim.pem" })).toThrow(/DKIM_PRIVATE_KEY_FILE names a file that does not exist/);
    // A certificate is not a private key.
    expect(() => loadConfig({ ...base, DKIM_PRIVATE_KEY_FILE: tls + "test-only-cert.pem" })).toThrow(/DKIM_PRIVATE_KEY_FILE does not hold a PEM private key/);
    expect(() => loadConfig({ ...base, DKIM_SELECTOR: "not a selector!" })).toThrow(/DKIM_SELECTOR must be a DNS label/);
  });

  it("takes trusted relays", () => {
    expect(loadConfig({ ...base, SMTP_TRUSTED_RELAYS: "10.0.0.5, ::1" }).smtp.trustedRelays).toEqual(["10.0.0.5", "::1"]);
  });
});

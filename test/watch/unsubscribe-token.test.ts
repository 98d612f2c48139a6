import { describe, expect, it } from "vitest";
import { createUnsubscribeToken, unsubscribeUrl, verifyUnsubscribeToken } from "../../watch/unsubscribe-token";

const SECRET = "test-secret-0123456789";

describe("unsubscribe tokens", () => {
  it("round-trips a follow and a user scope", () => {
    expect(verifyUnsubscribeToken(SECRET, createUnsubscribeToken(SECRET, { follow: 42 }))).toEqual({ follow: 42 });
    expect(verifyUnsubscribeToken(SECRET, createUnsubscribeToken(SECRET, { user: 7 }))).toEqual({ user: 7 });
  });

  it("rejects forged, altered, truncated and malformed tokens", () => {
    const token = createUnsubscribeToken(SECRET, { follow: 42 });
    const [, signature] = token.split(".");
    expect(verifyUnsubscribeToken("another-secret", token)).toBeNull();
    expect(verifyUnsubscribeToken(SECRET, `f43.${signature}`)).toBeNull();
    expect(verifyUnsubscribeToken(SECRET, `u42.${signature}`)).toBeNull();
    expect(verifyUnsubscribeToken(SECRET, token.slice(0, -1))).toBeNull();
    for (const bad of ["", "f42", "x1.aaaaaaaaaaaaaaaaaaaaaa", "f0.aaaaaaaaaaaaaaaaaaaaaa", null, 42, "f1." + "a".repeat(500)]) {
      expect(verifyUnsubscribeToken(SECRET, bad)).toBeNull();
    }
  });

  it("builds a URL on the public address", () => {
    expect(unsubscribeUrl("https://dossier.example/", SECRET, { user: 3 })).toMatch(/^https:\/\/dossier\.example\/unsubscribe\/u3\.[A-Za-z0-9_-]{22}$/);
  });
});

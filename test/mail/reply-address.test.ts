import { describe, expect, it } from "vitest";
import { findRequestAddresses, replyAddressFor, requestHmac8 } from "../../mail/reply-address";

const SECRET = "test-secret";

describe("replyAddressFor", () => {
  it("builds request-<id>-<64-bit code>@domain, whose first 8 digits are the old 32-bit code", () => {
    const address = replyAddressFor(SECRET, 42, "Dossier.Example.BE");
    expect(address).toMatch(/^request-42-[0-9a-f]{16}@dossier\.example\.be$/);
    expect(address.startsWith(`request-42-${requestHmac8(SECRET, 42)}`)).toBe(true);
  });
});

describe("findRequestAddresses", () => {
  const addr = replyAddressFor(SECRET, 1207, "dossier.example.be");
  const [local] = addr.split("@");
  const hash = local.split("-")[2];

  it("finds the address in a plain header with a display name", () => {
    expect(findRequestAddresses(SECRET, [`"Dossier - demande" <${addr}>`])).toEqual([{ requestId: 1207, found: local, corrected: false, shortCode: false }]);
  });

  it("ignores case and surrounding quotes", () => {
    const found = findRequestAddresses(SECRET, [`'${addr.toUpperCase()}'`]);
    expect(found.map((f) => f.requestId)).toEqual([1207]);
  });

  it("reads through BATV, SRS, VERP and sub-address prefixes", () => {
    for (const candidate of [
      `prvs=1234abcd=${addr}`,
      `SRS0=HHH=TT=dossier.example.be=${local}@forwarder.example.org`,
      `SRS1=XXX=forwarder.org==HHH=TT=dossier.example.be=${local}@relay.example.net`,
      `foi+${addr}`,
      `${local}+bounces=authority.be@dossier.example.be`,
      `Received: from mx by us for <${addr}>; Tue, 1 Jan 2030 10:00:00 +0100`,
    ]) {
      expect(findRequestAddresses(SECRET, [candidate]).map((f) => f.requestId), candidate).toEqual([1207]);
    }
  });

  it("fixes l/1 and o/0 typos in the id and the hash", () => {
    const typoId = `request-l2o7-${hash}@dossier.example.be`;
    expect(findRequestAddresses(SECRET, [typoId])).toEqual([{ requestId: 1207, found: `request-l2o7-${hash}`, corrected: true, shortCode: hash.length === 8 }]);
    const typoHash = hash.replace(/1/g, "l").replace(/0/g, "o");
    const withHashTypos = `request-1207-${typoHash}@dossier.example.be`;
    expect(findRequestAddresses(SECRET, [withHashTypos]).map((f) => f.requestId)).toEqual([1207]);
  });

  it("rejects a wrong hmac, a wrong secret and a truncated hash", () => {
    const wrong = `request-1207-${hash[0] === "a" ? "b" : "a"}${hash.slice(1)}@dossier.example.be`;
    expect(findRequestAddresses(SECRET, [wrong])).toEqual([]);
    expect(findRequestAddresses("other-secret", [addr])).toEqual([]);
    expect(findRequestAddresses(SECRET, [`request-1207-${hash.slice(0, 7)}@dossier.example.be`])).toEqual([]);
    expect(findRequestAddresses(SECRET, [`request-1207-${hash}9@dossier.example.be`])).toEqual([]);
  });

  it("returns each request once, in order of appearance, across several headers", () => {
    const other = replyAddressFor(SECRET, 5, "dossier.example.be");
    const found = findRequestAddresses(SECRET, [null, `a@b.be, ${other}`, addr, other.toUpperCase(), undefined]);
    expect(found.map((f) => f.requestId)).toEqual([5, 1207]);
  });

  it("survives garbage", () => {
    expect(findRequestAddresses(SECRET, ["request--@", "request-0-00000000@x", "<<<>>>", "request-99999999999999999999-abcdefab@x"])).toEqual([]);
  });
});

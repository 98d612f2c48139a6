import { beforeAll, describe, expect, it } from "vitest";
import { authorityJson, listAuthoritiesJson } from "../../authorities/api";
import { loadBundledDirectory } from "../../authorities/bundled";
import { searchDirectory } from "../../authorities/directory";
import { importDirectory } from "../../authorities/import";
import { decideProposal, pendingProposalCount, ProposalAlreadyDecidedError, proposeEmail } from "../../authorities/proposals";
import { useTestDatabase } from "../support/database";

const database = useTestDatabase();
beforeAll(async () => {
  await importDirectory(database.db, loadBundledDirectory().map((r) => r.row));
});

const topSlugs = async (q: string, extra: { region?: string; kind?: string } = {}) =>
  (await searchDirectory(database.db, { q, ...extra, perPage: 5 })).items.map((i) => i.slug);

describe("searchDirectory on the full directory", () => {
  it.each([
    ["Sint-Jans-Molenbeek", "commune-molenbeek-saint-jean"],
    ["molenbek", "commune-molenbeek-saint-jean"],
    ["CPAS Liege", "cpas-liege"],
    ["SPF Finances", "fps-finance"],
    ["FOD Financiën", "fps-finance"],
    ["Luik", "commune-liege"],
    ["schaerbek", "commune-schaerbeek"],
    ["OCMW Gent", "ocmw-gent"],
    ["ÖSHZ Eupen", "oshz-eupen"],
    ["Beroepsinstantie", "beroepsinstantie-ovb"],
  ])("%s finds %s", async (q, slug) => {
    expect(await topSlugs(q)).toContain(slug);
  });

  it("ranks the CPAS first for 'CPAS Liège' and the commune first for 'Liège'", async () => {
    expect((await topSlugs("CPAS Liège"))[0]).toBe("cpas-liege");
    expect((await topSlugs("Liège"))[0]).toBe("commune-liege");
  });

  it("filters by region and kind", async () => {
    const flemishPolice = await searchDirectory(database.db, { region: "flanders", kind: "police_zone", perPage: 100 });
    expect(flemishPolice.total).toBe(99);
    expect(flemishPolice.items.every((i) => i.kind === "police_zone" && i.region === "flanders")).toBe(true);
    const gentCpas = await topSlugs("Gent", { kind: "cpas" });
    expect(gentCpas[0]).toBe("ocmw-gent");
    expect(gentCpas.every((s) => s.startsWith("ocmw-") || s.startsWith("cpas-"))).toBe(true);
    expect(await topSlugs("Liège", { region: "flanders" })).not.toContain("commune-liege");
    // Invalid filters are ignored, not errors.
    expect((await searchDirectory(database.db, { kind: "castle", perPage: 1 })).query.kind).toBeNull();
  });

  it("browses alphabetically with pagination", async () => {
    const first = await searchDirectory(database.db, { letter: "b", perPage: 10 });
    expect(first.total).toBeGreaterThan(50);
    const second = await searchDirectory(database.db, { letter: "b", perPage: 10, page: 2 });
    expect(second.items[0].slug).not.toBe(first.items[0].slug);
    const all = await searchDirectory(database.db, { perPage: 1 });
    expect(all.total).toBe(1574);
    expect(all.pages).toBe(1574);
  });

  it("lists CPAS for the bare word 'CPAS' and returns nothing for nonsense", async () => {
    const cpas = await searchDirectory(database.db, { q: "CPAS", perPage: 5 });
    expect(cpas.total).toBe(565);
    expect((await searchDirectory(database.db, { q: "xqzvwk" })).total).toBe(0);
    // Still typing: "CPAS de C" lists the CPAS under C instead of every name containing "de".
    const typing = await searchDirectory(database.db, { q: "CPAS de C", perPage: 100 });
    expect(typing.total).toBeGreaterThan(10);
    expect(typing.items.every((i) => i.kind === "cpas" && (i.name_fr ?? "").match(/^CPAS (de |d’)?C/i))).toBe(true);
  });
});

describe("JSON API and change proposals", () => {
  it("lists authorities in the contract shape", async () => {
    const body = await listAuthoritiesJson(database.db, { q: "molenbek", region: "brussels" });
    expect(body.items[0]).toMatchObject({ slug: "commune-molenbeek-saint-jean", regime: "brussels", languages: ["fr", "nl"] });
  });

  it("gives one authority with the law that applies", async () => {
    const body = await authorityJson(database.db, "commune-eupen");
    expect(body).toMatchObject({ slug: "commune-eupen", regime: "german_community", children: ["oshz-eupen"], access_regime: { id: "german_community", appeal_body: { id: "dg-ombudsdienst" } } });
    expect(await authorityJson(database.db, "nowhere")).toBeNull();
  });

  it("stores an e-mail proposal for an administrator", async () => {
    await proposeEmail(database.db, "cpas-liege", { email: "Info@CPASLiege.be", source: "their website", comment: null, proposer_email: null });
    expect(await pendingProposalCount(database.db, "cpas-liege")).toBe(1);
    const stored = await database.db.selectFrom("change_proposals").selectAll().executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ field: "email", value: "info@cpasliege.be", status: "pending" });
    // The authority itself is untouched until an administrator decides.
    const a = await database.db.selectFrom("authorities").select("email").where("slug", "=", "cpas-liege").executeTakeFirstOrThrow();
    expect(a.email).toBeNull();

    await decideProposal(database.db, stored.id, "accepted", null);
    const accepted = await database.db.selectFrom("authorities").select(["email", "email_verified", "email_source"]).where("slug", "=", "cpas-liege").executeTakeFirstOrThrow();
    expect(accepted).toMatchObject({ email: "info@cpasliege.be", email_verified: true });
    expect(accepted.email_source).toContain(`change proposal #${stored.id}`);
    await expect(decideProposal(database.db, stored.id, "rejected", null, "a second decision")).rejects.toThrow(ProposalAlreadyDecidedError);
  });
});

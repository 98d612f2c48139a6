import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openSession } from "../../accounts/sessions";
import { hide } from "../../moderation/request-moderation";
import { withoutNonce } from "../../server/page-cache";
import { makeAuthority, makeMessage, makeRequest, makeUser } from "../moderation/factories";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";

const database = useTestDatabase();
const app = useTestApp(database);

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${app.baseUrl}${path}`, { headers });
/** Views until one comes from the cache: a page's first view may store its replies' published text (a write, which empties the cache). */
async function untilHit(path: string, headers: Record<string, string> = {}): Promise<{ misses: number; hit: Response }> {
  for (let misses = 0; misses < 3; misses++) {
    const res = await get(path, headers);
    if (res.headers.get("X-Page-Cache") === "hit") return { misses, hit: res };
    await res.arrayBuffer();
  }
  throw new Error(`${path} never came from the cache`);
}
const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");

async function publicRequestWithReply(reply: string) {
  const authority = await makeAuthority(database.db);
  const requester = await makeUser(database.db, { name: "Jeanne Requérante" });
  const request = await makeRequest(database.db, { userId: requester.id, authorityId: authority.id, title: "Comptes du CPAS" });
  const message = await makeMessage(database.db, { requestId: request.id, text: reply });
  return { authority, request, message };
}

describe("anonymous page cache", () => {
  it("serves the second anonymous view from the cache, and a hidden reply is gone from the very next view", async () => {
    const { request, message } = await publicRequestWithReply("Le numéro secret est 4242-CACHE.");
    const admin = await makeUser(database.db, { role: "admin" });
    const path = `/requests/${request.id}`;
    const first = await get(path);
    expect(first.status).toBe(200);
    expect(first.headers.get("X-Page-Cache")).toBe("miss");
    expect(await first.text()).toContain("4242-CACHE");
    const { misses, hit: second } = await untilHit(path);
    expect(misses).toBeLessThanOrEqual(1);
    expect(await second.text()).toContain("4242-CACHE");

    // Hidden through the moderation room, by another connection than the web process's: the next view no longer has it.
    await hide(database.db, { target: "message", id: message.id, audience: "everyone", reason: "personal_data", actorUserId: admin.id });
    const after = await get(path);
    expect(after.headers.get("X-Page-Cache")).toBe("miss");
    expect(await after.text()).not.toContain("4242-CACHE");
    const { hit: again } = await untilHit(path);
    expect(await again.text()).not.toContain("4242-CACHE");
  });

  it("keeps the JSON API's answers like pages, without the form cookie, and forgets them when the data changes", async () => {
    const { request, message } = await publicRequestWithReply("Montant du marché : 4343-API.");
    const admin = await makeUser(database.db, { role: "admin" });
    const path = `/api/v1/requests/${request.id}`;
    const first = await get(path);
    expect(first.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(await first.text()).toContain("4343-API");
    const { hit } = await untilHit(path);
    expect(hit.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(hit.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(hit.headers.getSetCookie()).toEqual([]);
    expect(JSON.parse(await hit.text()).id).toBe(request.id);

    await hide(database.db, { target: "message", id: message.id, audience: "everyone", reason: "personal_data", actorUserId: admin.id });
    const after = await get(path);
    expect(after.headers.get("X-Page-Cache")).toBe("miss");
    expect(await after.text()).not.toContain("4343-API");
    // A 404 is never kept.
    const missing = await get("/api/v1/requests/999999");
    expect(missing.status).toBe(404);
    expect((await get("/api/v1/requests/999999")).headers.get("X-Page-Cache")).not.toBe("hit");
  });

  it("never serves a signed-in visitor from the cache, and never keeps what a signed-in visitor saw", async () => {
    const { request } = await publicRequestWithReply("Réponse ordinaire.");
    const user = await makeUser(database.db, { name: "Paul Connecté" });
    const session = `dossier_session=${await openSession(database.db, user.id)}`;
    const path = `/requests/${request.id}`;
    await untilHit(path);
    // A page is kept for anonymous visitors; the signed-in visitor gets their own, rendered for them.
    const mine = await get(path, { Cookie: session });
    expect(mine.headers.get("X-Page-Cache")).toBeNull();
    expect(mine.headers.get("Cache-Control")).toBe("no-store");
    const mineHtml = await mine.text();
    expect(mineHtml).toContain("Paul Connecté");
    // With a real CSRF token; the kept page carries none.
    expect(mineHtml).toMatch(/name="csrf" value="[^"]+"/);
    // What they saw was not kept: the next anonymous view is still the anonymous page, from the cache.
    const anonymous = await get(path);
    expect(anonymous.headers.get("X-Page-Cache")).toBe("hit");
    expect(await anonymous.text()).not.toContain("Paul Connecté");
  });

  it("keeps ETag, Last-Modified and 304 right on a page from the cache", async () => {
    const { request } = await publicRequestWithReply("Réponse pour les validateurs.");
    const path = `/requests/${request.id}`;
    await (await get(path)).arrayBuffer();
    const first = await get(path);
    const etag = first.headers.get("ETag")!;
    const modified = first.headers.get("Last-Modified")!;
    expect(etag).toMatch(/^W\//);
    const { hit } = await untilHit(path);
    expect(hit.headers.get("ETag")).toBe(etag);
    expect(hit.headers.get("Last-Modified")).toBe(modified);
    expect(hit.headers.get("Cache-Control")).toBe("private, no-cache");
    expect(hit.headers.get("Vary")).toMatch(/Cookie/);
    expect(hit.headers.get("Vary")).toMatch(/Accept-Language/);
    const notModified = await get(path, { "If-None-Match": etag });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe("");
    expect((await get(path, { "If-Modified-Since": modified })).status).toBe(304);
    expect((await get(path, { "If-None-Match": 'W/"stale"' })).status).toBe(200);
    // After a change the old tag gets the new page.
    await database.db.updateTable("requests").set({ title: "Comptes du CPAS révisés" }).where("id", "=", request.id).execute();
    const changed = await get(path, { "If-None-Match": etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("ETag")).not.toBe(etag);
    expect(await changed.text()).toContain("Comptes du CPAS révisés");
  });

  it("keeps one page per language, never mixing them", async () => {
    const authority = await makeAuthority(database.db);
    const path = `/authorities/${authority.slug}`;
    for (const round of [1, 2]) {
      const french = await get(path, { "Accept-Language": "fr-BE" });
      const dutch = await get(path, { "Accept-Language": "nl-BE,nl;q=0.9" });
      const english = await get(path, { Cookie: "lang=ImVuIg%3D%3D" });
      const byUrl = await get(`${path}?language=de`, { "Accept-Language": "nl" });
      for (const [res, lang] of [
        [french, "fr"],
        [dutch, "nl"],
        [english, "en"],
        [byUrl, "de"],
      ] as const) {
        expect(res.headers.get("X-Page-Cache")).toBe(round === 1 ? "miss" : "hit");
        expect(await res.text()).toContain(`<html lang="${lang}"`);
      }
    }
    // gzip and plain bytes of the same page.
    const gzip = await get(path, { "Accept-Language": "nl", "Accept-Encoding": "gzip" });
    expect(gzip.headers.get("X-Page-Cache")).toBe("hit");
    expect(gzip.headers.get("Content-Encoding")).toBe("gzip");
    expect(await gzip.text()).toContain('<html lang="nl"');
  });

  it("allows the kept page's own inline scripts by hash, with no nonce left in it", async () => {
    const authority = await makeAuthority(database.db);
    const path = `/authorities/${authority.slug}`;
    await get(path);
    const hit = await get(path);
    expect(hit.headers.get("X-Page-Cache")).toBe("hit");
    const csp = hit.headers.get("Content-Security-Policy")!;
    expect(csp).not.toContain("nonce");
    const html = await hit.text();
    expect(html).not.toContain("nonce=");
    const inline = [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!).filter((text) => text.trim());
    expect(inline.length).toBeGreaterThan(0);
    for (const text of inline) expect(csp).toContain(`'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`);
  });

  it("gives no hash to a script that did not carry the render's nonce", () => {
    const nonce = "n0nce+/=";
    const { html, hashes } = withoutNonce(`<script nonce="${nonce}">ok("${nonce}")</script><div><script>evil()</script></div>`, nonce);
    expect(html).toBe('<script>ok("")</script><div><script>evil()</script></div>');
    expect(hashes).toEqual([`'sha256-${createHash("sha256").update('ok("")').digest("base64")}'`]);
  });

  it("lets an anonymous visitor post the kept page's form with the form cookie, and refuses it without", async () => {
    const authority = await makeAuthority(database.db);
    const path = `/authorities/${authority.slug}`;
    await get(path);
    const hit = await get(path);
    expect(hit.headers.get("X-Page-Cache")).toBe("hit");
    expect(await hit.text()).toContain('name="csrf" value=""');
    const formCookie = cookiesOf(hit);
    expect(formCookie).toMatch(/^dossier_form=/);
    expect(hit.headers.getSetCookie()[0]).toMatch(/SameSite=Strict/);
    const form = new URLSearchParams({ csrf: "", email: "greffe@commune-test.example", source: "site de la commune", comment: "", proposer_email: "" });
    const post = (cookie?: string) =>
      fetch(`${app.baseUrl}${path}`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
        body: form,
      });
    expect((await post()).status).toBe(403);
    const accepted = await post(formCookie);
    expect(accepted.status).toBeLessThan(400);
    expect(await database.db.selectFrom("change_proposals").select("id").where("authority_id", "=", authority.id).execute()).toHaveLength(1);
    // A signed-in visitor's empty token is refused, form cookie or not.
    const user = await makeUser(database.db);
    expect((await post(`${formCookie}; dossier_session=${await openSession(database.db, user.id)}`)).status).toBe(403);
  });

  it("puts the content trigger on every table public pages read, and on none of the per-visitor ones", async () => {
    const { rows } = await database.db.executeQuery<{ relname: string }>(
      (await import("kysely")).sql`select c.relname from pg_trigger g join pg_class c on c.oid = g.tgrelid where g.tgname = 'dossier_content_changed'`.compile(database.db),
    );
    const watched = new Set(rows.map((r) => r.relname));
    for (const table of ["requests", "messages", "attachments", "hidden_items", "authorities", "users", "annotations", "search_documents", "message_publications", "authority_stats"]) expect(watched).toContain(table);
    for (const table of ["sessions", "rate_limits", "auth_throttles", "audit_log"]) expect(watched).not.toContain(table);
  });
});

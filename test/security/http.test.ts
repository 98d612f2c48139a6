import { describe, expect, it } from "vitest";
import { openSession } from "../../accounts/sessions";
import { insertUser } from "../search/factories";
import { requestWithAdmin } from "../moderation/factories";
import { REPORT_LIMITS } from "../../moderation/reports";
import { safeRedirectPath } from "../../app/i18n/locale.server";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";
import { csrfOf, httpClient } from "../support/http-client";

/** Web findings of issue 17 against the served app. */
const database = useTestDatabase();
const app = useTestApp(database);

describe("finding 2b: open redirect", () => {
  it("keeps every redirect on this site", () => {
    for (const hostile of ["/\t/evil.example", "/%09/evil.example".replace("%09", "\t"), "/\n/evil.example", "/\r\n/evil.example", "/\\evil.example", "/\\\\evil.example", "//evil.example", "https://evil.example", "/\u0000/evil.example", " //evil.example"]) {
      expect(safeRedirectPath(hostile), JSON.stringify(hostile)).toBe("/");
    }
    expect(safeRedirectPath("/requests/12?tab=replies#message-3")).toBe("/requests/12?tab=replies#message-3");
    expect(safeRedirectPath("/search?q=caf%C3%A9")).toBe("/search?q=caf%C3%A9");
  });

  it("/language does not send the visitor to another host with /%09/", async () => {
    const res = await fetch(`${app.baseUrl}/language`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "lang=en&redirectTo=%2F%09%2Fevil.example",
      redirect: "manual",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("/");
  });
});

describe("finding 9: forwarding headers", () => {
  it("keys rate limits on the socket address, not on a client's X-Forwarded-For", async () => {
    const c = httpClient(app.baseUrl);
    const csrf = await csrfOf(await c.get("/login"));
    await fetch(`${app.baseUrl}/login`, {
      method: "POST",
      headers: { Cookie: [...c.jar].map(([k, v]) => `${k}=${v}`).join("; "), "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": "203.0.113.77" },
      body: new URLSearchParams({ email: "nobody@example.org", password: "wrong-password", csrf }),
      redirect: "manual",
    });
    // A wrong login counts against the client's IP (accounts/login-guard.ts): the socket's, not the header's.
    const keys = (await database.db.selectFrom("auth_throttles").select("key").where("key", "like", "login:ip:%").execute()).map((r) => r.key);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.some((k) => k.includes("203.0.113.77"))).toBe(false);
  });
});

describe("forwarding headers from a client that is no proxy", () => {
  it("keys anonymous reports on the socket address: a new X-Forwarded-For each time does not lift the limit", async () => {
    const { request } = await requestWithAdmin(database.db, { title: "Rapport", body: "Bonjour" });
    const statuses: number[] = [];
    for (let i = 0; i <= REPORT_LIMITS.hour; i++) {
      const c = httpClient(app.baseUrl);
      const csrf = await csrfOf(await c.get(`/report?target=request&id=${request.id}`));
      const res = await fetch(`${app.baseUrl}/report`, {
        method: "POST",
        headers: { Cookie: [...c.jar].map(([k, v]) => `${k}=${v}`).join("; "), "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": `198.51.100.${i + 1}` },
        body: new URLSearchParams({ csrf, target: "request", id: String(request.id), reason: "spam", details: "" }),
        redirect: "manual",
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, REPORT_LIMITS.hour).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it("does not believe X-Forwarded-Host: a form from another site naming that site there is refused", async () => {
    const c = httpClient(app.baseUrl);
    const csrf = await csrfOf(await c.get("/login"));
    const res = await fetch(`${app.baseUrl}/login`, {
      method: "POST",
      headers: { Cookie: [...c.jar].map(([k, v]) => `${k}=${v}`).join("; "), "Content-Type": "application/x-www-form-urlencoded", Origin: "http://evil.example", "X-Forwarded-Host": "evil.example" },
      body: new URLSearchParams({ email: "nobody@example.org", password: "wrong-password", csrf }),
      redirect: "manual",
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("did not come from this site");
  });
});

describe("finding 15: request body size", () => {
  it("refuses a 5 MB form with 413 before parsing it", async () => {
    const res = await fetch(`${app.baseUrl}/language`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `lang=en&junk=${"a".repeat(5 * 1024 * 1024)}`,
      redirect: "manual",
    });
    expect(res.status).toBe(413);
  });
});

describe("finding 17: private pages and the CSRF token", () => {
  it("marks pages of a signed-in visitor and private pages no-store", async () => {
    const user = await insertUser(database.db);
    const session = await openSession(database.db, user.id);
    for (const path of ["/", "/search?q=budget", "/my-requests"]) {
      const res = await fetch(`${app.baseUrl}${path}`, { headers: { Cookie: `dossier_session=${session}` }, redirect: "manual" });
      expect(res.headers.get("Cache-Control"), path).toMatch(/no-store/);
    }
    const account = await fetch(`${app.baseUrl}/account`, { redirect: "manual" });
    expect(account.headers.get("Cache-Control")).toMatch(/no-store/);
  });

  it("does not accept a CSRF token from another session", async () => {
    const c = httpClient(app.baseUrl);
    const token = await csrfOf(await c.get("/login"));
    // Same CSRF cookie, but now with a session cookie: the token seen before no longer fits.
    const res = await fetch(`${app.baseUrl}/logout`, {
      method: "POST",
      headers: { Cookie: `dossier_csrf=${c.jar.get("dossier_csrf")}; dossier_session=someone-elses-session`, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrf: token }),
      redirect: "manual",
    });
    expect(res.status).toBe(403);
  });
});

describe("finding 13: cookies follow PUBLIC_URL's scheme", () => {
  const httpsApp = useTestApp(database, { PUBLIC_URL: "https://dossier.example.be" });

  it("sets Secure __Host- cookies on an https site whatever X-Forwarded-Proto says", async () => {
    const res = await fetch(`${httpsApp.baseUrl}/login`, { headers: { "X-Forwarded-Proto": "http" }, redirect: "manual" });
    const cookies = res.headers.getSetCookie();
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies.filter((c) => c.includes("dossier_"))) {
      expect(cookie).toMatch(/^__Host-dossier_/);
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/Path=\//);
    }
  });

  it("sets no Secure flag on an http site even when a client claims https", async () => {
    const res = await fetch(`${app.baseUrl}/login`, { headers: { "X-Forwarded-Proto": "https" }, redirect: "manual" });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("dossier_csrf="))!;
    expect(cookie).not.toMatch(/Secure/);
  });
});

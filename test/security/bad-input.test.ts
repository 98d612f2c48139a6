import { describe, expect, it } from "vitest";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";
import { csrfOf, httpClient } from "../support/http-client";

/** Finding 16 of issue 17: input that used to end in a 500 gets a 400/403 with a message. */
const database = useTestDatabase();
const app = useTestApp(database);

async function statusAndText(path: string, init?: RequestInit): Promise<[number, string]> {
  const res = await fetch(`${app.baseUrl}${path}`, { redirect: "manual", ...init });
  return [res.status, await res.text()];
}

describe("finding 16: no 500 for bad input", () => {
  it("refuses dates outside the calendar the database knows with a 400 and a message", async () => {
    for (const path of ["/search?q=budget&to=0000-01-01", "/api/v1/search?q=budget&to=0000-01-01", "/api/v1/search?q=budget&from=0000-12-31", "/search.atom?q=budget&to=0000-01-01"]) {
      const [status, text] = await statusAndText(path);
      expect(status, path).toBe(400);
      expect(text, path).toMatch(/to|from|date/i);
    }
  });

  it("refuses a huge page number with a 400 and a message", async () => {
    for (const path of ["/authorities?page=1e300", "/api/v1/authorities?page=1e300", "/api/v1/authorities?page=99999999999999999999", "/search?q=budget&page=1e300", "/overdue?page=1e300"]) {
      const [status, text] = await statusAndText(path);
      expect(status, path).not.toBe(500);
      expect(status, path).toBeLessThan(500);
      if (status >= 400) expect(text.length, path).toBeGreaterThan(0);
    }
  });

  it("answers a form posted with a foreign Origin with a 403 and a message", async () => {
    const c = httpClient(app.baseUrl);
    const csrf = await csrfOf(await c.get("/login"));
    const cookie = [...c.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    for (const path of ["/login", "/language", "/signup", "/report"]) {
      const [status, text] = await statusAndText(path, {
        method: "POST",
        headers: { Cookie: cookie, Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email: "nobody@example.org", password: "wrong-password", lang: "en", csrf }),
      });
      expect(status, path).not.toBe(500);
      expect(status, path).toBeLessThan(500);
      if (status === 403) expect(text, path).toMatch(/site|form/i);
    }
  });
});

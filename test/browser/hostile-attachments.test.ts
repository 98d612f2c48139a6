import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ATTACHMENT_CSP, attachmentHeaders } from "../../moderation/attachment-headers";
import { describeBrowser, useBrowser } from "../support/browser";
import { BEACON, hostileHtml, hostileSvg } from "../moderation/hostile";

/**
 * Attachments as served by moderation/attachment-headers.ts, opened in
 * Chromium: hostile HTML and SVG must not run a script, load anything or
 * navigate, whether the browser downloads them (the normal case) or — if a
 * route ever got the type wrong — renders them under the sandbox policy.
 */
describeBrowser("hostile attachments in Chromium", () => {
  const browser = useBrowser();
  let server: Server;
  let origin = "";
  const hits: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", origin);
      if (url.pathname === BEACON) {
        hits.push(url.search);
        res.end();
        return;
      }
      const svg = url.pathname.endsWith(".svg");
      const body = svg ? hostileSvg(origin) : hostileHtml(origin);
      if (url.pathname.startsWith("/served/")) {
        res.writeHead(200, attachmentHeaders({ filename: url.pathname.slice(8), contentType: svg ? "image/svg+xml" : "text/html" }));
      } else if (url.pathname.startsWith("/as-text/")) {
        // A reply claiming text/plain while carrying HTML: nosniff keeps it text.
        res.writeHead(200, attachmentHeaders({ filename: "note.txt", contentType: "text/plain" }));
      } else if (url.pathname.startsWith("/unprotected/")) {
        // The control: the same file without our headers.
        res.writeHead(200, { "Content-Type": svg ? "image/svg+xml" : "text/html; charset=utf-8" });
      } else {
        // Worst case: a wrong type shown inline; only the sandbox policy stands in the way.
        res.writeHead(200, {
          "Content-Type": svg ? "image/svg+xml" : "text/html; charset=utf-8",
          "Content-Security-Policy": ATTACHMENT_CSP,
          "X-Content-Type-Options": "nosniff",
        });
      }
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function open(path: string): Promise<{ downloaded: boolean }> {
    const page = await browser.page();
    let downloaded = false;
    page.on("download", () => {
      downloaded = true;
    });
    try {
      await page.goto(origin + path, { waitUntil: "load" });
    } catch (error) {
      if (!/Download is starting/.test(String(error))) throw error;
      downloaded = true;
    }
    await page.waitForTimeout(400);
    if (!downloaded) {
      // Click the one ordinary link to make sure a user action cannot run script either.
      await page.mouse.click(5, 5);
      await page.waitForTimeout(100);
    }
    await page.context().close();
    return { downloaded };
  }

  it("control: without the headers, the payloads do run (so the checks below can fail)", async () => {
    hits.length = 0;
    await open("/unprotected/reply.html");
    expect(hits).toContain("?script");
    hits.length = 0;
    await open("/unprotected/logo.svg");
    expect(hits).toContain("?svg-script");
  });

  it("downloads HTML and SVG attachments instead of showing them", async () => {
    hits.length = 0;
    expect((await open("/served/reply.html")).downloaded).toBe(true);
    expect((await open("/served/logo.svg")).downloaded).toBe(true);
    expect(hits).toEqual([]);
  });

  it("runs no script and loads nothing from HTML rendered under the sandbox policy", async () => {
    hits.length = 0;
    const page = await browser.page();
    await page.goto(origin + "/inline/reply.html", { waitUntil: "load" });
    await page.waitForTimeout(500);
    expect(await page.textContent("body")).toContain("Bonjour");
    await page.click("text=cliquez").catch(() => {});
    await page.waitForTimeout(200);
    await page.context().close();
    expect(hits).toEqual([]);
  });

  it("runs no script and loads nothing from SVG rendered under the sandbox policy", async () => {
    hits.length = 0;
    await open("/inline/logo.svg");
    expect(hits).toEqual([]);
  });

  it("shows HTML declared as text/plain as text", async () => {
    hits.length = 0;
    const page = await browser.page();
    await page.goto(origin + "/as-text/x", { waitUntil: "load" });
    expect(await page.textContent("body")).toContain("<script>");
    await page.context().close();
    expect(hits).toEqual([]);
  });
});

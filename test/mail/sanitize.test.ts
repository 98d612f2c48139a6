import { describe, expect, it } from "vitest";
import { attachmentDisposition, attachmentHeaders, sanitizeIncomingHtml } from "../../mail/sanitize";

describe("sanitizeIncomingHtml", () => {
  const hostile = `
    <html><head><meta http-equiv="refresh" content="0;url=https://evil.example"><base href="https://evil.example/">
    <link rel="stylesheet" href="https://tracker.example/a.css"><style>body{background:url(https://tracker.example/p.gif)}</style>
    <script>alert(1)</script></head>
    <body onload="alert(2)">
      <p onclick="alert(3)" style="color: red; position: fixed; top: 0; background-image: url(https://tracker.example/bg.gif)">Bonjour</p>
      <a href="javascript:alert(4)">click</a> <a href="JaVaScRiPt:alert(5)">x</a> <a href="data:text/html,<script>alert(6)</script>">d</a>
      <a href="https://www.namur.be/doc.pdf">document</a>
      <img src="https://tracker.example/pixel.gif?u=42" alt="logo" width="1" height="1">
      <img src="//tracker.example/p2.gif"><img src="cid:image001.png@01D">
      <iframe src="https://evil.example"></iframe><object data="x.swf"></object><embed src="x.swf">
      <svg onload="alert(7)"><script>alert(8)</script></svg>
      <form action="https://evil.example"><input name="password"><button>Send</button></form>
      <div style="width: expression(alert(9))">expr</div>
      <table><tr><td style="font-weight: bold; text-align: center">cell</td></tr></table>
      <!-- <script>alert(10)</script> -->
    </body></html>`;

  it("removes every way to run script or load remote content", () => {
    const out = sanitizeIncomingHtml(hostile, { locale: "fr", cidUrls: { "image001.png@01D": "/attachments/7" } });
    expect(out).not.toMatch(/<script|onload|onclick|javascript:|alert\(|<iframe|<object|<embed|<svg|<form|<input|<style|<link|<meta|<base|expression\(|url\(|position|data:text/i);
    expect(out).not.toContain("tracker.example");
    expect(out).toContain("Bonjour");
    // No style attribute at all: the page's CSP would refuse it (issue 21).
    expect(out).not.toContain("style=");
    expect(out).toContain('href="https://www.namur.be/doc.pdf"');
    expect(out).toMatch(/rel="nofollow noopener noreferrer ugc"/);
    expect(out).toContain("[image externe bloquée]");
    expect(out).toContain('src="/attachments/7"');
    expect(out).toMatch(/<td class="mail-bold mail-center">cell<\/td>/);
  });

  it("keeps a reply's structure below the page's outline and its emphasis as classes", () => {
    const out = sanitizeIncomingHtml('<h1 style="color:red">Décision</h1><h2>Motifs</h2><h3>a</h3><h6>z</h6><p style="font-style: italic; color: blue" class="MsoNormal">Vu le décret</p>');
    expect(out).toBe('<h4>Décision</h4><h5>Motifs</h5><h6>a</h6><h6>z</h6><p class="mail-italic">Vu le décret</p>');
  });

  it("uses the reader's language for the placeholder", () => {
    const img = '<img src="https://x.example/a.png">';
    expect(sanitizeIncomingHtml(img, { locale: "nl" })).toContain("[externe afbeelding geblokkeerd]");
    expect(sanitizeIncomingHtml(img, { locale: "de" })).toContain("[externes Bild blockiert]");
    expect(sanitizeIncomingHtml(img)).toContain("[remote image blocked]");
  });

  it("keeps small inline data images but not SVG ones", () => {
    expect(sanitizeIncomingHtml('<img src="data:image/png;base64,iVBORw0KGgo=">')).toContain("data:image/png");
    expect(sanitizeIncomingHtml('<img src="data:image/svg+xml;base64,PHN2Zz4=">')).not.toContain("data:image/svg");
  });
});

describe("attachmentDisposition", () => {
  it("shows PDFs, raster images and plain text inline", () => {
    expect(attachmentDisposition("application/pdf")).toEqual({ disposition: "inline", contentType: "application/pdf" });
    expect(attachmentDisposition("image/png")).toEqual({ disposition: "inline", contentType: "image/png" });
    expect(attachmentDisposition("text/plain")).toEqual({ disposition: "inline", contentType: "text/plain; charset=utf-8" });
  });

  it("forces a download, with an inert type, for anything a browser would run", () => {
    for (const t of ["text/html", "image/svg+xml", "application/xhtml+xml", "text/xml", "application/javascript", "message/rfc822", "garbage"]) {
      expect(attachmentDisposition(t), t).toEqual({ disposition: "attachment", contentType: "application/octet-stream" });
    }
    expect(attachmentDisposition("application/vnd.ms-excel")).toEqual({ disposition: "attachment", contentType: "application/vnd.ms-excel" });
  });

  it("encodes non-ASCII filenames and sets nosniff", () => {
    const h = attachmentHeaders('Réponse "finale".pdf', "application/pdf", 10);
    expect(h["Content-Disposition"]).toBe(`inline; filename="R_ponse _finale_.pdf"; filename*=UTF-8''R%C3%A9ponse%20%22finale%22.pdf`);
    expect(h["X-Content-Type-Options"]).toBe("nosniff");
    expect(attachmentHeaders("a.html", "text/html", 1)["Content-Security-Policy"]).toContain("sandbox");
  });
});

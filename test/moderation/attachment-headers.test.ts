import { describe, expect, it } from "vitest";
import { attachmentHeaders, contentDisposition, safeFilename, servedAs } from "../../moderation/attachment-headers";

describe("attachment headers", () => {
  it("never serves active content as itself", () => {
    for (const type of ["text/html", "application/xhtml+xml", "image/svg+xml", "text/xml", "application/rss+xml", "application/javascript", "multipart/mixed", "message/rfc822", "text/html; charset=utf-8", "not a type", ""]) {
      expect(servedAs(type)).toEqual({ disposition: "attachment", contentType: "application/octet-stream" });
    }
  });

  it("shows inert types inline and downloads the rest as declared", () => {
    expect(servedAs("application/pdf")).toEqual({ disposition: "inline", contentType: "application/pdf" });
    expect(servedAs("IMAGE/PNG")).toEqual({ disposition: "inline", contentType: "image/png" });
    expect(servedAs("text/plain; charset=iso-8859-1")).toEqual({ disposition: "inline", contentType: "text/plain; charset=utf-8" });
    expect(servedAs("application/pdf", true).disposition).toBe("attachment");
    expect(servedAs("application/vnd.openxmlformats-officedocument.wordprocessingml.document")).toEqual({
      disposition: "attachment",
      contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    });
  });

  it("sends the sandbox policy, nosniff and no referrer on every file", () => {
    const h = attachmentHeaders({ filename: "a.txt", contentType: "text/plain", size: 12 });
    expect(h["Content-Security-Policy"]).toBe("sandbox; default-src 'none'");
    expect(attachmentHeaders({ filename: "x.docx", contentType: "application/msword" })["Content-Security-Policy"]).toBe("sandbox; default-src 'none'");
    // Chromium's PDF viewer does not render under a sandbox policy; it never runs script in our origin.
    expect(attachmentHeaders({ filename: "a.pdf", contentType: "application/pdf" })["Content-Security-Policy"]).toBeUndefined();
    expect(h["X-Content-Type-Options"]).toBe("nosniff");
    expect(h["Referrer-Policy"]).toBe("no-referrer");
    expect(h["Content-Length"]).toBe("12");
    expect(h["Cache-Control"]).toBe("private, no-store");
  });

  it("writes safe filenames, with an ASCII fallback", () => {
    expect(safeFilename("../../etc/passwd")).toBe("passwd");
    expect(safeFilename('a"b\r\nc.pdf')).toBe("a_b__c.pdf");
    expect(safeFilename("..")).toBe("attachment");
    expect(contentDisposition("inline", "report.pdf")).toBe('inline; filename="report.pdf"');
    expect(contentDisposition("attachment", "Décision n°5 (ok).pdf")).toBe(
      "attachment; filename=\"Decision n_5 (ok).pdf\"; filename*=UTF-8''D%C3%A9cision%20n%C2%B05%20%28ok%29.pdf",
    );
  });
});

import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { escapeXml, renderAtom, tagUri } from "../../watch/atom";

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", isArray: (name) => ["entry", "link", "category"].includes(name) });

/** Checks RFC 4287's required elements; returns the parsed feed. */
function parseAtom(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = parser.parse(xml);
  const feed = doc.feed;
  expect(feed["@xmlns"]).toBe("http://www.w3.org/2005/Atom");
  for (const field of ["id", "title", "updated"]) expect(feed[field], field).toBeTruthy();
  expect(new Date(feed.updated).toISOString()).toBe(feed.updated);
  expect(feed.link.some((l: any) => l["@rel"] === "self")).toBe(true);
  for (const entry of feed.entry ?? []) {
    for (const field of ["id", "title", "updated"]) expect(entry[field], field).toBeTruthy();
    expect(entry.link.some((l: any) => l["@rel"] === "alternate" && l["@href"])).toBe(true);
    // Every entry has an author, either its own or the feed's.
    expect(entry.author?.name ?? feed.author?.name).toBeTruthy();
  }
  return feed;
}

describe("Atom feed writer", () => {
  it("writes a valid feed with its required elements", () => {
    const xml = renderAtom({
      id: tagUri("dossier.example", "authority/liege"),
      title: "Ville de Liège",
      selfLink: "https://dossier.example/feeds/authorities/liege.atom",
      alternateLink: "https://dossier.example/authorities/liege",
      language: "fr",
      entries: [
        { id: "tag:dossier.example,2026:event/2", title: "Réponse reçue", updated: new Date("2026-03-02T10:00:00Z"), link: "https://dossier.example/requests/budget#message-7", summary: "Voici le budget", author: "Ville de Liège", categories: ["reply_received"] },
        { id: "tag:dossier.example,2026:event/1", title: "Nouvelle demande", updated: new Date("2026-03-01T09:00:00Z"), link: "https://dossier.example/requests/budget" },
      ],
    });
    const feed = parseAtom(xml);
    expect(feed.title).toBe("Ville de Liège");
    expect(feed["@xml:lang"]).toBe("fr");
    // The feed is as fresh as its newest entry.
    expect(feed.updated).toBe("2026-03-02T10:00:00.000Z");
    expect(feed.entry).toHaveLength(2);
    expect(feed.entry[0].summary["#text"]).toBe("Voici le budget");
    expect(feed.entry[0].category[0]["@term"]).toBe("reply_received");
    expect(feed.link.find((l: any) => l["@rel"] === "alternate")["@href"]).toBe("https://dossier.example/authorities/liege");
  });

  it("escapes markup and drops characters XML cannot carry", () => {
    const nasty = `<script>alert("x")</script> & 'quotes' \u0001\u0008 done`;
    const xml = renderAtom({
      id: "tag:x,2026:s",
      title: nasty,
      selfLink: "https://x.example/feed?q=a&b=<c>",
      entries: [{ id: "tag:x,2026:e", title: nasty, updated: new Date("2026-01-01T00:00:00Z"), link: "https://x.example/?a=1&b=2", summary: nasty }],
    });
    expect(xml).not.toContain("<script>");
    const feed = parseAtom(xml);
    const parsed = new XMLParser({ processEntities: true }).parse(xml).feed;
    expect(parsed.title).toBe(`<script>alert("x")</script> & 'quotes'  done`);
    expect(feed.link[0]["@href"]).toBe("https://x.example/feed?q=a&b=<c>");
  });

  it("is valid with no entries, dated by the fallback", () => {
    const feed = parseAtom(renderAtom({ id: "tag:x,2026:empty", title: "Empty", selfLink: "https://x.example/f", updated: new Date("2026-05-01T00:00:00Z"), entries: [] }));
    expect(feed.updated).toBe("2026-05-01T00:00:00.000Z");
    expect(feed.entry).toBeUndefined();
  });

  it("escapes the five XML specials", () => {
    expect(escapeXml(`<a href="x">&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
  });
});

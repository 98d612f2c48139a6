import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";
import { addEvent, makeAuthority, makeReply, makeRequest, makeUser } from "./factories";

const database = useTestDatabase();
const app = useTestApp(database);
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", isArray: (name) => ["entry", "link"].includes(name) });

async function fetchFeed(path: string, lang = "en") {
  const response = await fetch(`${app.baseUrl}${path}`, { headers: { "Accept-Language": lang } });
  const text = await response.text();
  return { response, text };
}

/** Validates the XML and RFC 4287's required elements. */
function validAtom(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  const feed = parser.parse(xml).feed;
  expect(feed["@xmlns"]).toBe("http://www.w3.org/2005/Atom");
  for (const field of ["id", "title", "updated", "author"]) expect(feed[field], field).toBeTruthy();
  expect(feed.link.find((l: any) => l["@rel"] === "self")["@href"]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/feeds\//);
  for (const entry of feed.entry ?? []) for (const field of ["id", "title", "updated", "link"]) expect(entry[field], field).toBeTruthy();
  return feed;
}

describe("Atom feeds", () => {
  it("publish an authority's, a region/kind's, a user's and a request's activity, without private data", async () => {
    const { db } = database;
    const cpas = await makeAuthority(db, { name_fr: "CPAS de Mons", kind: "cpas" });
    const owner = await makeUser(db, { display_name: "Marie", email: "marie.private@example.org" });
    const request = await makeRequest(db, cpas.id, owner.id, { title: "Budget <2026> & annexes" });
    await addEvent(db, request.id, "sent", owner.id);
    const reply = await makeReply(db, request.id);
    await addEvent(db, request.id, "citizen_notification_queued", null, { to: "marie.private@example.org" });
    const hidden = await makeRequest(db, cpas.id, owner.id, { title: "Hidden one", hidden: true });
    await addEvent(db, hidden.id, "sent", owner.id);

    const { response, text } = await fetchFeed(`/feeds/authorities/${cpas.slug}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/atom+xml");
    const feed = validAtom(text);
    expect(feed.title).toBe("Dossier: requests to CPAS de Mons");
    expect(feed.entry.map((e: any) => e.title)).toEqual(['CPAS de Mons replied to "Budget <2026> & annexes"', 'New request to CPAS de Mons: "Budget <2026> & annexes"']);
    expect(feed.entry[0].link[0]["@href"]).toBe(`${app.baseUrl}/requests/${request.id}#message-${reply.messageId}`);
    expect(text).not.toContain("marie.private");
    expect(text).not.toContain("Hidden one");

    for (const path of [`/feeds/area?region=wallonia&kind=cpas`, `/feeds/users/${owner.id}`, `/feeds/requests/${request.id}`]) {
      const { response: r, text: xml } = await fetchFeed(path, "fr");
      expect(r.status, path).toBe(200);
      const f = validAtom(xml);
      expect(f.entry, path).toHaveLength(2);
      expect(f["@xml:lang"]).toBe("fr");
      expect(xml).not.toContain("marie.private");
    }
  });

  it("answers 404 or 400 for unknown or private targets", async () => {
    const { db } = database;
    const authority = await makeAuthority(db);
    const owner = await makeUser(db);
    const hidden = await makeRequest(db, authority.id, owner.id, { hidden: true });
    expect((await fetchFeed(`/feeds/requests/${hidden.id}`)).response.status).toBe(404);
    expect((await fetchFeed(`/feeds/requests/abc`)).response.status).toBe(404);
    expect((await fetchFeed(`/feeds/authorities/no-such-slug`)).response.status).toBe(404);
    expect((await fetchFeed(`/feeds/area?region=mars`)).response.status).toBe(400);
    expect((await fetchFeed(`/feeds/area`)).response.status).toBe(400);
  });
});

import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { Db } from "../../db/connect";
import type { SearchDocument } from "../../core/search";
import { PostgresSearchBackend } from "../../search/postgres-backend";

const vocabulary = {
  nl: "de begroting van de stad voor het jaar en de rekening van het OCMW met de subsidies voor wegenwerken het mobiliteitsplan de milieuvergunning een verslag van de gemeenteraad over de aanbesteding van het zwembad de personeelsformatie en de adviezen van de brandweer over het evenement".split(" "),
  fr: "le budget de la commune pour l'exercice et le compte du CPAS avec les subsides pour les travaux de voirie le plan de mobilité le permis d'environnement un rapport du conseil communal sur le marché public de la piscine le cadre du personnel et les avis des pompiers sur l'événement".split(" "),
  de: "der Haushalt der Gemeinde für das Jahr und die Rechnung des ÖSHZ mit den Zuschüssen für Straßenarbeiten der Mobilitätsplan die Umweltgenehmigung ein Bericht des Gemeinderats über die Vergabe des Schwimmbads".split(" "),
};
let seed = 42;
const random = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const words = (lang: keyof typeof vocabulary, n: number) => Array.from({ length: n }, () => vocabulary[lang][Math.floor(random() * vocabulary[lang].length)]).join(" ");
const states = ["awaiting_response", "successful", "partially_successful", "refused", "not_held", "withdrawn"];

/** A reply as authorities write them: quoted history, a signature with an address and phone numbers. */
function replyHtml(i: number): string {
  const paragraphs = Array.from({ length: 6 }, () => `<p>${words("nl", 60)}.</p>`).join("\n");
  return `<html><head><style>p{margin:0}</style></head><body>
<div dir="ltr"><p>Geachte,</p>${paragraphs}
<table><tr><td>Document</td><td>Status</td></tr><tr><td>Bijlage ${i}</td><td>openbaar</td></tr></table>
<p>Met vriendelijke groeten,<br>Jan Peeters<br>Dienst Financiën — tel. 09 266 ${String(10 + (i % 89)).padStart(2, "0")} 11 — gsm 0475 12 34 ${String(i % 100).padStart(2, "0")}<br>
<a href="mailto:jan.peeters${i}@stad.gent.example">jan.peeters${i}@stad.gent.example</a> · <a href="https://stad.gent.example/financien">stad.gent</a></p>
<img src="https://tracker.example/pixel.gif?u=${i}" width="1" height="1">
<blockquote>Op ${i} maart schreef burger@example.org (+32 470 11 22 33):<br>${words("nl", 40)}</blockquote></div></body></html>`;
}

/**
 * Seeds what bench/pages.ts loads (and test/app/queries-per-page.test.ts
 * counts queries on): a request with 50 replies and 20 attachments, 200
 * requests to commune-gent, and `corpus` public requests across the
 * directory, indexed by the search room's PostgreSQL backend. The
 * directory is expected to be imported; commune-gent is added if missing.
 */
export async function seedPages(db: Db, { corpus = 10_000 }: { corpus?: number } = {}): Promise<{ requestId: number; authoritySlug: string }> {
  seed = 42;
  const gent =
    (await db.selectFrom("authorities").select(["id", "slug"]).where("slug", "=", "commune-gent").executeTakeFirst()) ??
    (await db
      .insertInto("authorities")
      .values({ slug: "commune-gent", name_nl: "Stad Gent", name_fr: "Ville de Gand", kind: "commune", level: "local", region: "flanders", regime: "flanders", languages: ["nl"], email: "info@stad.gent.example" })
      .returning(["id", "slug"])
      .executeTakeFirstOrThrow());
  const others = await db.selectFrom("authorities").select("id").where("active", "=", true).orderBy("id").limit(1500).execute();
  const users = await db
    .insertInto("users")
    .values(Array.from({ length: 50 }, (_, i) => ({ email: `bench-${i}@example.org`, display_name: `Burger ${i}`, locale: ["fr", "nl", "de", "en"][i % 4], confirmed_at: new Date() })))
    .returning("id")
    .execute();
  const day = 86_400_000;
  const now = Date.now();
  const civil = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const requestRow = (i: number, authorityId: number, lang: keyof typeof vocabulary, prefix: string) => {
    const sent = now - (i % 900) * day - 3600_000;
    return {
      authority_id: authorityId,
      user_id: users[i % users.length].id,
      title: `${words(lang, 6)} ${i}`,
      body: `${words(lang, 80)}. Contact: burger${i}@example.org, 0470 12 34 56.`,
      language: lang,
      state: states[i % states.length],
      public_slug: `${prefix}-${i}`,
      sent_at: new Date(sent),
      received_date: civil(sent),
      due_date: civil(sent + 30 * day),
      created_at: new Date(sent),
    };
  };
  // An authority with 200 requests.
  for (let i = 0; i < 200; i += 100) {
    await db.insertInto("requests").values(Array.from({ length: 100 }, (_, k) => requestRow(i + k, gent.id, "nl", "gent"))).execute();
  }
  // A search corpus (10,000 public requests in the bench) across the directory.
  for (let i = 0; i < corpus; i += 1000) {
    await db
      .insertInto("requests")
      .values(Array.from({ length: Math.min(1000, corpus - i) }, (_, k) => requestRow(i + k, others[(i + k) % others.length].id, (["nl", "fr", "nl", "fr", "de"] as const)[(i + k) % 5], "corpus")))
      .execute();
  }
  // The busy request: sent, 50 replies, 20 attachments.
  const busy = await db
    .insertInto("requests")
    .values({ ...requestRow(3, gent.id, "nl", "busy"), title: "Begroting 2025 en de rekening van het OCMW", state: "partially_successful" })
    .returning(["id", "user_id", "sent_at"])
    .executeTakeFirstOrThrow();
  const sentAt = busy.sent_at!.getTime();
  await db
    .insertInto("messages")
    .values({ request_id: busy.id, direction: "outbound", kind: "request", from_address: "request-busy@dossier.example", subject: "Verzoek", body_text: words("nl", 200), sent_at: new Date(sentAt), created_at: new Date(sentAt), delivery_status: "sent" })
    .execute();
  await db.insertInto("events").values({ request_id: busy.id, type: "sent", actor_user_id: busy.user_id, at: new Date(sentAt) }).execute();
  const replies = await db
    .insertInto("messages")
    .values(
      Array.from({ length: 50 }, (_, i) => {
        const at = new Date(sentAt + (i + 1) * 3600_000 * 7);
        const html = replyHtml(i);
        return {
          request_id: busy.id,
          direction: "inbound",
          kind: "reply",
          from_address: `jan.peeters${i}@stad.gent.example`,
          from_name: "Jan Peeters",
          subject: `RE: Verzoek (${i + 1}) — tel. 09 266 10 11`,
          body_text: html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " "),
          body_html: html,
          message_id: `<bench-${i}@stad.gent.example>`,
          sent_at: at,
          created_at: at,
        };
      }),
    )
    .returning(["id", "sent_at"])
    .execute();
  await db.insertInto("events").values(replies.map((r) => ({ request_id: busy.id, type: "reply_received", data: JSON.stringify({ message_id: r.id }), at: r.sent_at! }))).execute();
  await db
    .insertInto("attachments")
    .values(
      Array.from({ length: 20 }, (_, i) => ({
        message_id: replies[i * 2].id,
        position: 0,
        filename: i % 4 === 0 ? `scan-${i}.png` : `Bijlage ${i} begroting.pdf`,
        content_type: i % 4 === 0 ? "image/png" : "application/pdf",
        size: 120_000 + i * 1000,
        sha256: randomBytes(32).toString("hex"),
        file_key: `bench/${i}`,
        extracted_text: i % 4 === 0 ? null : `${words("nl", 300)} Contact: 09 266 10 11, financien@stad.gent.example.`,
        extraction_status: i % 4 === 0 ? "skipped" : "done",
      })),
    )
    .execute();
  await indexCorpus(db);
  await sql`vacuum analyze`.execute(db);
  return { requestId: busy.id, authoritySlug: gent.slug };
}

/** Indexes every seeded request through the search room's PostgreSQL backend (as `dossier search reindex` does, without the per-request reads). */
async function indexCorpus(db: Db) {
  const backend = new PostgresSearchBackend(db);
  const rows = await db
    .selectFrom("requests")
    .innerJoin("authorities", "authorities.id", "requests.authority_id")
    .select(["requests.id", "requests.title", "requests.body", "requests.language", "requests.state", "requests.public_slug", "requests.created_at", "authorities.id as authority_id", "authorities.slug", "authorities.name_fr", "authorities.name_nl", "authorities.region", "authorities.kind", "authorities.regime"])
    .execute();
  await backend.clear();
  await backend.bulkLoad(async () => {
    for (let i = 0; i < rows.length; i += 1000) {
      await backend.index(
        rows.slice(i, i + 1000).map(
          (r): SearchDocument => ({
            id: `request-${r.id}`,
            type: "request",
            requestId: r.id,
            messageId: null,
            attachmentId: null,
            requestSlug: r.public_slug,
            title: r.title,
            subtitle: null,
            body: r.body,
            language: r.language,
            authorityId: r.authority_id,
            authoritySlug: r.slug,
            authorityNames: { ...(r.name_fr ? { fr: r.name_fr } : {}), ...(r.name_nl ? { nl: r.name_nl } : {}) },
            region: r.region,
            kind: r.kind,
            regime: r.regime,
            state: r.state,
            date: r.created_at,
            hasAttachments: false,
            fileType: null,
          }),
        ),
      );
    }
  });
}


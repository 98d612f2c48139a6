import { randomBytes } from "node:crypto";
import type { Db } from "../../db/connect";
import { insertUser } from "../support/factories";

/** Plain inserts for moderation tests (STYLE 6: factories return plain data). */
const uid = () => randomBytes(4).toString("hex");

export async function makeAuthority(db: Db, overrides: { regime?: string } = {}) {
  return db
    .insertInto("authorities")
    .values({ slug: `auth-${uid()}`, name_fr: "Commune de Test", name_nl: "Gemeente Test", kind: "commune", level: "local", regime: overrides.regime ?? "wallonia", languages: ["fr"] })
    .returning(["id", "slug"])
    .executeTakeFirstOrThrow();
}

export async function makeUser(db: Db, overrides: { name?: string; role?: string; email?: string } = {}) {
  return db
    .insertInto("users")
    .values({ email: overrides.email ?? `u-${uid()}@example.org`, display_name: overrides.name ?? "Hélène Dupont", role: overrides.role ?? "citizen", confirmed_at: new Date() })
    .returning(["id", "email", "display_name"])
    .executeTakeFirstOrThrow();
}

export async function makeRequest(db: Db, input: { userId: number; authorityId: number; title?: string; body?: string; state?: string }) {
  return db
    .insertInto("requests")
    .values({
      user_id: input.userId,
      authority_id: input.authorityId,
      title: input.title ?? "Budget communal 2026",
      body: input.body ?? "Madame, Monsieur, je souhaite obtenir le budget. Hélène Dupont",
      language: "fr",
      state: input.state ?? "awaiting_response",
      public_slug: `req-${uid()}`,
      sent_at: new Date(),
    })
    .returning(["id", "public_slug"])
    .executeTakeFirstOrThrow();
}

export async function makeMessage(db: Db, input: { requestId: number | null; direction?: "inbound" | "outbound"; text?: string; html?: string | null; subject?: string; kind?: string }) {
  return db
    .insertInto("messages")
    .values({
      request_id: input.requestId,
      direction: input.direction ?? "inbound",
      kind: input.kind ?? (input.direction === "outbound" ? "request" : "reply"),
      from_address: "greffe@commune.be",
      from_name: "Greffe",
      subject: input.subject ?? "Re: votre demande",
      body_text: input.text ?? "Madame Dupont, voici notre réponse.",
      body_html: input.html ?? null,
      message_id: `<${uid()}@commune.be>`,
      sent_at: new Date(),
    })
    .returning(["id"])
    .executeTakeFirstOrThrow();
}

export async function makeAttachment(db: Db, input: { messageId: number; filename?: string; contentType?: string; fileKey?: string; text?: string | null; size?: number }) {
  return db
    .insertInto("attachments")
    .values({
      message_id: input.messageId,
      filename: input.filename ?? "reponse.pdf",
      content_type: input.contentType ?? "application/pdf",
      size: input.size ?? 100,
      sha256: input.fileKey ?? "0".repeat(64),
      file_key: input.fileKey ?? "0".repeat(64),
      extracted_text: input.text ?? null,
      extraction_status: "done",
    })
    .returning(["id"])
    .executeTakeFirstOrThrow();
}

/** A published request by Hélène Dupont (who can sign in) to a commune, and an administrator who can too. */
export async function requestWithAdmin(db: Db, request: { title?: string; body?: string } = {}) {
  const authority = await makeAuthority(db);
  const requester = await insertUser(db, { displayName: "Hélène Dupont" });
  const admin = await insertUser(db, { displayName: "Admin", role: "admin" });
  return { authority, requester, admin, request: await makeRequest(db, { userId: requester.id, authorityId: authority.id, ...request }) };
}

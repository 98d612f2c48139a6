import { randomBytes } from "node:crypto";
import type { Db } from "../../db/connect";
import type { NewAttachment, NewAuthority, NewMessage, NewRequest } from "../../db/schema";

/** Small factories: plain rows inserted directly (ingest and the request lifecycle live in other rooms). */
const unique = () => randomBytes(4).toString("hex");

export async function insertAuthority(db: Db, values: Partial<NewAuthority> = {}) {
  return db
    .insertInto("authorities")
    .values({
      slug: `authority-${unique()}`,
      name_fr: "Commune de Test",
      name_nl: "Gemeente Test",
      kind: "commune",
      level: "local",
      region: "wallonia",
      regime: "wallonia",
      languages: ["fr"],
      ...values,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertUser(db: Db, email = `citizen-${unique()}@example.org`) {
  return db.insertInto("users").values({ email, display_name: "Citizen" }).returningAll().executeTakeFirstOrThrow();
}

export async function insertRequest(db: Db, values: Partial<NewRequest> & { authority_id: number; user_id: number }) {
  return db
    .insertInto("requests")
    .values({
      title: "Demande de documents",
      body: "Madame, Monsieur, je demande copie des documents.",
      language: "fr",
      state: "awaiting_response",
      public_slug: `request-${unique()}`,
      sent_at: new Date("2025-03-10T10:00:00Z"),
      ...values,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertMessage(db: Db, values: Partial<NewMessage> & { request_id: number | null }) {
  return db
    .insertInto("messages")
    .values({
      direction: "inbound",
      kind: "reply",
      from_address: "info@commune.example.be",
      subject: "Re: votre demande",
      body_text: "Bonjour, veuillez trouver ci-joint la réponse.",
      sent_at: new Date("2025-04-01T09:00:00Z"),
      ...values,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertAttachment(db: Db, values: Partial<NewAttachment> & { message_id: number }) {
  return db
    .insertInto("attachments")
    .values({
      filename: "reponse.pdf",
      content_type: "application/pdf",
      size: 1234,
      sha256: unique().padEnd(64, "0"),
      file_key: `files/${unique()}`,
      extracted_text: "",
      extraction_status: "done",
      ...values,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

import type { Db } from "../db/connect";
import { privacyOf } from "../moderation/privacy";

/** Everything Dossier holds about a user, as one JSON-ready object (the privacy page's download). */
export async function exportUserData(db: Db, userId: number) {
  const user = await db.selectFrom("users").select(["id", "email", "display_name", "locale", "role", "confirmed_at", "banned_at", "created_at"]).where("id", "=", userId).executeTakeFirst();
  if (!user) return null;
  const requests = await db.selectFrom("requests").selectAll().where("user_id", "=", userId).orderBy("id").execute();
  const requestIds = requests.map((r) => r.id);
  const messages = requestIds.length
    ? await db
        .selectFrom("messages")
        .select(["id", "request_id", "direction", "kind", "from_address", "from_name", "to_addresses", "subject", "body_text", "sent_at", "created_at"])
        .where("request_id", "in", requestIds)
        .orderBy("id")
        .execute()
    : [];
  const withheld = await withheldFromRequester(db, messages.map((m) => m.id));
  const attachments = (
    messages.length
      ? await db.selectFrom("attachments").select(["id", "message_id", "filename", "content_type", "size"]).where("message_id", "in", messages.map((m) => m.id)).orderBy("id").execute()
      : []
  ).filter((a) => !withheld.has(`attachment:${a.id}`));
  const reports = await db.selectFrom("reports").select(["id", "target_type", "target_id", "reason", "details", "created_at"]).where("reporter_user_id", "=", userId).orderBy("id").execute();
  const rules = await db
    .selectFrom("redaction_rules")
    .select(["id", "scope_type", "scope_id", "kind", "text", "replacement", "origin", "created_at"])
    .where((eb) => eb.or([eb("created_by", "=", userId), eb.and([eb("scope_type", "=", "user"), eb("scope_id", "=", userId)])]))
    .orderBy("id")
    .execute();
  return {
    exported_at: new Date().toISOString(),
    user,
    privacy: await privacyOf(db, userId),
    requests: requests.map((r) => ({
      ...r,
      messages: messages.filter((m) => m.request_id === r.id && !withheld.has(`message:${m.id}`)).map((m) => ({ ...m, attachments: attachments.filter((a) => a.message_id === m.id) })),
    })),
    reports,
    redaction_rules: rules,
  };
}

/**
 * Messages and attachments hidden from everyone (the requester included):
 * the export shows the requester what their request page shows them, no more.
 * Items hidden from all but the requester stay in.
 */
async function withheldFromRequester(db: Db, messageIds: number[]): Promise<Set<string>> {
  if (messageIds.length === 0) return new Set();
  const attachmentIds = (await db.selectFrom("attachments").select("id").where("message_id", "in", messageIds).execute()).map((a) => a.id);
  const rows = await db
    .selectFrom("hidden_items")
    .select(["target_type", "target_id"])
    .where("audience", "!=", "all_but_requester")
    .where((eb) =>
      eb.or([
        eb.and([eb("target_type", "=", "message"), eb("target_id", "in", messageIds)]),
        ...(attachmentIds.length ? [eb.and([eb("target_type", "=", "attachment"), eb("target_id", "in", attachmentIds)])] : []),
      ]),
    )
    .execute();
  return new Set(rows.map((r) => `${r.target_type}:${r.target_id}`));
}

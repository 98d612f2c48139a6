import type { LoaderFunctionArgs } from "@remix-run/node";
import { getRequestView } from "../../requests/queries";
import { publicPage } from "~/utils/public-cache";

/**
 * Public JSON of a request: never the requester's e-mail, never drafts or
 * hidden requests; text as published (redacted, addresses and phone numbers
 * masked, in English words); hidden messages only as their reason.
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const id = Number(params.id);
  const headers = { "Content-Type": "application/json; charset=utf-8", "Access-Control-Allow-Origin": "*" };
  if (!Number.isSafeInteger(id) || id <= 0) return new Response(JSON.stringify({ error: "not_found" }), { status: 404, headers });
  const view = await getRequestView(context.db, id, null, false, "en", context.clock.today());
  if (!view) return new Response(JSON.stringify({ error: "not_found" }), { status: 404, headers });
  const r = view.request;
  const body = {
    id: r.id,
    url: `${context.config.baseUrl}/requests/${r.id}`,
    title: r.title,
    state: r.state,
    language: r.language,
    requester: { display_name: r.display_name },
    authority: { slug: r.authority_slug, name_fr: r.name_fr, name_nl: r.name_nl, name_de: r.name_de, name_en: r.name_en, regime: r.regime },
    sent_at: r.sent_at,
    received_date: r.received_date,
    due_date: r.due_date,
    extended_due_date: r.extended_due_date,
    overdue: view.status.overdue,
    awaiting_classification: view.status.awaitingClassification,
    created_at: r.created_at,
    messages: view.timeline
      .filter((e) => e.type === "message")
      .map((m) =>
        m.type === "message"
          ? m.hidden
            ? { id: m.id, direction: m.direction, kind: m.kind, hidden: { reason: m.hidden.reason }, at: m.at }
            : { id: m.id, direction: m.direction, kind: m.kind, subject: m.subject, body_text: m.text, body_truncated: m.textTotal !== null, body_length: m.textTotal ?? m.text.length, full_text_url: m.textTotal !== null ? `${context.config.baseUrl}/requests/${r.id}/messages/${m.id}.txt` : null, sent_at: m.sentAt, delivery_status: m.direction === "outbound" ? m.deliveryStatus : null, at: m.at }
          : null,
      ),
    events: view.timeline
      .filter((e) => e.type === "event")
      .map((e) => (e.type === "event" ? { type: e.event, actor: e.actorName, at: e.at, ...(e.event === "state_changed" ? { from: e.data.from, to: e.data.to } : {}) } : null)),
  };
  return new Response(JSON.stringify(body), { headers });
}

/** The same JSON for every anonymous client: kept by the page cache until the data changes (docs/decisions/914). */
export const handle = publicPage;

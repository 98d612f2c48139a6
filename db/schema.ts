import type { ColumnType, Generated as KyselyGenerated, Insertable, Selectable, Updateable } from "kysely";

/**
 * The typed schema. It must match what the migrations build: a test
 * migrates an empty database and compares it with these interfaces.
 * Defaults are `Generated<>`, nullable columns are `| null`.
 */

/**
 * Kysely's Generated<> wraps a ColumnType in another one, so a generated
 * timestamp or JSON column would be typed as an object on insert; this one
 * keeps the inner column's insert and update types, made optional.
 */
type Generated<T> = T extends ColumnType<infer S, infer I, infer U> ? ColumnType<S, I | undefined, U> : KyselyGenerated<T>;

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string, string>;
/** A civil date (no time zone), exchanged as `YYYY-MM-DD`. */
type CivilDate = ColumnType<string, string, string>;
/** A full-text vector: written with SQL (to_tsvector), read as its text form. */
type TsVector = ColumnType<string, string, string>;

export interface AuthoritiesTable {
  id: Generated<number>;
  slug: string;
  name_fr: string | null;
  name_nl: string | null;
  name_de: string | null;
  name_en: string | null;
  kind: string;
  level: string;
  region: string | null;
  regime: string;
  languages: string[];
  language_facilities: Generated<string[]>;
  nis_code: string | null;
  kbo_number: string | null;
  parent_slug: string | null;
  website: string | null;
  email: string | null;
  email_source: string | null;
  email_verified: Generated<boolean>;
  address: string | null;
  notes: string | null;
  active: Generated<boolean>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  /** Normalised names (authorities/names.ts), for pg_trgm candidate search. */
  search_keys: Generated<string>;
  /** Normalised primary name without generic prefixes, for alphabetical browsing. */
  sort_name: Generated<string>;
  /** 0151: the authority this one was merged into (it is then inactive). */
  merged_into_id: number | null;
}

/** 0151: a field an administrator set by hand; the importer keeps it (authorities/admin.ts). */
export interface AuthorityAdminEditsTable {
  authority_id: number;
  field: string;
  /** JSON of the value set. */
  value: string;
  edited_by_user_id: number | null;
  edited_at: Generated<Timestamp>;
}

/** A correction proposed by a citizen (e.g. a request e-mail), decided by an administrator. */
export interface ChangeProposalsTable {
  id: Generated<number>;
  authority_id: number;
  field: string;
  value: string;
  source: string | null;
  comment: string | null;
  proposer_user_id: number | null;
  proposer_email: string | null;
  status: Generated<string>;
  decided_by_user_id: number | null;
  decided_at: Timestamp | null;
  created_at: Generated<Timestamp>;
  /** 0150: why an administrator rejected (or accepted) it, told to the proposer. */
  decision_reason: string | null;
  /** 0151: the language the proposer wrote in; the decision is told in it. */
  proposer_locale: string | null;
}

/** An administrator's change to an access regime (0150): authorities/regime-overrides.ts. */
export interface RegimeOverridesTable {
  id: Generated<number>;
  regime: string;
  kind: string;
  value: string;
  source: string;
  created_by_user_id: number | null;
  created_at: Generated<Timestamp>;
  /** 0151: the name of an extra non-working day. */
  label: string | null;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  display_name: string;
  locale: Generated<string>;
  password_hash: string | null;
  confirmed_at: Timestamp | null;
  role: Generated<string>;
  banned_at: Timestamp | null;
  created_at: Generated<Timestamp>;
}

export interface RequestsTable {
  id: Generated<number>;
  /** 0271: a request from before 64-bit reply codes; its 32-bit address still routes. */
  short_reply_code: Generated<boolean>;
  authority_id: number;
  user_id: number;
  title: string;
  body: string;
  language: string;
  state: Generated<string>;
  public_slug: string;
  sent_at: Timestamp | null;
  received_date: CivilDate | null;
  due_date: CivilDate | null;
  extended_due_date: CivilDate | null;
  appeal_deadline: CivilDate | null;
  hidden: Generated<boolean>;
  environmental: Generated<boolean>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  /** Deadlines (0500): the day the citizen marked an announced extension. */
  extension_announced_on: CivilDate | null;
  /** Deadlines (0500): date of the decision classified as a refusal. */
  decision_date: CivilDate | null;
  appeal_notice_missing: Generated<boolean>;
  /** Deadlines (0500): first overdue day, set by the deadlines job. */
  overdue_since: CivilDate | null;
  /** Moderation (0710): the requester's postal address as put in this request's letter; never published. */
  postal_address: string | null;
  /** Channels (0150): "email" or "post" (requests/channels.ts). */
  channel: Generated<string>;
  /** The unverified address the citizen agreed to write to, who and when; null when none was needed. */
  email_consent_address: string | null;
  email_consent_at: Timestamp | null;
  email_consent_user_id: number | null;
  /** By post: the authority's postal address the letter carries. */
  recipient_postal_address: string | null;
  /** By post: the day the citizen posted the letter, registered or not. */
  posted_on: CivilDate | null;
  posted_registered: boolean | null;
  /** By post: true while received_date is the presumed receipt, false once the citizen set it. */
  presumed_receipt_assumed: boolean | null;
  /** Batches (0290): the batch this request was sent in, if any. */
  batch_id: number | null;
}

export interface RawMessagesTable {
  id: Generated<number>;
  sha256: string;
  size: number;
  file_key: string | null;
  bytes: Buffer | null;
  envelope: Json | null;
  received_at: Generated<Timestamp>;
  processed_at: Timestamp | null;
  processing_error: string | null;
  attempts: Generated<number>;
  /** 0300_mail: what ingest decided; null until processed. */
  outcome: string | null;
  duplicate_of: number | null;
  redeliveries: Generated<number>;
  last_attempt_at: Timestamp | null;
}

export interface MessagesTable {
  id: Generated<number>;
  request_id: number | null;
  direction: string;
  kind: string;
  from_address: string | null;
  from_name: string | null;
  to_addresses: Generated<string[]>;
  subject: string | null;
  body_text: Generated<string>;
  body_html: string | null;
  message_id: string | null;
  in_reply_to: string | null;
  references: Generated<string[]>;
  raw_message_id: number | null;
  delivery_status: string | null;
  delivery_error: string | null;
  sent_at: Timestamp | null;
  hidden: Generated<boolean>;
  created_at: Generated<Timestamp>;
  /** 0300_mail: how an inbound message was routed, or why it is in the holding pen. */
  route_reason: string | null;
  guessed_request_id: number | null;
  guess_reason: string | null;
  classification_reason: string | null;
  sender_outside_authority: Generated<boolean>;
  parse_warnings: Generated<string[]>;
  spam_at: Timestamp | null;
  /** 0330: the outbox attempt that claimed an outbound letter (`sending`), and since when. */
  send_attempt: string | null;
  sending_since: Timestamp | null;
  /** 0340: SPF/DKIM/DMARC/ARC verdicts computed at the SMTP layer (mail/authenticate.ts). */
  auth: Json | null;
  /** 0340: the message failed DMARC for the authority's domain: never a follow-up target, listed for admins. */
  dmarc_failed: Generated<boolean>;
  /** 0340: when Dossier received it (orders replies; the sender's Date is only shown). */
  received_at: Timestamp | null;
}

export interface AttachmentsTable {
  id: Generated<number>;
  message_id: number;
  position: Generated<number>;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  file_key: string;
  extracted_text: string | null;
  extraction_status: Generated<string>;
  extraction_error: string | null;
  hidden: Generated<boolean>;
  created_at: Generated<Timestamp>;
  /** 0300_mail: Content-ID of an inline part (cid: references in the HTML). */
  content_id: string | null;
  /** 0350: where the text comes from: the file's text layer, recognition (OCR), or both. */
  text_source: "layer" | "ocr" | "mixed" | null;
  /** 0350: pages (1-based) whose text was recognised. */
  ocr_pages: number[] | null;
  /** 0350: {done, total, step} while a long extraction runs; null otherwise. */
  extraction_progress: Json | null;
  /** 0350: the attachment this one was taken out of (a file inside an Outlook .msg). */
  parent_attachment_id: number | null;
}

export interface EventsTable {
  id: Generated<number>;
  request_id: number | null;
  type: string;
  actor_user_id: number | null;
  data: Generated<Json>;
  at: Generated<Timestamp>;
}

// Moderation (migration 0700).
export interface RedactionRulesTable {
  id: Generated<number>;
  scope_type: string;
  scope_id: number | null;
  kind: string;
  text: string;
  loose: Generated<boolean>;
  replacement: Generated<string>;
  origin: Generated<string>;
  created_by: number | null;
  created_at: Generated<Timestamp>;
}

export interface RedactionJobsTable {
  id: Generated<number>;
  rule_id: number | null;
  scope_type: string;
  scope_id: number | null;
  state: Generated<string>;
  total: Generated<number>;
  done: Generated<number>;
  error: string | null;
  created_at: Generated<Timestamp>;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
}

export interface AttachmentRedactionsTable {
  attachment_id: number;
  fingerprint: string;
  status: string;
  reason: string | null;
  bytes: Buffer | null;
  pages: number | null;
  matches: number | null;
  updated_at: Generated<Timestamp>;
}

export interface HiddenItemsTable {
  target_type: string;
  target_id: number;
  audience: string;
  reason: string;
  note: string | null;
  hidden_by: number | null;
  hidden_at: Generated<Timestamp>;
}

export interface RequestLabelsTable {
  request_id: number;
  label: string;
  set_by: number | null;
  set_at: Generated<Timestamp>;
}

export interface ReportsTable {
  id: Generated<number>;
  target_type: string;
  target_id: number;
  request_id: number | null;
  reason: string;
  details: Generated<string>;
  reporter_user_id: number | null;
  reporter_key: string;
  created_at: Generated<Timestamp>;
  resolved_at: Timestamp | null;
  resolved_by: number | null;
  resolution: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  actor_user_id: number | null;
  action: string;
  target_type: string | null;
  target_id: number | null;
  request_id: number | null;
  reason: string | null;
  data: Generated<Json>;
  at: Generated<Timestamp>;
}

export interface UserPrivacyTable {
  user_id: number;
  public_name: Generated<string>;
  postal_address: string | null;
  deleted_at: Timestamp | null;
  updated_at: Generated<Timestamp>;
}

/** One reminder e-mail sent to a citizen; the key makes sending idempotent. */
export interface DeadlineRemindersTable {
  id: Generated<number>;
  request_id: number;
  kind: string;
  key: string;
  sent_on: CivilDate;
  created_at: Generated<Timestamp>;
}

export interface ReminderUnsubscribesTable {
  user_id: number;
  kind: string;
  created_at: Generated<Timestamp>;
}

/** An appeal (or the federal pair of letters) sent from the escalation wizard. */
export interface AppealsTable {
  id: Generated<number>;
  request_id: number;
  regime: string;
  route: string;
  body: string;
  sent_on: CivilDate;
  body_decision_by: CivilDate | null;
  environmental_body: string | null;
  letters: Json;
  created_by_user_id: number | null;
  created_at: Generated<Timestamp>;
}

/** A file attached to an outbound letter (deadlines 0500: an appeal's PDF). */
export interface OutboundAttachmentsTable {
  id: Generated<number>;
  message_id: number;
  position: Generated<number>;
  filename: string;
  content_type: string;
  /** Generated documents (the letter's PDF); null when the file is in the file store. */
  content: Buffer | null;
  /** 0520: a stored file sent as received (an authority's attachment); null for generated bytes. */
  file_key: string | null;
  created_at: Generated<Timestamp>;
}

export interface SessionsTable {
  id_hash: string;
  user_id: number;
  created_at: Generated<Timestamp>;
  expires_at: Timestamp;
}

export interface UserTokensTable {
  token_hash: string;
  user_id: number;
  purpose: string;
  created_at: Generated<Timestamp>;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface AuthThrottlesTable {
  key: string;
  failures: number;
  last_failure_at: Timestamp;
}

export interface RateLimitsTable {
  key: string;
  window_start: Timestamp;
  hits: Generated<number>;
  expires_at: Timestamp;
}

export interface OutboundEmailsTable {
  id: Generated<number>;
  user_id: number | null;
  kind: string;
  to_address: string;
  subject: string;
  body_text: string;
  message_id: string | null;
  delivery_status: Generated<string>;
  delivery_error: string | null;
  attempts: Generated<number>;
  sent_at: Timestamp | null;
  created_at: Generated<Timestamp>;
  /** 0330: the attempt that claimed the row (`sending`), and since when. */
  send_attempt: string | null;
  sending_since: Timestamp | null;
}

/** The PostgreSQL search index (search/); derived from the tables above, rebuilt by `dossier search reindex`. */
export interface SearchDocumentsTable {
  id: string;
  type: string;
  request_id: number;
  message_id: number | null;
  attachment_id: number | null;
  request_slug: string;
  title: string;
  subtitle: string | null;
  body: string;
  language: string;
  ts_config: string;
  authority_id: number | null;
  authority_slug: string | null;
  authority_names: Json;
  region: string | null;
  kind: string | null;
  regime: string | null;
  state: string | null;
  date: Timestamp;
  year: number;
  has_attachments: Generated<boolean>;
  file_type: string | null;
  tsv: TsVector;
  bigrams: Generated<TsVector>;
  /** Title and subject lexemes (weights A and B) of `tsv`, generated (migration 0440). */
  head: Generated<TsVector | null>;
  segment: number;
  indexed_at: Generated<Timestamp>;
}

/** Per year, the sub-segment of the search index being filled (migration 0430). */
export interface SearchSegmentFillTable {
  year: number;
  sub: number;
  filled: number;
}

/** Hunspell's split of a long Dutch or German word (migration 0441, search/compounds.ts). */
export interface SearchCompoundPartsTable {
  config: string;
  word: string;
  parts: string[];
}

export interface SearchWordsTable {
  config: string;
  word: string;
  known: boolean;
}

export interface FollowsTable {
  id: Generated<number>;
  user_id: number;
  target_type: string;
  request_id: number | null;
  authority_id: number | null;
  region: string | null;
  kind: string | null;
  followed_user_id: number | null;
  search_query: string | null;
  search_filters: Json | null;
  target_key: string;
  frequency: Generated<string>;
  created_at: Generated<Timestamp>;
  /** 0610: an area follow's province (authorities/provinces.ts). */
  province: string | null;
}

export interface AlertQueueTable {
  event_id: number;
  queued_at: Generated<Timestamp>;
}

export interface AlertSearchChecksTable {
  event_id: number;
  message_id: number;
  attempts: Generated<number>;
  not_before: Generated<Timestamp>;
}

export interface AlertDeliveriesTable {
  id: Generated<number>;
  event_id: number;
  user_id: number;
  follow_id: number | null;
  frequency: string;
  status: Generated<string>;
  email_id: number | null;
  created_at: Generated<Timestamp>;
  sent_at: Timestamp | null;
}

export interface AuthorityStatsTable {
  authority_id: number;
  requests: number;
  card: Json;
  computed_on: CivilDate;
  computed_at: Generated<Timestamp>;
}

export interface AnnotationsTable {
  id: Generated<number>;
  request_id: number;
  user_id: number;
  body: string;
  link_url: string | null;
  hidden_at: Timestamp | null;
  hidden_by_user_id: number | null;
  created_at: Generated<Timestamp>;
}

/** The stored public form of a message (migration 0740, mail/publications.ts). */
export interface MessagePublicationsTable {
  message_id: number;
  locale: string;
  fingerprint: string;
  source_hash: string;
  content: Json;
  computed_at: Generated<Timestamp>;
}

/** Domain events (migration 0800, core/events.ts). */
export interface DomainEventsTable {
  id: Generated<number>;
  type: string;
  request_id: number | null;
  data: Generated<Json>;
  created_at: Generated<Timestamp>;
  not_before: Generated<Timestamp>;
  dispatched_at: Timestamp | null;
}

export interface DomainEventDeliveriesTable {
  event_id: number;
  subscriber: string;
  status: string;
  attempts: Generated<number>;
  last_error: string | null;
  next_attempt_at: Timestamp | null;
  updated_at: Generated<Timestamp>;
}

/** Batches (0290): one request sent to many authorities. */
export interface BatchesTable {
  id: Generated<number>;
  user_id: number;
  title: string;
  body: string;
  selection: Json;
  consent_unverified: Generated<boolean>;
  state: Generated<string>;
  /** The day the requester posted the batch's printed letters. */
  posted_on: CivilDate | null;
  /** Whether that posting was by registered mail. */
  posted_registered: Generated<boolean>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface BatchItemsTable {
  id: Generated<number>;
  batch_id: number;
  authority_id: number;
  request_id: number | null;
  channel: string;
  domain: string | null;
  position: number;
  state: string;
  error: string | null;
  sent_at: Timestamp | null;
}

export interface BatchSendSlotsTable {
  domain: string;
  last_sent_at: Timestamp;
}

export interface BatchAllowancesTable {
  user_id: number;
  max_authorities: number;
  granted_by: number | null;
  granted_at: Generated<Timestamp>;
}

export interface BatchFollowersTable {
  batch_id: number;
  user_id: number;
  created_at: Generated<Timestamp>;
}

export interface RequestSupportersTable {
  request_id: number;
  user_id: number;
  created_at: Generated<Timestamp>;
}

export interface BatchDigestItemsTable {
  batch_id: number;
  user_id: number;
  event_id: number;
  request_id: number;
  sent_at: Timestamp | null;
  email_id: number | null;
}

export interface Database {
  batches: BatchesTable;
  batch_items: BatchItemsTable;
  batch_send_slots: BatchSendSlotsTable;
  batch_allowances: BatchAllowancesTable;
  batch_followers: BatchFollowersTable;
  batch_digest_items: BatchDigestItemsTable;
  request_supporters: RequestSupportersTable;
  authorities: AuthoritiesTable;
  users: UsersTable;
  requests: RequestsTable;
  raw_messages: RawMessagesTable;
  messages: MessagesTable;
  attachments: AttachmentsTable;
  events: EventsTable;
  redaction_rules: RedactionRulesTable;
  redaction_jobs: RedactionJobsTable;
  attachment_redactions: AttachmentRedactionsTable;
  hidden_items: HiddenItemsTable;
  request_labels: RequestLabelsTable;
  reports: ReportsTable;
  audit_log: AuditLogTable;
  user_privacy: UserPrivacyTable;
  change_proposals: ChangeProposalsTable;
  deadline_reminders: DeadlineRemindersTable;
  reminder_unsubscribes: ReminderUnsubscribesTable;
  appeals: AppealsTable;
  outbound_attachments: OutboundAttachmentsTable;
  sessions: SessionsTable;
  user_tokens: UserTokensTable;
  rate_limits: RateLimitsTable;
  auth_throttles: AuthThrottlesTable;
  outbound_emails: OutboundEmailsTable;
  search_documents: SearchDocumentsTable;
  search_segment_fill: SearchSegmentFillTable;
  search_compound_parts: SearchCompoundPartsTable;
  search_words: SearchWordsTable;
  follows: FollowsTable;
  alert_queue: AlertQueueTable;
  alert_search_checks: AlertSearchChecksTable;
  alert_deliveries: AlertDeliveriesTable;
  authority_stats: AuthorityStatsTable;
  annotations: AnnotationsTable;
  domain_events: DomainEventsTable;
  message_publications: MessagePublicationsTable;
  domain_event_deliveries: DomainEventDeliveriesTable;
  regime_overrides: RegimeOverridesTable;
  authority_admin_edits: AuthorityAdminEditsTable;
}

export type Authority = Selectable<AuthoritiesTable>;
export type NewAuthority = Insertable<AuthoritiesTable>;
export type AuthorityUpdate = Updateable<AuthoritiesTable>;
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Request = Selectable<RequestsTable>;
export type NewRequest = Insertable<RequestsTable>;
export type RawMessage = Selectable<RawMessagesTable>;
export type Message = Selectable<MessagesTable>;
export type NewMessage = Insertable<MessagesTable>;
export type Attachment = Selectable<AttachmentsTable>;
export type NewAttachment = Insertable<AttachmentsTable>;
export type Event = Selectable<EventsTable>;
export type NewEvent = Insertable<EventsTable>;
export type RedactionRuleRow = Selectable<RedactionRulesTable>;
export type HiddenItem = Selectable<HiddenItemsTable>;
export type Report = Selectable<ReportsTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type ChangeProposal = Selectable<ChangeProposalsTable>;
export type NewChangeProposal = Insertable<ChangeProposalsTable>;

export type Appeal = Selectable<AppealsTable>;
export type OutboundEmail = Selectable<OutboundEmailsTable>;
export type FollowRow = Selectable<FollowsTable>;
export type Batch = Selectable<BatchesTable>;
export type BatchItem = Selectable<BatchItemsTable>;
export type AlertDelivery = Selectable<AlertDeliveriesTable>;
export type Annotation = Selectable<AnnotationsTable>;

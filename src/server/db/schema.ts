/**
 * Table types for Kysely. One interface per table; the module that owns a table is named beside it.
 *
 * Portable column conventions (the same on SQLite and PostgreSQL):
 * - ids are UUIDv7 text;
 * - timestamps are ISO-8601 UTC text (`2026-11-23T16:21:25.123Z`), which sorts as time;
 * - civil dates are `YYYY-MM-DD` text;
 * - booleans are integers 0/1;
 * - small JSON values (lists of e-mails, audit snapshots) are JSON text;
 * - money is integer cents.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** platform */
export interface OfficesTable {
  id: string;
  name: string;
  cnpj: string | null;
  time_zone: string;
  state: string | null;
  city: string | null;
  client_classes: string;
  /** The office's business calendar options (JSON): Carnaval/Corpus Christi closed, own closed days. */
  calendar: string;
  created_at: string;
  updated_at: string;
}

/** platform */
export interface ProfessionsTable {
  id: string;
  office_id: string;
  name: string;
  created_at: string;
}

/** platform */
export interface UsersTable {
  id: string;
  office_id: string;
  name: string;
  email: string;
  password_hash: string;
  role: 'admin' | 'staff';
  active: number;
  supervisor_id: string | null;
  created_at: string;
  updated_at: string;
}

/** platform */
export interface UserProfessionsTable {
  user_id: string;
  profession_id: string;
  office_id: string;
}

/** platform */
export interface SessionsTable {
  token_hash: string;
  user_id: string;
  office_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

/** platform */
export interface ApiTokensTable {
  id: string;
  office_id: string;
  name: string;
  prefix: string;
  token_hash: string;
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** platform */
export interface AuditLogTable {
  id: string;
  office_id: string;
  at: string;
  user_id: string | null;
  entity: string;
  entity_id: string;
  action: string;
  before: string | null;
  after: string | null;
}

/** clients */
export interface ClientsTable {
  id: string;
  office_id: string;
  legal_name: string;
  trade_name: string | null;
  document: string;
  document_kind: 'cnpj' | 'cpf';
  state_registration: string | null;
  emails: string;
  whatsapp: string | null;
  phone: string | null;
  cep: string | null;
  street: string | null;
  number: string | null;
  complement: string | null;
  district: string | null;
  city: string | null;
  state: string | null;
  status: 'active' | 'inactive';
  class: string | null;
  notes: string | null;
  /** Lower-case, accent-free legal name: the sort key for "by name". */
  name_key: string;
  /** Lower-case, accent-free names and document: what the text search scans. */
  search_text: string;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

/** clients */
export interface ClientTagsTable {
  client_id: string;
  office_id: string;
  tag: string;
}

/** clients */
export interface ClientResponsiblesTable {
  client_id: string;
  profession_id: string;
  user_id: string;
  office_id: string;
}

/** clients */
export interface ContactsTable {
  id: string;
  office_id: string;
  client_id: string;
  name: string;
  role: string | null;
  email: string | null;
  whatsapp: string | null;
  birthday: string | null;
  email_opt_out: number;
  whatsapp_opt_in: number;
  created_at: string;
  updated_at: string;
}

/** clients */
export interface ServicesTable {
  id: string;
  office_id: string;
  name: string;
  description: string | null;
  default_value_cents: number;
  department: string | null;
  active: number;
  created_at: string;
  updated_at: string;
}

/** engine: one unit of background work and its current attempt. */
export interface JobsTable {
  id: string;
  office_id: string | null;
  kind: string;
  payload: string;
  pool: string;
  priority: number;
  state: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'dead';
  run_at: string;
  attempts: number;
  max_attempts: number;
  unique_key: string | null;
  /** The fencing token of the current attempt: only its holder may heartbeat, write or finish. */
  attempt_id: string | null;
  locked_by: string | null;
  locked_until: string | null;
  cancel_requested: number;
  progress: number;
  progress_message: string | null;
  result: string | null;
  error: string | null;
  requested_by: string | null;
  schedule_id: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
}

/** engine */
export interface JobLogsTable {
  id: string;
  job_id: string;
  at: string;
  level: 'info' | 'warn' | 'error';
  message: string;
}

/** engine: named worker pools (the seeds' "Servidor RPW"). */
export interface WorkerPoolsTable {
  name: string;
  description: string | null;
  created_at: string;
}

/** engine: live workers, by heartbeat. */
export interface WorkersTable {
  id: string;
  pools: string;
  host: string;
  pid: number;
  concurrency: number;
  running: number;
  started_at: string;
  last_seen_at: string;
  processed: number;
}

/** engine: a schedule (agenda automática) that makes jobs at calendar times. */
export interface SchedulesTable {
  id: string;
  office_id: string;
  name: string;
  kind: string;
  payload: string;
  pool: string;
  spec: string;
  time_zone: string;
  misfire_policy: 'skip' | 'once' | 'all';
  misfire_cap: number;
  paused: number;
  /** The next occurrence not yet materialised; null when the schedule has ended. */
  next_fire_at: string | null;
  last_fire_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** engine: one row per (schedule, occurrence) — the key that makes each occurrence run at most once. */
export interface ScheduleOccurrencesTable {
  schedule_id: string;
  fire_at: string;
  status: 'enqueued' | 'missed';
  job_id: string | null;
  recorded_at: string;
}

/** platform: what a user is told in the app (a run finished, …). */
export interface NotificationsTable {
  id: string;
  office_id: string;
  user_id: string;
  title: string;
  body: string;
  link: string | null;
  created_at: string;
  read_at: string | null;
}

/** engine: the compact summary kept of pruned runs, per day, office, kind and final state. */
export interface JobDailyStatsTable {
  day: string;
  office_id: string;
  kind: string;
  state: string;
  count: number;
  total_ms: number;
}

/** messaging: the outbox — one row per message to one recipient on one channel. */
export interface MessagesTable {
  id: string;
  office_id: string;
  channel: 'email' | 'whatsapp' | 'sms';
  recipient_kind: 'client' | 'contact' | 'user' | 'address';
  recipient_id: string | null;
  client_id: string | null;
  address: string | null;
  template: string;
  vars: string;
  subject: string | null;
  body_text: string;
  body_html: string | null;
  /** Channel-specific rendered payload (WhatsApp: the approved template's name and parameters). */
  channel_payload: string | null;
  /** JSON list of `{ filename, contentType, ref, size }`; the bytes are in the blob store. */
  attachments: string;
  idempotency_key: string;
  cause_kind: string;
  cause_id: string | null;
  status:
    | 'queued'
    | 'sending'
    | 'sent'
    | 'delivered'
    | 'read'
    | 'failed'
    | 'bounced'
    | 'skipped'
    | 'cancelled';
  skip_reason: string | null;
  attempts: number;
  provider_message_id: string | null;
  error: string | null;
  created_at: string;
  sent_at: string | null;
  updated_at: string;
}

/** messaging: the local mailbox, where e-mail lands when no SMTP server is configured. */
export interface MailboxTable {
  id: string;
  office_id: string;
  message_id: string;
  to_address: string;
  subject: string;
  raw: string;
  created_at: string;
}

/** messaging: an office's own version of a template, per channel. */
export interface MessageTemplatesTable {
  office_id: string;
  key: string;
  channel: 'email' | 'whatsapp' | 'sms';
  subject: string | null;
  body: string;
  updated_at: string;
}

/** messaging: per-office channel settings (SMTP password encrypted at rest). */
export interface ChannelSettingsTable {
  office_id: string;
  channel: 'email' | 'whatsapp' | 'sms';
  settings: string;
  updated_at: string;
}

/** messaging: what clients sent us (WhatsApp today), and the 24-hour window it opens. */
export interface InboundMessagesTable {
  id: string;
  office_id: string;
  channel: 'whatsapp' | 'sms' | 'email';
  from_address: string;
  provider_message_id: string;
  body: string;
  received_at: string;
}

export interface Database {
  offices: OfficesTable;
  professions: ProfessionsTable;
  users: UsersTable;
  user_professions: UserProfessionsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  clients: ClientsTable;
  client_tags: ClientTagsTable;
  client_responsibles: ClientResponsiblesTable;
  contacts: ContactsTable;
  services: ServicesTable;
  jobs: JobsTable;
  job_logs: JobLogsTable;
  worker_pools: WorkerPoolsTable;
  workers: WorkersTable;
  schedules: SchedulesTable;
  schedule_occurrences: ScheduleOccurrencesTable;
  notifications: NotificationsTable;
  job_daily_stats: JobDailyStatsTable;
  messages: MessagesTable;
  mailbox: MailboxTable;
  message_templates: MessageTemplatesTable;
  channel_settings: ChannelSettingsTable;
  inbound_messages: InboundMessagesTable;
  rate_windows: RateWindowsTable;
}

/** messaging: the sends reserved in the current minute, per office and channel (the rate limit). */
export interface RateWindowsTable {
  office_id: string;
  channel: string;
  window_start: string;
  used: number;
}

export type MessageRow = Selectable<MessagesTable>;

export type ScheduleRow = Selectable<SchedulesTable>;

export type JobRow = Selectable<JobsTable>;

export type OfficeRow = Selectable<OfficesTable>;
export type UserRow = Selectable<UsersTable>;
export type ClientRow = Selectable<ClientsTable>;
export type NewClientRow = Insertable<ClientsTable>;
export type ClientUpdate = Updateable<ClientsTable>;
export type ContactRow = Selectable<ContactsTable>;
export type ServiceRow = Selectable<ServicesTable>;

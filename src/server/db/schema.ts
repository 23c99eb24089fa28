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
import type { Generated, Selectable } from 'kysely';

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
  /** When the office closed the first-run checklist (null while it shows). */
  onboarding_dismissed_at: Generated<string | null>;
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
  /** What the user reads in (migration 0019): the web app, API answers, notifications, e-mails. */
  language: Generated<'pt-BR' | 'en'>;
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
  /** 1: the client declined informative (non-transactional) e-mail. */
  email_opt_out: number;
  /** 1: the client agreed to receive business-initiated WhatsApp. */
  whatsapp_opt_in: number;
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

/** clients: a client's digital certificate — A1 metadata read from the .pfx (never the key), or A3 by hand. */
export interface ClientCertificatesTable {
  id: string;
  office_id: string;
  client_id: string;
  kind: 'a1' | 'a3';
  holder_name: string;
  /** The holder's CNPJ/CPF, bare; null when the certificate names none. */
  document: string | null;
  document_kind: 'cnpj' | 'cpf' | null;
  certificate_type: string | null;
  issuer: string | null;
  serial_number: string | null;
  not_before: string | null;
  /** ISO instant; A3 dates are stored as 23:59:59 of that day in the office's time zone. */
  not_after: string;
  /** SHA-256 of the certificate's DER (A1). */
  fingerprint: string | null;
  certificate_pem: string | null;
  media: 'token' | 'card' | null;
  notes: string | null;
  /** 1: the expiry routine has nothing more to say (expired notice given, or replaced); a hint, keys rule. */
  notice_done: Generated<number>;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** clients: a tax-clearance certificate (certidão negativa) of a client. */
export interface ClientCertidoesTable {
  id: string;
  office_id: string;
  client_id: string;
  type: 'federal' | 'fgts' | 'trabalhista' | 'estadual' | 'municipal';
  status: 'negativa' | 'positiva_efeitos_negativa' | 'positiva';
  issued_on: string;
  valid_until: string;
  number: string | null;
  notes: string | null;
  file_ref: string | null;
  file_name: string | null;
  file_size: number | null;
  file_type: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** clients: which certidão types a client must keep valid (JSON list); no row = the default. */
export interface ClientCertidaoSettingsTable {
  client_id: string;
  office_id: string;
  required_types: string;
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
  /** The progress message's English twin (null: the message reads the same in both languages). */
  progress_message_en: string | null;
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
  /** The line in pt-BR. */
  message: string;
  /** The line's number in its run, in the order it was logged (0 for lines older than the column). */
  seq: Generated<number>;
  /** Its English twin (null: the line reads the same in both languages). */
  message_en: string | null;
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
  /** JSON `{ channels, to }`: where to send it instead if delivery fails for good (see fallback.ts). */
  fallback: string | null;
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
  /**
   * 1 when an earlier attempt may already have reached the provider: it was cut after the provider was
   * called and before the answer was recorded (see deliver.job.ts).
   */
  possible_duplicate: Generated<number>;
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

/** tickets: the per-office sequence of ticket numbers. */
export interface TicketCountersTable {
  office_id: string;
  last_number: number;
}

/**
 * tickets: how many tickets an office has per status (kept by every create and move), spread over shards
 * (0039): a status's count is the sum of its shards' `n` (a shard's own `n` may be negative).
 */
export interface TicketStatusCountsTable {
  office_id: string;
  status: TicketsTable['status'];
  shard: Generated<number>;
  n: number;
}

/** tickets: one atendimento (see tickets.schema.ts for the terms). */
export interface TicketsTable {
  id: string;
  office_id: string;
  number: number;
  client_id: string;
  contact_id: string | null;
  service_id: string | null;
  accountant_id: string | null;
  responsible_id: string | null;
  subject: string;
  /** Lower-case, accent-free subject: what the text search and the subject sort use. */
  subject_key: string;
  description: string | null;
  value_cents: number;
  kind: 'service' | 'debt_collection';
  due_date: string | null;
  debt_cents: number | null;
  status: 'open' | 'reopened' | 'analyzing' | 'waiting' | 'cancelled' | 'rejected' | 'done';
  opened_at: string;
  updated_at: string;
  closed_at: string | null;
  version: number;
  movement_count: number;
  notify_count: number;
  notified_at: string | null;
  created_by: string | null;
  sla_first_response_minutes: number | null;
  sla_resolution_minutes: number | null;
  sla_first_response_due_at: string | null;
  sla_resolution_due_at: string | null;
  /** Business ms left on the resolution clock while it is stopped (negative: overdue); null while it runs. */
  sla_remaining_ms: number | null;
  first_responded_at: string | null;
}

/** tickets: one status change (movimentação). */
export interface TicketMovementsTable {
  id: string;
  office_id: string;
  ticket_id: string;
  /** Order within the ticket. */
  seq: number;
  from_status: TicketsTable['status'];
  to_status: TicketsTable['status'];
  comment: string | null;
  actor_id: string | null;
  at: string;
}

/** tickets: one chat message; `internal` (0/1) staff notes are never shown to the client. */
export interface TicketMessagesTable {
  id: string;
  office_id: string;
  ticket_id: string;
  /** Order within the ticket. */
  seq: number;
  author: 'staff' | 'client';
  user_id: string | null;
  author_name: string | null;
  body: string;
  internal: number;
  at: string;
}

/** tickets: an attached file; the bytes are in the blob store. */
export interface TicketFilesTable {
  id: string;
  office_id: string;
  ticket_id: string;
  /** Order within the ticket. */
  seq: number;
  name: string;
  size: number;
  content_type: string;
  blob_ref: string;
  uploaded_by: string | null;
  at: string;
}

/** tickets: SLA targets per service, in business minutes. */
export interface TicketSlaPoliciesTable {
  office_id: string;
  service_id: string;
  first_response_minutes: number | null;
  resolution_minutes: number | null;
  updated_at: string;
}

/** automation: something that happened to a record, written in the transaction of the change. */
export interface EventsTable {
  id: string;
  office_id: string;
  type: string;
  entity: string;
  entity_id: string;
  payload: string;
  actor_id: string | null;
  at: string;
}

/** automation: a trigger (gatilho) — moves an item into its stage when its event happens. */
export interface AutomationTriggersTable {
  id: string;
  office_id: string;
  pipeline_id: string;
  stage_id: string;
  kind: string;
  /** The kind's configuration, JSON. */
  config: string;
  allow_back: number;
  enabled: number;
  /** The incoming webhook's URL token (kind `webhook` only). */
  secret: string | null;
  position: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** automation: one sweep trigger's fire on one item and civil day (the sweeps' idempotency). */
export interface AutomationTriggerFiresTable {
  trigger_id: string;
  item_id: string;
  day: string;
  office_id: string;
  mark: string;
  fired_at: string;
}

/** automation: an office's on/off setting of a built-in rule (absent: the rule's default, on). */
export interface AutomationRuleSettingsTable {
  office_id: string;
  rule_key: string;
  enabled: number;
  updated_by: string | null;
  updated_at: string;
}

/** automation: a rule on a pipeline's stage (its draft, and the number of its current published version). */
export interface AutomationRulesTable {
  id: string;
  office_id: string;
  pipeline_id: string;
  stage_id: string;
  position: number;
  enabled: number;
  /** RuleDefinition (JSON) being edited, or null. */
  draft: string | null;
  /** The current published version; 0 = never published. */
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** automation: a published version of a rule, never rewritten (runs point at the version they run). */
export interface AutomationRuleVersionsTable {
  rule_id: string;
  version: number;
  office_id: string;
  /** RuleDefinition (JSON). */
  definition: string;
  published_at: string;
  published_by: string | null;
}

/** automation: one item's entry into a stage (status active | left | loop). */
export interface AutomationEntriesTable {
  id: string;
  office_id: string;
  pipeline_id: string;
  stage_id: string;
  item_id: string;
  event_id: string | null;
  chain_id: string;
  depth: number;
  entered_at: string;
  left_at: string | null;
  status: string;
}

/** automation: one rule's run for one entry (UNIQUE entry_id, rule_id: exactly once). */
export interface AutomationRunsTable {
  id: string;
  office_id: string;
  entry_id: string;
  rule_id: string;
  version: number;
  item_id: string;
  pipeline_id: string;
  /** The action kind (for the pending-steps read without loading versions). */
  action: string;
  group_no: number;
  status: string;
  due_at: string | null;
  attempts: number;
  condition_values: string | null;
  outcome: string | null;
  error: string | null;
  test_mode: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/** automation: a document a rule made (Liquid → PDF in the blob store), downloadable by its token. */
export interface AutomationDocumentsTable {
  id: string;
  office_id: string;
  pipeline_id: string;
  item_id: string;
  client_id: string | null;
  /** The rule run that made it (unique per office: a retried run finds its document). */
  run_id: string;
  name: string;
  blob_ref: string;
  size: number;
  /** The public download link's secret. */
  token: string;
  created_at: string;
}

/** routines: the office's configuration of a routine kind (see routines/define-routine.ts for the terms). */
export interface RoutinesTable {
  id: string;
  office_id: string;
  kind: string;
  active: number;
  /** RoutineSettings (JSON): profession, channels, templates per channel, audience. */
  settings: string;
  /** The kind's own settings (JSON), validated by its `config` schema. */
  config: string;
  /** The engine schedule; only an active routine has one. */
  schedule_id: string | null;
  /** Dia/Periodicidade/Hora (ScheduleSpec JSON), kept while inactive too; null: none set. */
  schedule_spec: string | null;
  pool: string;
  created_at: string;
  updated_at: string;
  version: number;
}

/** clients: complementary data of a client (JSON: employees, revenueCents, lastPurchaseDate…). */
export interface ClientsExtraTable {
  client_id: string;
  office_id: string;
  data: string;
  updated_at: string;
}

/** billing: the office's PIX receiving settings (one row per office). */
export interface BillingSettingsTable {
  office_id: string;
  pix_key: string;
  pix_key_kind: 'cpf' | 'cnpj' | 'email' | 'phone' | 'evp';
  /** As the BR Code carries it: no accents, upper case, at most 25 characters. */
  merchant_name: string;
  /** As the BR Code carries it: no accents, upper case, at most 15 characters. */
  merchant_city: string;
  updated_at: string;
}

/** billing: a client's monthly fee (honorários); one per client, history in the audit log. */
export interface FeeContractsTable {
  id: string;
  office_id: string;
  client_id: string;
  amount_cents: number;
  /** `day`: a fixed day of the month (clamped to its last day); `business_day`: the Nth business day. */
  due_rule: 'day' | 'business_day';
  due_day: number;
  /** The first competência billed, `YYYY-MM`. */
  start_period: string;
  readjustment_date: string | null;
  readjustment_note: string | null;
  active: number;
  /** The yearly adjustment on `readjustment_date`: by an index, a percentage or the salário mínimo. */
  adjustment_method: Generated<'index' | 'percentage' | 'minimum_wage' | null>;
  adjustment_index: Generated<'IPCA' | 'IGPM' | 'INPC' | null>;
  /** The fixed percentage, in basis points. */
  adjustment_bp: Generated<number | null>;
  /** The multiple of the salário mínimo, in thousandths. */
  adjustment_mw_multiple: Generated<number | null>;
  /** How the fee is collected: PIX only (the default), boleto only, or both on the same invoice. */
  payment_method: Generated<'pix' | 'boleto' | 'both'>;
  created_at: string;
  updated_at: string;
}

/**
 * billing: an office's bank account for cobrança (boletos). `next_nosso_numero` is the sequence the next
 * boleto takes (in the same transaction that writes the boleto, so a number is never reused).
 */
export interface BankAccountsTable {
  id: string;
  office_id: string;
  /** FEBRABAN bank code, 3 digits: '001', '033', '104', '237', '341', '748', '756'. */
  bank_code: string;
  label: string;
  agency: string;
  agency_digit: string | null;
  account: string;
  account_digit: string | null;
  carteira: string;
  /** Código do beneficiário / convênio / código do cedente, as the bank calls it. */
  convenio: string;
  /** Banco do Brasil's variação da carteira; Sicredi's posto; null where the bank has none. */
  variation: string | null;
  next_nosso_numero: Generated<number>;
  /** Juros per month, basis points (100 = 1% a.m.). */
  interest_month_bp: Generated<number>;
  /** Multa, basis points (200 = 2%). */
  fine_bp: Generated<number>;
  discount_cents: Generated<number>;
  /** The discount applies when paid up to this many days before the due date. */
  discount_days: Generated<number>;
  /** JSON array of text lines (Instruções). */
  instructions: Generated<string>;
  is_default: Generated<number>;
  active: Generated<number>;
  created_at: string;
  updated_at: string;
}

export type BoletoStatus =
  | 'registered_pending'
  | 'registered'
  | 'rejected'
  | 'paid'
  | 'written_off'
  | 'cancelled';

/** billing: the boleto of an invoice (at most one not cancelled per invoice). */
export interface BoletosTable {
  id: string;
  office_id: string;
  invoice_id: string;
  bank_account_id: string;
  /** The nosso número without its check digit, as the bank's layout pads it. */
  nosso_numero: string;
  nosso_numero_dv: string;
  /** The 44 digits of the barcode. */
  barcode: string;
  /** The 47 digits of the linha digitável (no punctuation). */
  linha_digitavel: string;
  due_date: string;
  amount_cents: number;
  status: BoletoStatus;
  /** The CNAB remessa that registered it (boleto-cnab). */
  remessa_id: string | null;
  created_at: string;
  updated_at: string;
}

/** billing: one charge per client and competência; `overdue` is derived (open and past due). */
export interface InvoicesTable {
  id: string;
  office_id: string;
  client_id: string;
  contract_id: string | null;
  period: string;
  amount_cents: number;
  due_date: string;
  status: 'open' | 'paid' | 'cancelled';
  txid: string;
  pix_code: string | null;
  description: string;
  /** The civil date the payment arrived (baixa). */
  paid_on: string | null;
  paid_amount_cents: number | null;
  payment_note: string | null;
  cancelled_at: string | null;
  cancel_reason: string | null;
  /** When the invoice was first handed to messaging (whatever the outcome). */
  notified_at: string | null;
  /** When a channel accepted it (queued). */
  sent_at: string | null;
  /** The latest overdue reminder (days after the due date) already sent. */
  last_reminder_day: number | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  /** The automation item that created it ("Criar fatura"): `invoice.paid` carries it to the triggers. */
  automation_pipeline_id: string | null;
  automation_item_id: string | null;
  /** The rule run that created it (unique per office: a retried run finds its invoice). */
  automation_run_id: string | null;
  /** What its payments add up to, when not simply paid: `partial`, `overpaid` or `paid_twice`. */
  payment_flag: Generated<'partial' | 'overpaid' | 'paid_twice' | null>;
}

/** billing: a remessa sent to or a retorno received from the bank (bytes in the blob store). */
export interface CnabFilesTable {
  id: string;
  office_id: string;
  bank_account_id: string;
  kind: 'remessa' | 'retorno';
  format: '240' | '400';
  sequence: number | null;
  file_name: string;
  sha256: string;
  blob_ref: string;
  size: number;
  record_count: number;
  applied_count: number;
  duplicate_count: number;
  unmatched_count: number;
  created_by: string | null;
  created_at: string;
}

/** billing: one event of a retorno, applied once by (office, account, nosso número, occurrence, date). */
export interface CnabRetornoEntriesTable {
  id: string;
  office_id: string;
  file_id: string;
  bank_account_id: string;
  line_no: number;
  nosso_numero: string;
  boleto_id: string | null;
  invoice_id: string | null;
  occurrence: string;
  outcome: 'confirmed' | 'rejected' | 'paid' | 'written_off' | 'info' | 'unknown';
  /** JSON `{ 'pt-BR', en }`: the occurrence in words. */
  words: string;
  /** JSON `[{ code, words }]`: a rejection's reasons. */
  reasons: string;
  amount_cents: number;
  paid_cents: number;
  tariff_cents: number;
  interest_cents: number;
  fine_cents: number;
  occurred_on: string;
  credit_on: string | null;
  result: 'applied' | 'unmatched' | 'paid_twice' | 'ignored';
  applied_at: string;
}

/** billing: one payment an invoice received, whatever the way (baixa manual, retorno, statement). */
export interface InvoicePaymentsTable {
  id: string;
  office_id: string;
  invoice_id: string;
  source: 'manual' | 'retorno' | 'statement';
  method: 'pix' | 'boleto' | 'other';
  amount_cents: number;
  paid_on: string;
  tariff_cents: number;
  interest_cents: number;
  fine_cents: number;
  kind: 'partial' | 'full' | 'overpaid' | 'duplicate';
  refund_cents: number;
  refunded_at: string | null;
  reference: string | null;
  note: string | null;
  created_by: string | null;
  created_at: string;
}

/** billing: an OFX bank statement uploaded for reconciliation. */
export interface StatementImportsTable {
  id: string;
  office_id: string;
  file_name: string;
  sha256: string;
  blob_ref: string;
  bank_id: string | null;
  account_id: string | null;
  start_on: string | null;
  end_on: string | null;
  credit_count: number;
  proposed_count: number;
  created_by: string | null;
  created_at: string;
}

/** billing: a credit of a statement and the invoice it is proposed to pay. */
export interface StatementLinesTable {
  id: string;
  office_id: string;
  import_id: string;
  account_key: string;
  fit_id: string;
  posted_on: string;
  amount_cents: number;
  memo: string;
  status: 'proposed' | 'unmatched' | 'confirmed' | 'dismissed';
  invoice_id: string | null;
  match_reason: 'txid' | 'nosso_numero' | 'amount_date' | null;
  payment_id: string | null;
  decided_by: string | null;
  decided_at: string | null;
  created_at: string;
}

/** billing: an index's monthly variation as the office records it (IPCA, IGP-M, INPC). */
export interface FeeIndexRatesTable {
  office_id: string;
  index_code: 'IPCA' | 'IGPM' | 'INPC';
  month: string;
  rate_ppm: number;
  updated_at: string;
}

/** billing: the salário mínimo of a year, as the office records it. */
export interface MinimumWagesTable {
  office_id: string;
  year: number;
  amount_cents: number;
  updated_at: string;
}

/** billing: a contract's yearly adjustment, previewed, announced by letter, applied once. */
export interface FeeAdjustmentsTable {
  id: string;
  office_id: string;
  contract_id: string;
  client_id: string;
  effective_on: string;
  method: 'index' | 'percentage' | 'minimum_wage';
  /** JSON: what the new amount was computed from (the index months, the percentage, the wage). */
  basis: string;
  old_amount_cents: number;
  new_amount_cents: number;
  status: 'previewed' | 'letter_sent' | 'applied' | 'cancelled';
  letter_sent_at: string | null;
  applied_at: string | null;
  created_at: string;
  updated_at: string;
}

/** collection: a Processo Modelo; its content lives in its versions. */
export interface CollectionTemplatesTable {
  id: string;
  office_id: string;
  name: string;
  active: number;
  current_version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** collection: one saved version of a model (`definition`: the TemplateInput as JSON), never rewritten. */
export interface CollectionTemplateVersionsTable {
  id: string;
  office_id: string;
  template_id: string;
  version: number;
  definition: string;
  created_by: string | null;
  created_at: string;
}

/** collection: a recurring programação (its engine schedule generates each competência). */
export interface CollectionProgramsTable {
  id: string;
  office_id: string;
  template_id: string;
  audience: string;
  frequency: 'monthly' | 'quarterly' | 'yearly';
  generate_day: number;
  start_competencia: string;
  schedule_id: string | null;
  active: number;
  created_by: string | null;
  created_at: string;
  stopped_at: string | null;
}

/** collection: a programação — one per client, model and competência (UNIQUE). */
export interface CollectionRequestsTable {
  id: string;
  office_id: string;
  client_id: string;
  template_id: string;
  template_version_id: string;
  template_version: number;
  template_name: string;
  service_id: string | null;
  program_id: string | null;
  competencia: string;
  due_date: string;
  responsible_id: string | null;
  status: 'open' | 'started' | 'closed' | 'cancelled';
  close_status: string | null;
  close_note: string | null;
  closed_at: string | null;
  closed_by: string | null;
  auto_close: number;
  /** Items settled (received, answered, dispensed, done) and all items: the progress bar. */
  settled_count: number;
  total_count: number;
  /** When the request message went out to the client's contacts (null: still to send). */
  request_sent_at: string | null;
  notify_count: number;
  /** When `collection.request_overdue` was emitted (once). */
  overdue_at: string | null;
  /** When `collection.checklist_complete` was last emitted. */
  complete_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** collection: one checklist item of a programação (a copy of the model version's item). */
export interface CollectionRequestItemsTable {
  id: string;
  office_id: string;
  request_id: string;
  key: string;
  position: number;
  name: string;
  instructions: string;
  kind: 'file' | 'activity';
  requirement: 'required' | 'should' | 'optional';
  accepted_types: string;
  max_bytes: number;
  multiple: number;
  profession_id: string | null;
  responsible_id: string | null;
  state: string;
  answered_at: string | null;
  answered_by_kind: 'client' | 'staff' | null;
  answered_by_name: string | null;
  send_later_on: string | null;
  comment: string | null;
  changed_at: string;
  changed_by: string | null;
}

/** collection: a file sent for an item (bytes in the blob store). */
export interface CollectionFilesTable {
  id: string;
  office_id: string;
  request_id: string;
  item_id: string;
  name: string;
  size: number;
  content_type: string;
  blob_ref: string;
  uploaded_by_kind: 'client' | 'staff';
  uploaded_by_id: string | null;
  uploaded_by_name: string;
  warnings: string;
  /** When a receipt listed this file (null: not yet). */
  receipt_at: string | null;
  uploaded_at: string;
}

/** collection: "Não me pedir nos próximos meses" — an item key left out of a client's next programações. */
export interface CollectionSkipsTable {
  office_id: string;
  client_id: string;
  item_key: string;
  item_name: string;
  template_name: string;
  by_name: string;
  since: string;
}

/** collection: a contact's portal link (the signed token names this row, so it can be revoked). */
export interface CollectionLinksTable {
  id: string;
  office_id: string;
  contact_id: string;
  created_by: string | null;
  created_at: string;
  revoked_at: string | null;
  last_receipt_at: string | null;
}

/** collection: a file a contact sent on WhatsApp, waiting for the item it is for (then landed on it). */
export interface CollectionWhatsappFilesTable {
  id: string;
  office_id: string;
  contact_id: string;
  from_address: string;
  provider_message_id: string;
  file_name: string;
  blob_ref: string;
  size: number | string;
  state: 'awaiting' | 'landing' | 'landed' | 'none';
  /** The outbox message (`messages.id`) that carries the interactive list (older rows: the provider id). */
  list_message_id: string | null;
  reply_message_id: string | null;
  item_id: string | null;
  file_id: string | null;
  created_at: string;
  landed_at: string | null;
}

/** collection: every change to a programação, as data; the sentence is written in the reader's language. */
export interface CollectionHistoryTable {
  id: string;
  office_id: string;
  request_id: string;
  item_id: string | null;
  item_name: string | null;
  action: string;
  params: string;
  actor_kind: 'staff' | 'client' | 'system';
  actor_id: string | null;
  actor_name: string;
  at: string;
  /** Order among the lines of one instant. */
  seq: number;
}

export interface Database {
  routines: RoutinesTable;
  clients_extra: ClientsExtraTable;
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
  billing_settings: BillingSettingsTable;
  fee_contracts: FeeContractsTable;
  invoices: InvoicesTable;
  cnab_files: CnabFilesTable;
  cnab_retorno_entries: CnabRetornoEntriesTable;
  invoice_payments: InvoicePaymentsTable;
  statement_imports: StatementImportsTable;
  statement_lines: StatementLinesTable;
  fee_index_rates: FeeIndexRatesTable;
  minimum_wages: MinimumWagesTable;
  fee_adjustments: FeeAdjustmentsTable;
  bank_accounts: BankAccountsTable;
  boletos: BoletosTable;
  ticket_counters: TicketCountersTable;
  ticket_status_counts: TicketStatusCountsTable;
  tickets: TicketsTable;
  ticket_movements: TicketMovementsTable;
  ticket_messages: TicketMessagesTable;
  ticket_files: TicketFilesTable;
  ticket_sla_policies: TicketSlaPoliciesTable;
  events: EventsTable;
  automation_rule_settings: AutomationRuleSettingsTable;
  automation_rules: AutomationRulesTable;
  automation_rule_versions: AutomationRuleVersionsTable;
  automation_entries: AutomationEntriesTable;
  automation_runs: AutomationRunsTable;
  automation_documents: AutomationDocumentsTable;
  automation_triggers: AutomationTriggersTable;
  automation_trigger_fires: AutomationTriggerFiresTable;
  rate_windows: RateWindowsTable;
  client_certificates: ClientCertificatesTable;
  client_certidoes: ClientCertidoesTable;
  client_certidao_settings: ClientCertidaoSettingsTable;
  collection_templates: CollectionTemplatesTable;
  collection_template_versions: CollectionTemplateVersionsTable;
  collection_programs: CollectionProgramsTable;
  collection_requests: CollectionRequestsTable;
  collection_request_items: CollectionRequestItemsTable;
  collection_files: CollectionFilesTable;
  collection_skips: CollectionSkipsTable;
  collection_links: CollectionLinksTable;
  collection_history: CollectionHistoryTable;
  collection_whatsapp_files: CollectionWhatsappFilesTable;
  // processes
  process_pipelines: ProcessPipelinesTable;
  process_stages: ProcessStagesTable;
  process_fields: ProcessFieldsTable;
  process_cards: ProcessCardsTable;
  process_movements: ProcessMovementsTable;
  process_forms: ProcessFormsTable;
  tasks: TasksTable;
  task_comments: TaskCommentsTable;
}

/** tasks: a task for one of the office's people, maybe made by an automation rule's run. */
export interface TasksTable {
  id: string;
  office_id: string;
  title: string;
  description: string;
  responsible_id: string;
  /** A civil date `YYYY-MM-DD`, or none. */
  due_date: string | null;
  status: 'open' | 'done';
  done_at: string | null;
  done_by: string | null;
  client_id: string | null;
  /** The automation item it is about: `tickets`, `collection`, `process:<uuid>`, and the item's id. */
  pipeline_id: string | null;
  item_id: string | null;
  item_title: string | null;
  /** The item's page in the app (`/tickets/…`). */
  item_path: string | null;
  /** The user who created it; null when a rule did. */
  created_by: string | null;
  /** The automation run that created it (unique: one task per run). */
  rule_run_id: string | null;
  created_at: string;
  updated_at: string;
}

/** tasks: a comment on a task. */
export interface TaskCommentsTable {
  id: string;
  office_id: string;
  task_id: string;
  user_id: string | null;
  body: string;
  created_at: string;
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
export type ContactRow = Selectable<ContactsTable>;
export type ServiceRow = Selectable<ServicesTable>;
export type TicketRow = Selectable<TicketsTable>;

/** processes: the office's own pipelines (migration 0025). */
export interface ProcessPipelinesTable {
  id: string;
  office_id: string;
  name: string;
  description: string | null;
  active: Generated<number>;
  created_at: string;
  updated_at: string;
}

/** processes: a pipeline's stages, in `position` order (the first is where new cards start). */
export interface ProcessStagesTable {
  id: string;
  office_id: string;
  pipeline_id: string;
  name: string;
  color: string | null;
  position: number;
}

/** processes: a pipeline's own fields (the values live in `process_cards.fields`). */
export interface ProcessFieldsTable {
  id: string;
  office_id: string;
  pipeline_id: string;
  key: string;
  label: string;
  type: 'text' | 'number' | 'money' | 'date' | 'boolean' | 'select';
  /** JSON `[{ value, label }]` for `select`. */
  options: string | null;
  required: Generated<number>;
  position: number;
}

/** processes: a card (one item of a pipeline). */
export interface ProcessCardsTable {
  id: string;
  office_id: string;
  pipeline_id: string;
  stage_id: string;
  position: number;
  title: string;
  client_id: string | null;
  responsible_id: string | null;
  value_cents: Generated<number>;
  due_date: string | null;
  /** JSON object keyed by field key. */
  fields: string;
  /** JSON: what the public form received. */
  submission: string | null;
  form_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  stage_entered_at: string;
  closed_at: string | null;
  archived_at: string | null;
}
export type ProcessCardRow = Selectable<ProcessCardsTable>;

/** processes: every movement of a card (from null = created). */
export interface ProcessMovementsTable {
  id: string;
  office_id: string;
  card_id: string;
  from_stage_id: string | null;
  to_stage_id: string;
  by_user_id: string | null;
  source: 'user' | 'form' | 'automation';
  comment: string | null;
  at: string;
}

/** processes: a pipeline's public form (one per pipeline). */
export interface ProcessFormsTable {
  id: string;
  office_id: string;
  pipeline_id: string;
  token: string;
  title: string;
  intro: string | null;
  /** JSON `{ ask: {...}, fieldKeys: [...] }`. */
  fields: string;
  thanks: string;
  active: Generated<number>;
  created_at: string;
  updated_at: string;
}

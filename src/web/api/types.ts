/** Types of the Expediente HTTP API (JSON, cookie session). All timestamps are ISO strings. */

export interface FieldProblem {
  /** Dot path into the input, e.g. `document` or `contacts.0.email`. */
  field: string;
  code: string;
  message: string;
}

/** RFC 9457 problem document, `application/problem+json`. `detail` is localised by Accept-Language. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  code: string;
  detail: string;
  errors?: FieldProblem[];
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ItemList<T> {
  items: T[];
}

export type SortOrder = 'asc' | 'desc';

export type Role = 'admin' | 'staff';

export interface User {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  supervisorId: string | null;
  professionIds: string[];
  createdAt: string;
}

export interface UserCreate {
  name: string;
  email: string;
  role: Role;
  supervisorId?: string | null;
  professionIds: string[];
  password: string;
}

export type UserPatch = Partial<Omit<UserCreate, 'password'>> & { active?: boolean; password?: string };

export interface Office {
  id: string;
  name: string;
  cnpj: string | null;
  timeZone: string;
  state: string | null;
  city: string | null;
  clientClasses: string[];
}

export type OfficePatch = Partial<Omit<Office, 'id'>>;

export interface Me {
  user: User;
  office: Office;
  csrfToken: string;
}

export interface Profession {
  id: string;
  name: string;
}

export type ClientStatus = 'active' | 'inactive';
export type DocumentKind = 'cnpj' | 'cpf';

export interface ClientResponsible {
  professionId: string;
  professionName: string;
  userId: string;
  userName: string;
}

export interface Client {
  id: string;
  legalName: string;
  tradeName: string | null;
  /** Bare: `12ABC34501DE35` or `11144477735`. */
  document: string;
  documentKind: DocumentKind;
  stateRegistration: string | null;
  emails: string[];
  /** E.164. */
  whatsapp: string | null;
  /** E.164. */
  phone: string | null;
  cep: string | null;
  street: string | null;
  number: string | null;
  complement: string | null;
  district: string | null;
  city: string | null;
  state: string | null;
  status: ClientStatus;
  class: string | null;
  tags: string[];
  notes: string | null;
  responsibles: ClientResponsible[];
  /** Declined informative e-mail (greetings, announcements); set by the unsubscribe link too. */
  emailOptOut: boolean;
  /** Agreed to receive WhatsApp from the office. */
  whatsappOptIn: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Contact {
  id: string;
  clientId: string;
  name: string;
  role: string | null;
  email: string | null;
  whatsapp: string | null;
  /** `YYYY-MM-DD`. */
  birthday: string | null;
  emailOptOut: boolean;
  whatsappOptIn: boolean;
}

export type ContactInput = Omit<Contact, 'id' | 'clientId'>;

export type ClientWithContacts = Client & { contacts: Contact[] };

export type ClientSortField = 'legalName' | 'document' | 'status' | 'class' | 'createdAt' | 'updatedAt';

/** What POST/PATCH /api/clients take; `documentKind` is derived by the server from `document`. */
export type ClientInput = Omit<Client, 'id' | 'documentKind' | 'responsibles' | 'createdAt' | 'updatedAt'> & {
  responsibles: { professionId: string; userId: string }[];
};

export interface ClientImportResult {
  imported: number;
  invalid: { line: number; reason: string; field?: string }[];
  total: number;
}

export interface Service {
  id: string;
  name: string;
  description: string | null;
  defaultValueCents: number;
  department: string | null;
  active: boolean;
}

export type ServiceInput = Omit<Service, 'id'>;

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export type CreatedApiToken = ApiToken & { token: string };

export type AuditAction = 'create' | 'update' | 'delete' | 'login' | (string & {});

export interface AuditEntry {
  id: string;
  at: string;
  userId: string | null;
  userName: string | null;
  entity: string;
  entityId: string;
  action: AuditAction;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** A kind of background work a user may run or schedule, e.g. `clients.data-quality`. */
export interface JobKind {
  kind: string;
  title: { 'pt-BR': string; en: string };
}

export type RunState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'dead';

/** A run (execução): one job as the office sees it. */
export interface Run {
  id: string;
  officeId: string | null;
  kind: string;
  pool: string;
  priority: number;
  state: RunState;
  runAt: string;
  attempts: number;
  maxAttempts: number;
  /** 0–100. */
  progress: number;
  progressMessage: string | null;
  /** Whatever the job returned; often `{ summary: string, … }`. */
  result: unknown;
  error: string | null;
  requestedBy: string | null;
  requestedByName: string | null;
  scheduleId: string | null;
  /** The run's own name (a routine's run: the routine's title); null: the kind's title applies. */
  title: { 'pt-BR': string; en: string } | null;
  cancelRequested: boolean;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
}

export type RunLogLevel = 'info' | 'warn' | 'error';

export interface RunLog {
  at: string;
  level: RunLogLevel;
  message: string;
}

export type RunWithLogs = Run & { logs: RunLog[] };

export interface RunInput {
  kind: string;
  payload?: Record<string, unknown>;
  pool?: string;
  /** ISO instant; omitted = now. */
  runAt?: string;
}

export interface PoolWorker {
  id: string;
  host: string;
  pid: number;
  concurrency: number;
  running: number;
  processed: number;
  startedAt: string;
  lastSeenAt: string;
}

/** A worker pool (servidor). */
export interface Pool {
  name: string;
  description: string | null;
  queued: number;
  running: number;
  succeededLastHour: number;
  failedLastHour: number;
  workers: PoolWorker[];
}

/** What a date-based occurrence does when it falls on a weekend or holiday. */
export type NonBusinessDayPolicy = 'keep' | 'postpone' | 'anticipate' | 'skip';

/** `HH:mm`. */
export type ClockTime = string;

interface RecurrenceCommon {
  /** `YYYY-MM-DD`. */
  startDate?: string;
  /** `YYYY-MM-DD`. */
  endDate?: string;
  nonBusinessDay?: NonBusinessDayPolicy;
}

export type MonthDay =
  | { kind: 'day'; n: number }
  | { kind: 'business-day'; n: number }
  | { kind: 'last-business-day' };

/** When a schedule fires, in the office's time zone and business calendar. */
export type ScheduleSpec =
  | { type: 'once'; date: string; time: ClockTime; nonBusinessDay?: NonBusinessDayPolicy }
  | ({ type: 'daily'; times: ClockTime[] } & RecurrenceCommon)
  | ({
      type: 'weekly' /** ISO: 1 = Monday … 7 = Sunday. */;
      weekdays: number[];
      times: ClockTime[];
    } & RecurrenceCommon)
  | ({ type: 'monthly'; day: MonthDay; times: ClockTime[] } & RecurrenceCommon)
  | ({ type: 'yearly'; month: number; day: number; times: ClockTime[] } & RecurrenceCommon)
  | ({ type: 'cron' /** `m h dom mon dow`. */; expression: string } & RecurrenceCommon);

export type ScheduleType = ScheduleSpec['type'];

/** What happens to occurrences missed while the system was down. */
export type MisfirePolicy = 'skip' | 'once' | 'all';

export interface Schedule {
  id: string;
  name: string;
  kind: string;
  payload: unknown;
  pool: string;
  spec: ScheduleSpec;
  timeZone: string;
  misfirePolicy: MisfirePolicy;
  misfireCap: number;
  paused: boolean;
  nextFireAt: string | null;
  lastFireAt: string | null;
  createdAt: string;
  /** Set when another page keeps this schedule (a routine's): Agendas only shows it and points there. */
  keptBy: { 'pt-BR': string; en: string; path: string } | null;
}

export interface ScheduleOccurrence {
  fireAt: string;
  status: 'enqueued' | 'missed';
  jobId: string | null;
}

export type ScheduleDetails = Schedule & { preview: string[]; occurrences: ScheduleOccurrence[] };

export interface ScheduleInput {
  name: string;
  kind: string;
  payload?: Record<string, unknown>;
  pool?: string;
  spec: ScheduleSpec;
  misfirePolicy?: MisfirePolicy;
  misfireCap?: number;
}

export interface AppNotification {
  id: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationList {
  items: AppNotification[];
  unread: number;
}

export type MessageChannel = 'email' | 'whatsapp' | 'sms';
export type MessageStatus =
  | 'queued'
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'read'
  | 'failed'
  | 'bounced'
  | 'skipped'
  | 'cancelled';
export type RecipientKind = 'client' | 'contact' | 'user' | 'address';

/** One row of the outbox: one recipient, one channel, the rendered text, why it was sent, how it went. */
export interface Message {
  id: string;
  channel: MessageChannel;
  recipientKind: RecipientKind;
  recipientId: string | null;
  clientId: string | null;
  address: string | null;
  /** Template key, e.g. `messaging.test`. */
  template: string;
  subject: string | null;
  bodyText: string;
  idempotencyKey: string;
  /** What caused it: `manual`, `run`, … */
  causeKind: string;
  causeId: string | null;
  status: MessageStatus;
  /** Why it was not sent (pt-BR), for `skipped`. */
  skipReason: string | null;
  attempts: number;
  /** An earlier attempt may already have reached the provider (cut by a crash): possibly sent twice. */
  possibleDuplicate: boolean;
  providerMessageId: string | null;
  error: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** An e-mail in the local mailbox (where e-mail lands while no SMTP server is configured). */
export interface MailboxItem {
  id: string;
  messageId: string;
  to: string;
  subject: string;
  receivedAt: string;
}

export type SmtpSecurity = 'tls' | 'starttls' | 'none';

/** The office's e-mail channel; the password is never returned, only whether there is one. */
export type EmailChannelSettings =
  | { mode: 'mailbox' }
  | {
      mode: 'smtp';
      host: string;
      port: number;
      security: SmtpSecurity;
      user: string | null;
      hasPassword: boolean;
      fromName: string;
      fromAddress: string;
      replyTo: string | null;
    };

export interface EmailChannelInput {
  host: string;
  port: number;
  security: SmtpSecurity;
  user?: string | null;
  /** Omit (or null) to keep the current password; `''` clears it. */
  password?: string | null;
  fromName: string;
  fromAddress: string;
  replyTo?: string | null;
}

/** What `send()` answered: queued, or skipped with the reason in both languages. */
export interface SendResult {
  messageId: string;
  channel: MessageChannel;
  status: 'queued' | 'skipped';
  reason: { 'pt-BR': string; en: string } | null;
  duplicate: boolean;
}

export interface TemplateText {
  subject: string | null;
  body: string;
}

export interface TemplateChannel {
  channel: MessageChannel;
  default: TemplateText;
  custom: (TemplateText & { updatedAt: string }) | null;
}

/** A built-in message template, with the office's own version per channel. */
export interface MessageTemplate {
  key: string;
  description: { 'pt-BR': string; en: string };
  /** Dot paths the template may read, e.g. `user.name`. */
  variables: string[];
  transactional: boolean;
  channels: TemplateChannel[];
}

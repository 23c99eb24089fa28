/**
 * Which module owns each table, and the documented read models: the few places where a module reads
 * another's rows directly instead of calling its index. A module never writes another's table; it reads
 * one only when listed here, with the reason. `test/architecture/table-ownership.test.ts` checks the
 * source against this file, and the type makes a new table name its owner.
 */
import type { Database } from './schema.js';

export type ModuleName =
  | 'platform'
  | 'engine'
  | 'messaging'
  | 'automation'
  | 'clients'
  | 'routines'
  | 'certificates'
  | 'billing'
  | 'tickets'
  | 'collection'
  | 'processes'
  | 'tasks'
  | 'staff';

export const tableOwners: Record<keyof Database, ModuleName> = {
  offices: 'platform',
  professions: 'platform',
  users: 'platform',
  user_professions: 'platform',
  sessions: 'platform',
  api_tokens: 'platform',
  audit_log: 'platform',
  notifications: 'platform',
  clients: 'clients',
  clients_extra: 'clients',
  client_tags: 'clients',
  client_responsibles: 'clients',
  contacts: 'clients',
  services: 'clients',
  jobs: 'engine',
  job_logs: 'engine',
  worker_pools: 'engine',
  workers: 'engine',
  schedules: 'engine',
  schedule_occurrences: 'engine',
  job_daily_stats: 'engine',
  messages: 'messaging',
  mailbox: 'messaging',
  message_templates: 'messaging',
  channel_settings: 'messaging',
  inbound_messages: 'messaging',
  rate_windows: 'messaging',
  events: 'automation',
  automation_rule_settings: 'automation',
  automation_rules: 'automation',
  automation_rule_versions: 'automation',
  automation_entries: 'automation',
  automation_runs: 'automation',
  automation_documents: 'automation',
  automation_triggers: 'automation',
  automation_trigger_fires: 'automation',
  routines: 'routines',
  client_certificates: 'certificates',
  client_certidoes: 'certificates',
  client_certidao_settings: 'certificates',
  billing_settings: 'billing',
  fee_contracts: 'billing',
  invoices: 'billing',
  cnab_files: 'billing',
  cnab_retorno_entries: 'billing',
  invoice_payments: 'billing',
  statement_imports: 'billing',
  statement_lines: 'billing',
  fee_index_rates: 'billing',
  minimum_wages: 'billing',
  fee_adjustments: 'billing',
  bank_accounts: 'billing',
  boletos: 'billing',
  ticket_counters: 'tickets',
  ticket_status_counts: 'tickets',
  tickets: 'tickets',
  ticket_movements: 'tickets',
  ticket_messages: 'tickets',
  ticket_files: 'tickets',
  ticket_sla_policies: 'tickets',
  collection_templates: 'collection',
  collection_template_versions: 'collection',
  collection_programs: 'collection',
  collection_requests: 'collection',
  collection_request_items: 'collection',
  collection_files: 'collection',
  collection_skips: 'collection',
  collection_links: 'collection',
  collection_history: 'collection',
  collection_whatsapp_files: 'collection',
  // processes
  process_pipelines: 'processes',
  process_stages: 'processes',
  process_fields: 'processes',
  process_cards: 'processes',
  process_movements: 'processes',
  process_forms: 'processes',
  tasks: 'tasks',
  task_comments: 'tasks',
};

/** A read of another module's table, allowed because a join in one query is what keeps a page fast. */
export interface ReadModel {
  module: ModuleName;
  table: keyof Database;
  why: string;
}

const names = 'display names joined into list pages and messages (one query instead of one call per row)';

export const readModels: readonly ReadModel[] = [
  { module: 'clients', table: 'users', why: `responsibles' ${names}` },
  { module: 'clients', table: 'professions', why: `responsibles' ${names}` },
  { module: 'engine', table: 'users', why: `who asked for a run: ${names}` },
  {
    module: 'messaging',
    table: 'users',
    why: 'the run summary e-mail goes to the user who asked for the run',
  },
  { module: 'messaging', table: 'clients', why: 'template preview against a real client: its variables' },
  { module: 'messaging', table: 'offices', why: 'the office variables of every template' },
  { module: 'platform', table: 'client_responsibles', why: 'a profession still in use cannot be deleted' },
  {
    module: 'billing',
    table: 'clients',
    why: `invoices' client ${names}; fee contracts of active clients; the payer's address in a remessa`,
  },
  { module: 'certificates', table: 'clients', why: `certificates' and certidões' client ${names}` },
  { module: 'tickets', table: 'clients', why: `tickets' client ${names}` },
  { module: 'tickets', table: 'contacts', why: `the requester's ${names}` },
  { module: 'tickets', table: 'services', why: `tickets' and SLA policies' service ${names}` },
  { module: 'tickets', table: 'users', why: `assignees' ${names}` },
  { module: 'routines', table: 'clients', why: 'a routine selects its audience in batches of clients' },
  { module: 'routines', table: 'client_tags', why: 'the audience filter by tag, in the same query' },
  { module: 'routines', table: 'contacts', why: 'birthdays select contacts by day and month' },
  { module: 'routines', table: 'client_responsibles', why: "a notice goes to the client's responsible" },
  { module: 'routines', table: 'users', why: "a notice goes to the client's responsible" },
  { module: 'routines', table: 'messages', why: 'the dry run shows the exact message each record would get' },
  {
    module: 'collection',
    table: 'clients',
    why: `programações' client ${names}; the audience of a programação`,
  },
  { module: 'collection', table: 'client_tags', why: 'the audience filter by tag, in the same query' },
  {
    module: 'collection',
    table: 'client_responsibles',
    why: "generation reads 500 clients' responsibles per profession in one query",
  },
  {
    module: 'collection',
    table: 'contacts',
    why: "the request and reminders go to the clients' contacts (batches)",
  },
  { module: 'collection', table: 'users', why: `responsibles' ${names}; the office admin as fallback` },
  // processes
  {
    module: 'processes',
    table: 'clients',
    why: `cards' client ${names}; the public form matches a client by CNPJ/CPF`,
  },
  { module: 'processes', table: 'contacts', why: "the public form matches a client by a contact's e-mail" },
  { module: 'processes', table: 'users', why: `cards' responsible ${names}` },
  { module: 'collection', table: 'services', why: `models' service ${names}` },
  { module: 'collection', table: 'professions', why: "a model's professions must be the office's" },
  { module: 'tasks', table: 'users', why: `tasks' responsible, author and commenters: ${names}` },
  { module: 'tasks', table: 'clients', why: `tasks' client ${names}` },
  ...(
    [
      'clients',
      'client_responsibles',
      'users',
      'tickets',
      'ticket_messages',
      'ticket_files',
      'client_certificates',
      'client_certidoes',
      'client_certidao_settings',
      'invoices',
      'inbound_messages',
    ] as const
  ).map((table) => ({
    module: 'staff' as const,
    table,
    why: "the daily digest and idle accounts gather every area's items per client or user in a few queries",
  })),
];

/**
 * Atendimentos (tickets) on the web: the API's shapes (mirroring src/server/modules/tickets/tickets.schema.ts)
 * and the react-query hooks the tickets pages share. All timestamps ISO, money in cents, civil dates
 * `YYYY-MM-DD`; every write that changes a ticket sends the `version` it read (409 when stale).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useLang } from '../i18n/index.js';
import { buildUrl, http, ok, type QueryValue, request } from './client.js';
import type { SortOrder } from './models.js';

export const TICKET_STATUSES = [
  'open',
  'reopened',
  'analyzing',
  'waiting',
  'cancelled',
  'rejected',
  'done',
] as const;
/** Aberto, Reaberto, Analisando, Aguardando, Cancelado, Rejeitado, Finalizado. */
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type TicketKind = 'service' | 'debt_collection';

export interface TicketSla {
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
  firstRespondedAt: string | null;
  paused: boolean;
  overdue: boolean;
}

export interface Ticket {
  id: string;
  number: number;
  clientId: string;
  clientName: string;
  contactId: string | null;
  contactName: string | null;
  serviceId: string | null;
  serviceName: string | null;
  accountantId: string | null;
  accountantName: string | null;
  responsibleId: string | null;
  responsibleName: string | null;
  subject: string;
  description: string | null;
  valueCents: number;
  kind: TicketKind;
  dueDate: string | null;
  debtCents: number | null;
  status: TicketStatus;
  closed: boolean;
  allowedMoves: TicketStatus[];
  openedAt: string;
  updatedAt: string;
  closedAt: string | null;
  version: number;
  movementCount: number;
  notifiedAt: string | null;
  sla: TicketSla;
}

/** What POST /api/tickets takes (PATCH takes any subset plus `version`). */
export interface TicketInput {
  clientId: string;
  contactId: string | null;
  serviceId: string | null;
  accountantId: string | null;
  responsibleId: string | null;
  subject: string;
  description: string | null;
  valueCents: number;
  kind: TicketKind;
  dueDate: string | null;
  debtCents: number | null;
}

export type TicketSortField =
  | 'number'
  | 'openedAt'
  | 'updatedAt'
  | 'value'
  | 'subject'
  | 'status'
  | 'requester'
  | 'responsible'
  | 'service';

/** The grid's filters, shared by the list, the board and the CSV export. */
export interface TicketFilters {
  /** Comma-separated statuses. */
  status?: string;
  responsibleId?: string;
  clientId?: string;
  serviceId?: string;
  openedFrom?: string;
  openedTo?: string;
  mine?: 'true';
  overdue?: 'true';
  q?: string;
}

/** What happened to the e-mail a write tried to send. `reason` is in the request's language. */
export interface EmailOutcome {
  status: 'queued' | 'skipped' | 'disabled';
  reason: string | null;
  messageId: string | null;
}

export interface ChatMessage {
  id: string;
  author: 'staff' | 'client';
  authorName: string | null;
  body: string;
  internal: boolean;
  at: string;
}

export interface TicketFile {
  id: string;
  name: string;
  size: number;
  contentType: string;
  uploadedBy: string | null;
  at: string;
}

export interface SlaPolicy {
  serviceId: string;
  serviceName: string;
  firstResponseHours: number | null;
  resolutionHours: number | null;
}

/** The built-in rule behind "E-mail a cada mudança de status". */
export const STATUS_EMAIL_RULE = 'tickets.status-email';

export const ticketKeys = {
  all: ['tickets'] as const,
  list: (params: Record<string, unknown>) => ['tickets', 'list', params] as const,
  board: (params: Record<string, unknown>) => ['tickets', 'board', params] as const,
  workflow: ['tickets-workflow'] as const,
  accountants: ['tickets-accountants'] as const,
  ticket: (id: string) => ['ticket', id] as const,
  movements: (id: string) => ['ticket', id, 'movements'] as const,
  chat: (id: string) => ['ticket', id, 'chat'] as const,
  files: (id: string) => ['ticket', id, 'files'] as const,
  history: (id: string) => ['ticket', id, 'history'] as const,
  slaPolicies: ['tickets-sla-policies'] as const,
  builtinRules: ['automation-builtin-rules'] as const,
  serviceCatalog: ['services', 'tickets-catalog'] as const,
};

/** Drops empty filters so that the query key and the URL only carry what is set. */
export function cleanFilters(filters: TicketFilters): Record<string, QueryValue> {
  const out: Record<string, QueryValue> = {};
  for (const [key, value] of Object.entries(filters)) if (value) out[key] = value;
  return out;
}

/** The CSV of every ticket that matches the grid's filters and sort. */
export function exportUrl(filters: TicketFilters, sort: TicketSortField, order: SortOrder): string {
  return buildUrl('/api/tickets/export.csv', { ...cleanFilters(filters), sort, order });
}

export function useTicketList(query: Record<string, QueryValue>) {
  return useQuery({
    queryKey: ticketKeys.list(query),
    queryFn: ({ signal }) => ok(http.GET('/api/tickets', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useTicketBoard(filters: Record<string, QueryValue>) {
  return useQuery({
    queryKey: ticketKeys.board(filters),
    queryFn: ({ signal }) => ok(http.GET('/api/tickets/board', { params: { query: filters }, signal })),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

/** The workflow: per status, its label, whether it is closed, and where it may move. */
export function useWorkflow() {
  const [lang] = useLang();
  return useQuery({
    queryKey: [...ticketKeys.workflow, lang],
    queryFn: ({ signal }) => ok(http.GET('/api/tickets/workflow', { signal })),
    select: (data) => data.statuses,
    staleTime: 10 * 60_000,
  });
}

export function useTicket(id: string) {
  return useQuery({
    queryKey: ticketKeys.ticket(id),
    queryFn: ({ signal }) => ok(http.GET('/api/tickets/{id}', { params: { path: { id } }, signal })),
    enabled: Boolean(id),
  });
}

/** The users with the Contador profession, for the Contador select. */
export function useAccountants() {
  return useQuery({
    queryKey: ticketKeys.accountants,
    queryFn: ({ signal }) => ok(http.GET('/api/tickets/accountants', { signal })),
    select: (data) => data.items,
    staleTime: 60_000,
  });
}

/** The active services of the catalog (name and default value), for the Serviço selects. */
export function useServiceCatalog() {
  return useQuery({
    queryKey: ticketKeys.serviceCatalog,
    queryFn: ({ signal }) =>
      ok(
        http.GET('/api/services', {
          params: { query: { active: 'true', pageSize: 100, sort: 'name', order: 'asc' } },
          signal,
        }),
      ),
    select: (data) => data.items,
    staleTime: 60_000,
  });
}

export function useMovements(id: string) {
  return useQuery({
    queryKey: ticketKeys.movements(id),
    queryFn: ({ signal }) =>
      ok(http.GET('/api/tickets/{id}/movements', { params: { path: { id } }, signal })),
  });
}

/** The office's built-in automation rules ("E-mail a cada mudança de status"). */
export function useBuiltinRules() {
  return useQuery({
    queryKey: ticketKeys.builtinRules,
    queryFn: ({ signal }) => ok(http.GET('/api/automation/builtin-rules', { signal })),
    select: (data) => data.items,
    staleTime: 60_000,
    retry: false,
  });
}

/** Uploads attachments to a ticket in one multipart request; answers the stored files. */
/** The files attached, and those of the same upload the server refused, with why (in the user's language). */
export interface TicketUploadResult {
  items: TicketFile[];
  refused: { name: string; code: string; reason: string }[];
}

export function uploadTicketFiles(id: string, files: File[]) {
  const body = new FormData();
  for (const file of files) body.append('file', file, file.name);
  return request<TicketUploadResult>(`/api/tickets/${id}/files`, { method: 'POST', body });
}

export function useTicketChat(id: string) {
  return useQuery({
    queryKey: ticketKeys.chat(id),
    queryFn: ({ signal }) => ok(http.GET('/api/tickets/{id}/chat', { params: { path: { id } }, signal })),
    // The client answers through the portal: keep the conversation fresh while it is open.
    refetchInterval: 10_000,
    staleTime: 0,
  });
}

export function useTicketFiles(id: string) {
  return useQuery({
    queryKey: ticketKeys.files(id),
    queryFn: ({ signal }) => ok(http.GET('/api/tickets/{id}/files', { params: { path: { id } }, signal })),
  });
}

export function useTicketHistory(id: string) {
  const [lang] = useLang();
  return useQuery({
    queryKey: [...ticketKeys.history(id), lang],
    queryFn: ({ signal }) => ok(http.GET('/api/tickets/{id}/history', { params: { path: { id } }, signal })),
    staleTime: 0,
  });
}

/**
 * Atendimentos (tickets) on the web: the API's shapes (derived from the generated `schema.d.ts`, never
 * written by hand) and the react-query hooks the tickets pages share. All timestamps ISO, money in cents, civil dates
 * `YYYY-MM-DD`; every write that changes a ticket sends the `version` it read (409 when stale).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useLang } from '../i18n/index.js';
import { apiUrl, getQuery, http, ok, type QueryValue } from './client.js';
import type { Answer, Body, Item, Query, SortOrder } from './models.js';

/** A ticket as the API answers it (list, board and detail send the same shape). */
export type Ticket = Answer<'/api/tickets/{id}'>;
/** Aberto, Reaberto, Analisando, Aguardando, Cancelado, Rejeitado, Finalizado. */
export type TicketStatus = Ticket['status'];
export type TicketKind = Ticket['kind'];
export type TicketSla = Ticket['sla'];

/** Every status, in the workflow's order (the filter's options). */
/** What the list may be sorted by: the server's own list (src/shared/schemas/tickets.ts). */
export {
  ticketSortable as TICKET_SORT_FIELDS,
  ticketStatuses as TICKET_STATUSES,
} from '../../shared/schemas/tickets.js';

/** What POST /api/tickets takes (PATCH takes any subset plus `version`). */
export type TicketInput = Body<'/api/tickets', 'post'>;

export type TicketSortField = NonNullable<Query<'/api/tickets'>['sort']>;

type TicketQuery = Query<'/api/tickets'>;
/** The grid's filters, shared by the list, the board and the CSV export (as they sit in the URL). */
export type TicketFilters = Pick<
  TicketQuery,
  'responsibleId' | 'clientId' | 'serviceId' | 'openedFrom' | 'openedTo' | 'q'
> & {
  /** Comma-separated statuses. */
  status?: string;
  mine?: 'true';
  overdue?: 'true';
};

/** What happened to the e-mail a write tried to send. `reason` is in the request's language. */
export type EmailOutcome = Answer<'/api/tickets/{id}/notify', 'post'>['email'];

export type ChatMessage = Answer<'/api/tickets/{id}/chat'>[number];

export type TicketFile = Answer<'/api/tickets/{id}/files'>[number];

export type SlaPolicy = Item<Answer<'/api/tickets/sla-policies'>>;

/** The template the status e-mail rules of the tickets pipeline send ("E-mail a cada mudança de status"). */
const STATUS_EMAIL_TEMPLATE = 'tickets.status-changed';

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
  statusEmailStages: ['automation-rules', 'tickets', 'status-email'] as const,
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
  return apiUrl('/api/tickets/export.csv', undefined, { ...cleanFilters(filters), sort, order });
}

export function useTicketList(query: Record<string, QueryValue>) {
  return useQuery({
    ...getQuery(ticketKeys.list(query), '/api/tickets', { params: { query } }),
    placeholderData: keepPreviousData,
  });
}

export function useTicketBoard(filters: Record<string, QueryValue>) {
  return useQuery({
    ...getQuery(ticketKeys.board(filters), '/api/tickets/board', { params: { query: filters } }),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

/** The workflow: per status, its label, whether it is closed, and where it may move. */
export function useWorkflow() {
  const [lang] = useLang();
  return useQuery({
    ...getQuery([...ticketKeys.workflow, lang], '/api/tickets/workflow'),
    select: (data) => data.statuses,
    staleTime: 10 * 60_000,
  });
}

export function useTicket(id: string) {
  return useQuery({
    ...getQuery(ticketKeys.ticket(id), '/api/tickets/{id}', { params: { path: { id } } }),
    enabled: Boolean(id),
  });
}

/** The users with the Contador profession, for the Contador select. */
export function useAccountants() {
  return useQuery({
    ...getQuery(ticketKeys.accountants, '/api/tickets/accountants'),
    select: (data) => data.items,
    staleTime: 60_000,
  });
}

/** The active services of the catalog (name and default value), for the Serviço selects. */
export function useServiceCatalog() {
  return useQuery({
    ...getQuery(ticketKeys.serviceCatalog, '/api/services', {
      params: { query: { active: 'true', pageSize: 100, sort: 'name', order: 'asc' } },
    }),
    select: (data) => data.items,
    staleTime: 60_000,
  });
}

export function useMovements(id: string) {
  return useQuery({
    ...getQuery(ticketKeys.movements(id), '/api/tickets/{id}/movements', { params: { path: { id } } }),
  });
}

/**
 * The statuses whose entry e-mails the client: those with an enabled, published "Enviar e-mail" rule with
 * the status template on the tickets pipeline (Automações). Unknown (no data) when the user may not read
 * the rules.
 */
export function useStatusEmailStages() {
  return useQuery({
    ...getQuery(ticketKeys.statusEmailStages, '/api/automation/pipelines/{pipelineId}/rules', {
      params: { path: { pipelineId: 'tickets' } },
    }),
    select: (data) =>
      new Set(
        data.stages
          .filter((s) =>
            s.rules.some(
              (r) =>
                r.enabled &&
                r.published?.definition.action === 'message.email' &&
                r.published.definition.input.template === STATUS_EMAIL_TEMPLATE,
            ),
          )
          .map((s) => s.stageId),
      ),
    staleTime: 60_000,
    retry: false,
  });
}

/**
 * Uploads attachments to a ticket in one multipart request (one `file` part per file); answers the files
 * attached and those of the same upload the server refused, with why (in the user's language).
 */
export function uploadTicketFiles(id: string, files: File[]) {
  return ok(
    http.POST('/api/tickets/{id}/files', {
      params: { path: { id } },
      body: { file: files },
      bodySerializer: (body) => {
        const form = new FormData();
        for (const file of body.file) form.append('file', file, file instanceof File ? file.name : 'file');
        return form;
      },
    }),
  );
}

export function useTicketChat(id: string) {
  return useQuery({
    ...getQuery(ticketKeys.chat(id), '/api/tickets/{id}/chat', { params: { path: { id } } }),
    // The client answers through the portal: keep the conversation fresh while it is open.
    refetchInterval: 10_000,
    staleTime: 0,
  });
}

export function useTicketFiles(id: string) {
  return useQuery({
    ...getQuery(ticketKeys.files(id), '/api/tickets/{id}/files', { params: { path: { id } } }),
  });
}

export function useTicketHistory(id: string) {
  const [lang] = useLang();
  return useQuery({
    ...getQuery([...ticketKeys.history(id), lang], '/api/tickets/{id}/history', { params: { path: { id } } }),
    staleTime: 0,
  });
}

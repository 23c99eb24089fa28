/**
 * Cobrança de Arquivos on the web: the API's shapes, the query keys and hooks the collection screens share,
 * and the client page's calls. Competências `YYYY-MM`, civil dates `YYYY-MM-DD`, timestamps ISO.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useLang } from '../i18n/index.js';
import { type UploadProgress, uploadWithProgress } from '../lib/upload.js';
import { buildUrl, type QueryValue, request } from './client.js';
import type {
  ClientSkip,
  CloseInput,
  HistoryEntry,
  PortalAnswer,
  PortalUploadAnswer,
  PortalView,
  Program,
  RequestDetail,
  RequestRow,
  RequestStatus,
  Requirement,
  ScheduleInput,
  SchedulePreview,
  StaffUploadResult,
  Template,
  TemplateInput,
  TemplateSummary,
} from './collection-draft.js';

export type {
  CloseInput,
  CollectionFile,
  ItemState,
  PortalAnswer,
  PortalItem,
  PortalView,
  Program,
  RequestDetail,
  RequestItem,
  RequestRow,
  RequestStatus,
  ScheduleInput,
  SchedulePreview,
  Template,
  TemplateInput,
  TemplateItemInput,
  TemplateSummary,
} from './collection-draft.js';

export const ITEM_KINDS = ['file', 'activity'] as const;
export const REQUIREMENTS = ['required', 'should', 'optional'] as const;
export const REQUEST_STATUSES = ['open', 'started', 'closed', 'cancelled'] as const;
/** The baixa's statuses the office picks from; anything else typed is the office's own label. */
export const CLOSE_STATUSES = ['delivered', 'delivered_with_pending', 'cancelled'] as const;
export const REQUEST_SORT_FIELDS = ['dueDate', 'competencia', 'client', 'status', 'progress'] as const;
export type RequestSortField = (typeof REQUEST_SORT_FIELDS)[number];

/** The states that settle an item (they move the progress bar). */
export const SETTLED_STATES = [
  'received',
  'none_this_month',
  'never_ask_again',
  'dispensed',
  'done',
] as const;
export const isSettled = (state: string) => (SETTLED_STATES as readonly string[]).includes(state);

/** The file types an item may accept (extensions), offered by the Processo Modelo's checklist editor. */
export const FILE_TYPES = [
  'pdf',
  'xml',
  'ofx',
  'jpg',
  'jpeg',
  'png',
  'gif',
  'webp',
  'tif',
  'tiff',
  'csv',
  'txt',
  'xls',
  'xlsx',
  'doc',
  'docx',
  'ods',
  'odt',
  'zip',
  'ret',
  'rem',
] as const;

export const DEFAULT_REMINDER_OFFSETS = [-3, -1, 0, 2, 5];

/** The filters of the Serviços Programados grid, as the API takes them. */
export interface RequestQuery {
  competencia?: string;
  status?: RequestStatus;
  responsibleId?: string;
  clientId?: string;
  overdue?: 'true';
  mine?: 'true';
  q?: string;
  page: number;
  pageSize: number;
  sort: RequestSortField;
  order: 'asc' | 'desc';
}

export const collectionKeys = {
  all: ['collection'] as const,
  templates: (active: boolean) => ['collection', 'templates', active] as const,
  template: (id: string) => ['collection', 'template', id] as const,
  templatePreview: (id: string) => ['collection', 'template', id, 'preview'] as const,
  requests: (query: object) => ['collection', 'requests', query] as const,
  request: (id: string) => ['collection', 'request', id] as const,
  history: (id: string) => ['collection', 'request', id, 'history'] as const,
  programs: ['collection', 'programs'] as const,
  skips: (clientId: string) => ['collection', 'skips', clientId] as const,
  portal: (token: string) => ['collection-portal', token] as const,
};

function clean(query: object): Record<string, QueryValue> {
  const out: Record<string, QueryValue> = {};
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') out[key] = value;
  return out;
}

// ---------------------------------------------------------------- Processos Modelo

export function useTemplates(active: boolean) {
  return useQuery({
    queryKey: collectionKeys.templates(active),
    queryFn: ({ signal }) =>
      request<{ items: TemplateSummary[] }>('/api/collection/templates', {
        query: { active: String(active) },
        signal,
      }),
    select: (data) => data.items,
    placeholderData: keepPreviousData,
  });
}

export function useTemplate(id: string | undefined) {
  return useQuery({
    queryKey: collectionKeys.template(id ?? ''),
    queryFn: ({ signal }) => request<Template>(`/api/collection/templates/${id}`, { signal }),
    enabled: Boolean(id),
  });
}

/** The client's page as a fictitious client would see it, for the model's preview. */
export function useTemplatePreview(id: string, enabled: boolean) {
  return useQuery({
    queryKey: collectionKeys.templatePreview(id),
    queryFn: ({ signal }) => request<PortalView>(`/api/collection/templates/${id}/preview`, { signal }),
    enabled,
    staleTime: 0,
  });
}

export const saveTemplate = (id: string | null, body: TemplateInput) =>
  id
    ? request<Template>(`/api/collection/templates/${id}`, { method: 'PUT', json: body })
    : request<Template>('/api/collection/templates', { method: 'POST', json: body });

export const copyTemplate = (id: string) =>
  request<Template>(`/api/collection/templates/${id}/copy`, { method: 'POST', json: {} });

export const setTemplateActive = (id: string, active: boolean) =>
  request<Template>(`/api/collection/templates/${id}/active`, { method: 'POST', json: { active } });

// ---------------------------------------------------------------- Programar

export const previewSchedule = (body: ScheduleInput) =>
  request<SchedulePreview>('/api/collection/schedule/preview', { method: 'POST', json: body });

export const createSchedule = (body: ScheduleInput) =>
  request<{ created: number; programId: string | null }>('/api/collection/schedule', {
    method: 'POST',
    json: body,
  });

/** The recurring programações (each an engine schedule), and stopping one. */
export function usePrograms() {
  return useQuery({
    queryKey: collectionKeys.programs,
    queryFn: ({ signal }) => request<{ items: Program[] }>('/api/collection/programs', { signal }),
    select: (data) => data.items,
  });
}

export const stopProgram = (id: string) =>
  request<unknown>(`/api/collection/programs/${encodeURIComponent(id)}`, { method: 'DELETE' });

// ---------------------------------------------------------------- Serviços Programados

export function useRequests(query: RequestQuery) {
  return useQuery({
    queryKey: collectionKeys.requests(query),
    queryFn: ({ signal }) =>
      request<{ items: RequestRow[]; total: number }>('/api/collection/requests', {
        query: clean(query),
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

/** The CSV of every programação the grid's filters match. */
export const requestsCsvUrl = (query: Omit<RequestQuery, 'page' | 'pageSize'>) =>
  buildUrl('/api/collection/requests.csv', clean(query));

export function useRequest(id: string) {
  return useQuery({
    queryKey: collectionKeys.request(id),
    queryFn: ({ signal }) => request<RequestDetail>(`/api/collection/requests/${id}`, { signal }),
    enabled: Boolean(id),
    // The client answers from the portal: keep the checklist fresh while the screen is open.
    refetchInterval: 15_000,
  });
}

export function useRequestHistory(id: string) {
  const [lang] = useLang();
  return useQuery({
    queryKey: [...collectionKeys.history(id), lang],
    queryFn: ({ signal }) =>
      request<{ items: HistoryEntry[] }>(`/api/collection/requests/${id}/history`, { signal }),
    select: (data) => data.items,
    staleTime: 0,
  });
}

export const requestZipUrl = (id: string) => `/api/collection/requests/${encodeURIComponent(id)}/zip`;

export const requestFileUrl = (id: string, fileId: string, inline = false) =>
  buildUrl(`/api/collection/requests/${encodeURIComponent(id)}/files/${encodeURIComponent(fileId)}`, {
    inline: inline ? 1 : undefined,
  });

export type ItemPatch = {
  requirement?: Requirement;
  comment?: string;
  state?: 'dispensed' | 'done' | 'pending';
};

export const patchItem = (id: string, itemId: string, body: ItemPatch) =>
  request<unknown>(`/api/collection/requests/${id}/items/${itemId}`, { method: 'PATCH', json: body });

export const reopenItem = (id: string, itemId: string, body: { comment: string; notify: boolean }) =>
  request<unknown>(`/api/collection/requests/${id}/items/${itemId}/reopen`, { method: 'POST', json: body });

export const notifyClient = (id: string) =>
  request<{ messages: number; skipped: number }>(`/api/collection/requests/${id}/notify`, {
    method: 'POST',
    json: {},
  });

export const transferRequest = (id: string, responsibleId: string) =>
  request<unknown>(`/api/collection/requests/${id}/transfer`, { method: 'POST', json: { responsibleId } });

export const closeRequest = (id: string, body: CloseInput) =>
  request<unknown>(`/api/collection/requests/${id}/close`, { method: 'POST', json: body });

export const reopenRequest = (id: string) =>
  request<unknown>(`/api/collection/requests/${id}/reopen`, { method: 'POST', json: {} });

/** The office attaches one file to an item by hand ([7]); one request per file, with its progress. */
export const uploadStaffFile = (
  id: string,
  itemId: string,
  file: File,
  onProgress?: (progress: UploadProgress) => void,
) =>
  uploadWithProgress<StaffUploadResult>(
    `/api/collection/requests/${encodeURIComponent(id)}/items/${encodeURIComponent(itemId)}/files`,
    file,
    { csrf: true, onProgress },
  );

// ---------------------------------------------------------------- contacts' links, clients' choices

export const issueContactLink = (contactId: string) =>
  request<{ url: string; token: string }>(`/api/collection/contacts/${contactId}/link`, {
    method: 'POST',
    json: {},
  });

export const revokeContactLink = (contactId: string) =>
  request<unknown>(`/api/collection/contacts/${contactId}/link`, { method: 'DELETE' });

/** The items a client said not to be asked for again ("Não me pedir nos próximos meses"). */
export function useClientSkips(clientId: string) {
  return useQuery({
    queryKey: collectionKeys.skips(clientId),
    queryFn: ({ signal }) =>
      request<{ items: ClientSkip[] }>(`/api/collection/clients/${clientId}/skips`, { signal }),
    select: (data) => data.items,
    enabled: Boolean(clientId),
  });
}

/** The office puts an item back: the following programações ask for it again. */
export const deleteClientSkip = (clientId: string, itemKey: string) =>
  request<unknown>(`/api/collection/clients/${clientId}/skips/${encodeURIComponent(itemKey)}`, {
    method: 'DELETE',
  });

// ---------------------------------------------------------------- the client's page (public)

export function usePortal(token: string) {
  return useQuery({
    queryKey: collectionKeys.portal(token),
    queryFn: ({ signal }) =>
      request<PortalView>(`/api/portal/collection/${encodeURIComponent(token)}`, {
        signal,
        noAuthRedirect: true,
      }),
    retry: false,
    refetchOnWindowFocus: false,
  });
}

const portalPath = (token: string) => `/api/portal/collection/${encodeURIComponent(token)}`;

export const uploadPortalFile = (
  token: string,
  itemId: string,
  file: File,
  options: { onProgress?: (progress: UploadProgress) => void; signal?: AbortSignal },
) =>
  uploadWithProgress<PortalUploadAnswer>(
    `${portalPath(token)}/items/${encodeURIComponent(itemId)}/files`,
    file,
    { csrf: false, ...options },
  );

export const deletePortalFile = (token: string, fileId: string) =>
  request<unknown>(`${portalPath(token)}/files/${encodeURIComponent(fileId)}`, {
    method: 'DELETE',
    noAuthRedirect: true,
  });

export const answerPortalItem = (
  token: string,
  itemId: string,
  body: { answer: PortalAnswer; sendLaterOn?: string },
) =>
  request<unknown>(`${portalPath(token)}/items/${encodeURIComponent(itemId)}/answer`, {
    method: 'POST',
    json: body,
    noAuthRedirect: true,
  });

export const requestPortalReceipt = (token: string) =>
  request<{ sentTo: string; files: number }>(`${portalPath(token)}/receipt`, {
    method: 'POST',
    json: {},
    noAuthRedirect: true,
  });

// ---------------------------------------------------------------- small helpers

/** `2026-10` → `10/2026`. */
export const formatCompetencia = (competencia: string) =>
  `${competencia.slice(5, 7)}/${competencia.slice(0, 4)}`;

/** `4 MiB`, `512 KiB`… for an item's size limit. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

/** Whether a file's name ends with one of the item's accepted extensions (none listed: any). */
export function acceptsFile(acceptedTypes: readonly string[], name: string): boolean {
  if (acceptedTypes.length === 0) return true;
  const ext = name.toLowerCase().split('.').pop() ?? '';
  const accepted = acceptedTypes.map((x) => x.toLowerCase().replace(/^\./, ''));
  return accepted.includes(ext) || (ext === 'jpeg' && accepted.includes('jpg'));
}

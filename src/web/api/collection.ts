/**
 * Cobrança de Arquivos on the web: the API's shapes, the query keys and hooks the collection screens share,
 * and the client page's calls. Competências `YYYY-MM`, civil dates `YYYY-MM-DD`, timestamps ISO.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useLang } from '../i18n/index.js';
import { type UploadProgress, uploadWithProgress } from '../lib/upload.js';
import { apiUrl, getQuery, http, NO_AUTH_REDIRECT, ok } from './client.js';
import type { Answer, Body, Item, Query } from './models.js';

// The API's shapes, as the server defines them (generated from its route schemas).
export type TemplateSummary = Item<Answer<'/api/collection/templates'>>;
export type Template = Answer<'/api/collection/templates/{id}'>;
export type TemplateInput = Body<'/api/collection/templates', 'post'>;
export type TemplateItemInput = TemplateInput['items'][number];
export type ItemKind = TemplateItemInput['kind'];
export type Requirement = TemplateItemInput['requirement'];
export type FileType = NonNullable<TemplateItemInput['acceptedTypes']>[number];
export type ScheduleInput = Body<'/api/collection/schedule', 'post'>;
export type Program = Item<Answer<'/api/collection/programs'>>;
export type RequestRow = Item<Answer<'/api/collection/requests'>>;
export type RequestStatus = RequestRow['status'];
export type RequestDetail = Answer<'/api/collection/requests/{id}'>;
export type RequestItem = RequestDetail['items'][number];
export type ItemState = RequestItem['state'];
export type CollectionFile = RequestItem['files'][number];
export type ItemPatch = Body<'/api/collection/requests/{id}/items/{itemId}', 'patch'>;
export type CloseInput = Body<'/api/collection/requests/{id}/close', 'post'>;
export type StaffUploadResult = Answer<'/api/collection/requests/{id}/items/{itemId}/files', 'post'>;
export type PortalView = Answer<'/api/portal/collection/{token}'>;
export type PortalItem = PortalView['companies'][number]['requests'][number]['items'][number];
export type PortalAnswerInput = Body<'/api/portal/collection/{token}/items/{itemId}/answer', 'post'>;
export type PortalAnswer = PortalAnswerInput['answer'];
export type PortalUploadAnswer = Answer<'/api/portal/collection/{token}/items/{itemId}/files', 'post'>;
type RequestListQuery = Query<'/api/collection/requests'>;

// The closed sets, the very lists the server's schemas use (src/shared/schemas/collection.ts).
export {
  closeStatuses as CLOSE_STATUSES,
  DEFAULT_REMINDER_OFFSETS,
  fileTypes as FILE_TYPES,
  isSettled,
  itemKinds as ITEM_KINDS,
  itemRequirements as REQUIREMENTS,
  requestSortable as REQUEST_SORT_FIELDS,
  requestStatuses as REQUEST_STATUSES,
} from '../../shared/schemas/collection.js';

/** The filters of the Serviços Programados grid, as the API takes them. */
export type RequestQuery = RequestListQuery & { page: number; pageSize: number };

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

// ---------------------------------------------------------------- Processos Modelo

export function useTemplates(active: boolean) {
  return useQuery({
    ...getQuery(collectionKeys.templates(active), '/api/collection/templates', {
      params: { query: { active: active ? 'true' : 'false' } },
    }),
    select: (data) => data.items,
    placeholderData: keepPreviousData,
  });
}

export function useTemplate(id: string | undefined) {
  return useQuery({
    ...getQuery(collectionKeys.template(id ?? ''), '/api/collection/templates/{id}', {
      params: { path: { id: id ?? '' } },
    }),
    enabled: Boolean(id),
  });
}

/** The client's page as a fictitious client would see it, for the model's preview. */
export function useTemplatePreview(id: string, enabled: boolean) {
  return useQuery({
    ...getQuery(collectionKeys.templatePreview(id), '/api/collection/templates/{id}/preview', {
      params: { path: { id } },
    }),
    enabled,
    staleTime: 0,
  });
}

export const saveTemplate = (id: string | null, body: TemplateInput) =>
  id
    ? ok(http.PUT('/api/collection/templates/{id}', { params: { path: { id } }, body }))
    : ok(http.POST('/api/collection/templates', { body }));

export const copyTemplate = (id: string) =>
  ok(http.POST('/api/collection/templates/{id}/copy', { params: { path: { id } } }));

export const setTemplateActive = (id: string, active: boolean) =>
  ok(http.POST('/api/collection/templates/{id}/active', { params: { path: { id } }, body: { active } }));

// ---------------------------------------------------------------- Programar

export const previewSchedule = (body: ScheduleInput) =>
  ok(http.POST('/api/collection/schedule/preview', { body }));

export const createSchedule = (body: ScheduleInput) => ok(http.POST('/api/collection/schedule', { body }));

/** The recurring programações (each an engine schedule), and stopping one. */
export function usePrograms() {
  return useQuery({
    ...getQuery(collectionKeys.programs, '/api/collection/programs'),
    select: (data) => data.items,
  });
}

export const stopProgram = (id: string) =>
  ok(http.DELETE('/api/collection/programs/{id}', { params: { path: { id } } }));

// ---------------------------------------------------------------- Serviços Programados

export function useRequests(query: RequestQuery) {
  return useQuery({
    ...getQuery(collectionKeys.requests(query), '/api/collection/requests', { params: { query } }),
    placeholderData: keepPreviousData,
  });
}

/** The CSV of every programação the grid's filters match. */
export const requestsCsvUrl = (query: RequestListQuery) =>
  apiUrl('/api/collection/requests.csv', undefined, query);

export function useRequest(id: string) {
  return useQuery({
    ...getQuery(collectionKeys.request(id), '/api/collection/requests/{id}', { params: { path: { id } } }),
    enabled: Boolean(id),
    // The client answers from the portal: keep the checklist fresh while the screen is open.
    refetchInterval: 15_000,
  });
}

export function useRequestHistory(id: string) {
  const [lang] = useLang();
  return useQuery({
    ...getQuery([...collectionKeys.history(id), lang], '/api/collection/requests/{id}/history', {
      params: { path: { id } },
    }),
    select: (data) => data.items,
    staleTime: 0,
  });
}

export const requestZipUrl = (id: string) => apiUrl('/api/collection/requests/{id}/zip', { id });

export const requestFileUrl = (id: string, fileId: string, inline = false) =>
  apiUrl('/api/collection/requests/{id}/files/{fileId}', { id, fileId }, { inline: inline ? 1 : undefined });

export const patchItem = (id: string, itemId: string, body: ItemPatch) =>
  ok(http.PATCH('/api/collection/requests/{id}/items/{itemId}', { params: { path: { id, itemId } }, body }));

export const reopenItem = (id: string, itemId: string, body: { comment: string; notify: boolean }) =>
  ok(
    http.POST('/api/collection/requests/{id}/items/{itemId}/reopen', {
      params: { path: { id, itemId } },
      body,
    }),
  );

export const notifyClient = (id: string) =>
  ok(http.POST('/api/collection/requests/{id}/notify', { params: { path: { id } } }));

export const transferRequest = (id: string, responsibleId: string) =>
  ok(
    http.POST('/api/collection/requests/{id}/transfer', {
      params: { path: { id } },
      body: { responsibleId },
    }),
  );

export const closeRequest = (id: string, body: CloseInput) =>
  ok(http.POST('/api/collection/requests/{id}/close', { params: { path: { id } }, body }));

export const reopenRequest = (id: string) =>
  ok(http.POST('/api/collection/requests/{id}/reopen', { params: { path: { id } } }));

/** The office attaches one file to an item by hand ([7]); one request per file, with its progress. */
export const uploadStaffFile = (
  id: string,
  itemId: string,
  file: File,
  onProgress?: (progress: UploadProgress) => void,
) =>
  uploadWithProgress<StaffUploadResult>(
    apiUrl('/api/collection/requests/{id}/items/{itemId}/files', { id, itemId }),
    file,
    { csrf: true, onProgress },
  );

// ---------------------------------------------------------------- contacts' links, clients' choices

export const issueContactLink = (contactId: string) =>
  ok(http.POST('/api/collection/contacts/{contactId}/link', { params: { path: { contactId } } }));

export const revokeContactLink = (contactId: string) =>
  ok(http.DELETE('/api/collection/contacts/{contactId}/link', { params: { path: { contactId } } }));

/** The items a client said not to be asked for again ("Não me pedir nos próximos meses"). */
export function useClientSkips(clientId: string) {
  return useQuery({
    ...getQuery(collectionKeys.skips(clientId), '/api/collection/clients/{clientId}/skips', {
      params: { path: { clientId } },
    }),
    select: (data) => data.items,
    enabled: Boolean(clientId),
  });
}

/** The office puts an item back: the following programações ask for it again. */
export const deleteClientSkip = (clientId: string, itemKey: string) =>
  ok(
    http.DELETE('/api/collection/clients/{clientId}/skips/{itemKey}', {
      params: { path: { clientId, itemKey } },
    }),
  );

// ---------------------------------------------------------------- the client's page (public)

export function usePortal(token: string) {
  return useQuery({
    ...getQuery(collectionKeys.portal(token), '/api/portal/collection/{token}', {
      params: { path: { token } },
      headers: NO_AUTH_REDIRECT,
    }),
    retry: false,
    refetchOnWindowFocus: false,
  });
}

export const uploadPortalFile = (
  token: string,
  itemId: string,
  file: File,
  options: { onProgress?: (progress: UploadProgress) => void; signal?: AbortSignal },
) =>
  uploadWithProgress<PortalUploadAnswer>(
    apiUrl('/api/portal/collection/{token}/items/{itemId}/files', { token, itemId }),
    file,
    { csrf: false, ...options },
  );

export const deletePortalFile = (token: string, fileId: string) =>
  ok(
    http.DELETE('/api/portal/collection/{token}/files/{fileId}', {
      params: { path: { token, fileId } },
      headers: NO_AUTH_REDIRECT,
    }),
  );

export const answerPortalItem = (token: string, itemId: string, body: PortalAnswerInput) =>
  ok(
    http.POST('/api/portal/collection/{token}/items/{itemId}/answer', {
      params: { path: { token, itemId } },
      body,
      headers: NO_AUTH_REDIRECT,
    }),
  );

export const requestPortalReceipt = (token: string) =>
  ok(
    http.POST('/api/portal/collection/{token}/receipt', {
      params: { path: { token } },
      headers: NO_AUTH_REDIRECT,
    }),
  );

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

/**
 * Processos on the web: the API's shapes, query keys and hooks the process screens share, and the public
 * form's calls (no login).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getQuery, http, NO_AUTH_REDIRECT, ok } from './client.js';
import type { Answer, Body, Query } from './models.js';

export type Pipeline = Answer<'/api/processes/pipelines/{id}'>;
export type Stage = Pipeline['stages'][number];
export type ProcessField = Pipeline['fields'][number];
export type FormInput = Body<'/api/processes/pipelines/{id}/form', 'put'>;
export type FieldInput = Body<'/api/processes/pipelines/{id}/fields', 'post'>;
export type Board = Answer<'/api/processes/pipelines/{id}/board'>;
export type Card = Board['columns'][number]['cards'][number];
export type CardDetail = Answer<'/api/processes/cards/{id}'>;
export type CardInput = Body<'/api/processes/cards', 'post'>;
export type CardPatch = Body<'/api/processes/cards/{id}', 'patch'>;
export type CardQuery = Query<'/api/processes/cards'>;
export type FormSubmission = Body<'/api/public/forms/{token}', 'post'>;

export {
  askKeys as ASK_KEYS,
  askLevels as ASK_LEVELS,
  cardSortable as CARD_SORT_FIELDS,
  cardStates as CARD_STATES,
  processFieldTypes as FIELD_TYPES,
} from '../../shared/schemas/processes.js';

export const processKeys = {
  all: ['processes'] as const,
  pipelines: ['processes', 'pipelines'] as const,
  pipeline: (id: string) => ['processes', 'pipeline', id] as const,
  board: (id: string) => ['processes', 'board', id] as const,
  cards: (query: object) => ['processes', 'cards', query] as const,
  card: (id: string) => ['processes', 'card', id] as const,
  publicForm: (token: string) => ['public-form', token] as const,
};

export function usePipelines() {
  return useQuery({
    ...getQuery(processKeys.pipelines, '/api/processes/pipelines'),
    select: (data) => data.items,
  });
}

export function usePipeline(id: string) {
  return useQuery({
    ...getQuery(processKeys.pipeline(id), '/api/processes/pipelines/{id}', { params: { path: { id } } }),
    enabled: id !== '',
  });
}

export function useBoard(id: string) {
  return useQuery({
    ...getQuery(processKeys.board(id), '/api/processes/pipelines/{id}/board', { params: { path: { id } } }),
  });
}

export function useCards(query: CardQuery) {
  return useQuery({
    ...getQuery(processKeys.cards(query), '/api/processes/cards', { params: { query } }),
    placeholderData: keepPreviousData,
  });
}

export function useCard(id: string) {
  return useQuery({
    ...getQuery(processKeys.card(id), '/api/processes/cards/{id}', { params: { path: { id } } }),
  });
}

export const createPipeline = (body: Body<'/api/processes/pipelines', 'post'>) =>
  ok(http.POST('/api/processes/pipelines', { body }));
export const updatePipeline = (id: string, body: Body<'/api/processes/pipelines/{id}', 'put'>) =>
  ok(http.PUT('/api/processes/pipelines/{id}', { params: { path: { id } }, body }));
export const addStage = (id: string, body: Body<'/api/processes/pipelines/{id}/stages', 'post'>) =>
  ok(http.POST('/api/processes/pipelines/{id}/stages', { params: { path: { id } }, body }));
export const updateStage = (id: string, body: Body<'/api/processes/stages/{id}', 'put'>) =>
  ok(http.PUT('/api/processes/stages/{id}', { params: { path: { id } }, body }));
export const deleteStage = (id: string, moveTo?: string) =>
  ok(
    http.DELETE('/api/processes/stages/{id}', { params: { path: { id }, query: moveTo ? { moveTo } : {} } }),
  );
export const reorderStages = (id: string, ids: string[]) =>
  ok(http.PUT('/api/processes/pipelines/{id}/stage-order', { params: { path: { id } }, body: { ids } }));
export const addField = (id: string, body: FieldInput) =>
  ok(http.POST('/api/processes/pipelines/{id}/fields', { params: { path: { id } }, body }));
export const deleteField = (id: string) =>
  ok(http.DELETE('/api/processes/fields/{id}', { params: { path: { id } } }));
export const putForm = (id: string, body: FormInput) =>
  ok(http.PUT('/api/processes/pipelines/{id}/form', { params: { path: { id } }, body }));
export const renewFormToken = (id: string) =>
  ok(http.POST('/api/processes/pipelines/{id}/form/token', { params: { path: { id } } }));

export const createCard = (body: CardInput) => ok(http.POST('/api/processes/cards', { body }));
export const updateCard = (id: string, body: CardPatch) =>
  ok(http.PATCH('/api/processes/cards/{id}', { params: { path: { id } }, body }));
export const moveCard = (id: string, body: Body<'/api/processes/cards/{id}/move', 'post'>) =>
  ok(http.POST('/api/processes/cards/{id}/move', { params: { path: { id } }, body }));
export const cardLifecycle = (
  id: string,
  action: Body<'/api/processes/cards/{id}/lifecycle', 'post'>['action'],
) => ok(http.POST('/api/processes/cards/{id}/lifecycle', { params: { path: { id } }, body: { action } }));

export function usePublicForm(token: string) {
  return useQuery({
    ...getQuery(processKeys.publicForm(token), '/api/public/forms/{token}', {
      params: { path: { token } },
      headers: NO_AUTH_REDIRECT,
    }),
    retry: false,
  });
}
export const submitPublicForm = (token: string, body: FormSubmission) =>
  ok(
    http.POST('/api/public/forms/{token}', { params: { path: { token } }, body, headers: NO_AUTH_REDIRECT }),
  );

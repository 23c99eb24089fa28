/** Rotinas automatizadas: the catalog API's calls, query keys and hooks, typed from the server's schemas. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { departments } from '../../shared/schemas/routines.js';
import { getQuery, http, ok } from './client.js';
import type { Answer, Body, Item, Query } from './models.js';
import type { paths } from './schema.js';

/** A routine kind the server registers (its catalog); a kind read from the URL is checked by the server. */
export type RoutineKind = paths['/api/routines/{kind}']['get']['parameters']['path']['kind'];
export type RoutineItem = Item<Answer<'/api/routines'>>;
export type Department = RoutineItem['department'];
export type RoutineDetail = Answer<'/api/routines/{kind}'>;
export type RoutineSettings = RoutineDetail['settings'];
export type Audience = RoutineSettings['audience'];
export type ConfigField = RoutineDetail['configFields'][number];
export type FieldCondition = NonNullable<ConfigField['visibleWhen']>;
export type RoutineSaveInput = Body<'/api/routines/{kind}', 'put'>;
export type RoutinePreviewInput = Body<'/api/routines/{kind}/preview', 'post'>;
export type RoutinePreview = Answer<'/api/routines/{kind}/preview', 'post'>;
export type PreviewMessage = RoutinePreview['preview'][number];
export type UploadedFile = Answer<'/api/routines/{kind}/files', 'post'>;
export type RoutineRunInput = Body<'/api/routines/{kind}/run', 'post'>;

/** The departments, in the catalog's filter order: the server's own list (src/shared/schemas/routines.ts). */
export const DEPARTMENTS = departments satisfies readonly Department[];

/** A kind as the URL names it: the server answers 404 for one it does not know. */
export const routineKind = (kind: string) => kind as RoutineKind;

const path = (kind: string) => ({ params: { path: { kind: routineKind(kind) } } });

export const routineKeys = {
  all: ['routines'] as const,
  list: (params: Record<string, unknown>) => ['routines', 'list', params] as const,
  detail: (kind: string) => ['routines', 'detail', kind] as const,
  runs: (kind: string) => ['routines', 'runs', kind] as const,
};

export function useRoutines(params: Query<'/api/routines'>) {
  return useQuery({
    ...getQuery(routineKeys.list(params), '/api/routines', { params: { query: params } }),
    select: (data) => data.items,
    placeholderData: keepPreviousData,
  });
}

export function useRoutine(kind: string) {
  return useQuery({
    ...getQuery(routineKeys.detail(kind), '/api/routines/{kind}', { ...path(kind) }),
  });
}

/** The routine's recent runs; polled while one of them is queued or running. */
export function useRoutineRuns(kind: string) {
  return useQuery({
    ...getQuery(routineKeys.runs(kind), '/api/routines/{kind}/runs', { ...path(kind) }),
    select: (data) => data.items,
    refetchInterval: (query) =>
      query.state.data?.items.some((r) => r.state === 'queued' || r.state === 'running') ? 1500 : false,
  });
}

export const routinesApi = {
  save: (kind: string, input: RoutineSaveInput) =>
    ok(http.PUT('/api/routines/{kind}', { ...path(kind), body: input })),
  setActive: (kind: string, active: boolean) =>
    ok(
      active
        ? http.POST('/api/routines/{kind}/activate', path(kind))
        : http.POST('/api/routines/{kind}/deactivate', path(kind)),
    ),
  run: (kind: string, input: RoutineRunInput) =>
    ok(http.POST('/api/routines/{kind}/run', { ...path(kind), body: input })),
  preview: (kind: string, input: RoutinePreviewInput) =>
    ok(http.POST('/api/routines/{kind}/preview', { ...path(kind), body: input })),
  upload: async (kind: string, file: File) =>
    ok(
      http.POST('/api/routines/{kind}/files', {
        params: { path: { kind: routineKind(kind) }, query: { name: file.name } },
        body: await file.text(),
        // Sent as the CSV text it is, not as JSON.
        bodySerializer: (text) => text,
        headers: { 'Content-Type': 'text/csv' },
      }),
    ),
};

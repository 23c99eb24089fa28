/**
 * Tarefas and Próximos envios on the web: the API's shapes (derived from the generated `schema.d.ts`) and
 * the react-query hooks their pages and the header's badge share.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getQuery, type QueryValue } from './client.js';
import type { Answer, Body, Item, Query } from './models.js';

export type Task = Item<Answer<'/api/tasks'>>;
export type TaskDetail = Answer<'/api/tasks/{id}'>;
export type TaskInput = Body<'/api/tasks', 'post'>;
export type TaskSortField = NonNullable<Query<'/api/tasks'>['sort']>;
export type Upcoming = Answer<'/api/upcoming'>;
export type UpcomingEntry = Upcoming['entries'][number];
export type UpcomingChannel = NonNullable<Query<'/api/upcoming'>['channel']>;

export const taskKeys = {
  all: ['tasks'] as const,
  list: (params: Record<string, unknown>) => ['tasks', 'list', params] as const,
  task: (id: string) => ['tasks', 'task', id] as const,
  counts: ['tasks', 'counts'] as const,
  dueDate: (days: number) => ['tasks', 'due-date', days] as const,
  upcoming: (params: Record<string, unknown>) => ['upcoming', params] as const,
};

export function useTaskList(query: Record<string, QueryValue>) {
  return useQuery({
    ...getQuery(taskKeys.list(query), '/api/tasks', { params: { query } }),
    placeholderData: keepPreviousData,
  });
}

export function useTask(id: string) {
  return useQuery({
    ...getQuery(taskKeys.task(id), '/api/tasks/{id}', { params: { path: { id } } }),
    enabled: Boolean(id),
  });
}

/** My open tasks and the overdue ones (the header's badge), refreshed every minute. */
export function useTaskCounts() {
  return useQuery({
    ...getQuery(taskKeys.counts, '/api/tasks/counts'),
    refetchInterval: 60_000,
  });
}

/** The date "em N dias úteis" gives on the office's calendar. */
export function useDueDate(businessDays: number | null) {
  return useQuery({
    ...getQuery(taskKeys.dueDate(businessDays ?? -1), '/api/tasks/due-date', {
      params: { query: { businessDays: businessDays ?? 0 } },
    }),
    enabled: businessDays !== null,
    staleTime: 60_000,
  });
}

export function useUpcoming(query: Record<string, QueryValue>) {
  return useQuery({
    ...getQuery(taskKeys.upcoming(query), '/api/upcoming', { params: { query } }),
    placeholderData: keepPreviousData,
  });
}

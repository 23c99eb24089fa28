/** Rotinas automatizadas: the catalog API's types, query keys and hooks. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, request } from './client.js';
import type { MessageChannel, Run, RunWithLogs, ScheduleSpec } from './models.js';

export type Localized = { 'pt-BR': string; en: string };

export const DEPARTMENTS = [
  'fiscal',
  'contabil',
  'pessoal',
  'financeiro',
  'societario',
  'comercial',
  'geral',
] as const;
export type Department = (typeof DEPARTMENTS)[number];

export type Audience =
  | { kind: 'all' }
  | { kind: 'class'; classes: string[] }
  | { kind: 'tag'; tags: string[] }
  | { kind: 'list'; clientIds: string[] };

export interface RoutineSettings {
  professionId: string | null;
  channels: MessageChannel[];
  templates: Partial<Record<MessageChannel, string>>;
  audience: Audience;
}

/** The engine's schedule while active; while inactive, only the saved spec (`id` null, paused). */
export interface RoutineSchedule {
  id: string | null;
  spec: ScheduleSpec;
  pool: string;
  paused: boolean;
  nextFireAt: string | null;
  lastFireAt: string | null;
}

/** One line of the catalog grid. */
export interface RoutineItem {
  kind: string;
  department: Department;
  title: Localized;
  description: Localized;
  id: string | null;
  active: boolean;
  availableChannels: MessageChannel[];
  channels: MessageChannel[];
  professionId: string | null;
  professionName: string | null;
  schedule: RoutineSchedule | null;
  pool: string;
  updatedAt: string | null;
}

export type ConfigFieldType =
  | 'number'
  | 'numberList'
  | 'boolean'
  | 'string'
  | 'stringList'
  | 'enum'
  | 'select'
  | 'file'
  | 'list'
  | 'json';

export interface FieldCondition {
  field: string;
  in: unknown[];
}

/** One field of a kind's own settings, described by the server from the kind's schema. */
export interface ConfigField {
  name: string;
  type: ConfigFieldType;
  label: Localized;
  help: Localized | null;
  required: boolean;
  nullable: boolean;
  default?: unknown;
  integer?: boolean;
  min?: number;
  max?: number;
  minItems?: number;
  maxItems?: number;
  maxLength?: number;
  options?: { value: string; label: Localized }[];
  source?: 'classes' | 'tags' | 'professions' | 'users';
  money?: boolean;
  secret?: boolean;
  secretSet?: boolean;
  multiline?: boolean;
  visibleWhen?: FieldCondition;
  moneyWhen?: FieldCondition;
  fields?: ConfigField[];
}

export interface RoutineDetail extends RoutineItem {
  settings: RoutineSettings;
  config: Record<string, unknown>;
  configFields: ConfigField[];
  templateOptions: Partial<Record<MessageChannel, { key: string; description: Localized; own: boolean }[]>>;
  templates: { client: string | null; staff: string | null };
  outcomes: Record<string, Localized>;
  version: number;
}

export interface RoutineSaveInput {
  active?: boolean;
  settings: RoutineSettings;
  config: Record<string, unknown>;
  schedule: ScheduleSpec | null;
  pool: string;
  version?: number;
}

export interface PreviewMessage {
  record: string;
  channel: MessageChannel;
  recipient: string | null;
  address: string | null;
  status: 'queued' | 'skipped';
  reason: Localized | null;
  duplicate: boolean;
  template: string;
  subject: string | null;
  body: string;
}

export interface RoutinePreview {
  date: string;
  records: number;
  failed: number;
  messages: { queued: number; skipped: number; duplicates: number };
  outcomes: { key: string; label: Localized; count: number }[];
  summary: string;
  preview: PreviewMessage[];
  truncated: boolean;
}

export interface UploadedFile {
  ref: string;
  name: string;
  size: number;
  uploadedAt: string;
}

export type { Run, RunWithLogs };

export const routineKeys = {
  all: ['routines'] as const,
  list: (params: Record<string, unknown>) => ['routines', 'list', params] as const,
  detail: (kind: string) => ['routines', 'detail', kind] as const,
  runs: (kind: string) => ['routines', 'runs', kind] as const,
};

export function useRoutines(params: { department?: string; q?: string; status?: string }) {
  return useQuery({
    queryKey: routineKeys.list(params),
    queryFn: ({ signal }) => api.get<{ items: RoutineItem[] }>('/api/routines', params, signal),
    select: (data) => data.items,
    placeholderData: keepPreviousData,
  });
}

export function useRoutine(kind: string) {
  return useQuery({
    queryKey: routineKeys.detail(kind),
    queryFn: ({ signal }) => api.get<RoutineDetail>(`/api/routines/${kind}`, undefined, signal),
  });
}

/** The routine's recent runs; polled while one of them is queued or running. */
export function useRoutineRuns(kind: string) {
  return useQuery({
    queryKey: routineKeys.runs(kind),
    queryFn: ({ signal }) => api.get<{ items: Run[] }>(`/api/routines/${kind}/runs`, undefined, signal),
    select: (data) => data.items,
    refetchInterval: (query) =>
      query.state.data?.items.some((r) => r.state === 'queued' || r.state === 'running') ? 1500 : false,
  });
}

export const routinesApi = {
  save: (kind: string, input: RoutineSaveInput) => api.put<RoutineDetail>(`/api/routines/${kind}`, input),
  setActive: (kind: string, active: boolean) =>
    api.post<RoutineDetail>(`/api/routines/${kind}/${active ? 'activate' : 'deactivate'}`),
  run: (kind: string, input: { at?: string; pool?: string }) =>
    api.post<RunWithLogs>(`/api/routines/${kind}/run`, input),
  preview: (
    kind: string,
    input: { settings?: RoutineSettings; config?: Record<string, unknown>; date?: string },
  ) => api.post<RoutinePreview>(`/api/routines/${kind}/preview`, input),
  upload: (kind: string, file: File) =>
    request<UploadedFile>(`/api/routines/${kind}/files`, {
      method: 'POST',
      query: { name: file.name },
      body: file,
      contentType: 'text/csv',
    }),
};

import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLang } from '../i18n/index.js';
import { getQuery, http, NO_AUTH_REDIRECT, ok, queryBool, setCsrfToken } from './client.js';
import type { Me, Office } from './models.js';

export const keys = {
  me: ['me'] as const,
  office: ['office'] as const,
  professions: ['professions'] as const,
  users: (filters: Record<string, unknown> = {}) => ['users', filters] as const,
  clients: (params: Record<string, unknown>) => ['clients', params] as const,
  client: (id: string) => ['client', id] as const,
  services: (params: Record<string, unknown>) => ['services', params] as const,
  tokens: ['tokens'] as const,
  audit: (params: Record<string, unknown>) => ['audit', params] as const,
  jobKinds: ['job-kinds'] as const,
  runs: (params: Record<string, unknown>) => ['runs', params] as const,
  run: (id: string) => ['run', id] as const,
  pools: ['pools'] as const,
  schedules: ['schedules'] as const,
  schedule: (id: string) => ['schedule', id] as const,
  schedulePreview: (spec: string) => ['schedule-preview', spec] as const,
  notifications: ['notifications'] as const,
  messages: (params: Record<string, unknown>) => ['messages', params] as const,
  message: (id: string) => ['message', id] as const,
  mailbox: (params: Record<string, unknown>) => ['mailbox', params] as const,
  mailboxRaw: (id: string) => ['mailbox-raw', id] as const,
  emailChannel: ['channels', 'email'] as const,
  templates: ['templates'] as const,
  templatePreview: (key: string, channel: string, draft: string) =>
    ['template-preview', key, channel, draft] as const,
};

export async function fetchMe(): Promise<Me> {
  const me = await ok(http.GET('/api/auth/me', { headers: NO_AUTH_REDIRECT }));
  setCsrfToken(me.csrfToken);
  return me;
}

/** The session probe. 401 means "not logged in" and is not retried. */
export function useMe() {
  return useQuery({
    queryKey: keys.me,
    queryFn: fetchMe,
    retry: false,
    staleTime: 5 * 60_000,
    refetchOnWindowFocus: true,
  });
}

/** The logged-in user and office; only valid under <RequireAuth>. */
export function useSession(): Me & { isAdmin: boolean } {
  const { data } = useMe();
  if (!data) throw new Error('useSession() outside an authenticated route');
  return { ...data, isAdmin: data.user.role === 'admin' };
}

export function useProfessions() {
  return useQuery({
    ...getQuery(keys.professions, '/api/professions'),
    select: (data) => [...data.items].sort((a, b) => a.name.localeCompare(b.name, 'pt-BR')),
    staleTime: 60_000,
  });
}

/** Users of the office (`{ items }`, not paged). */
export function useUsers(filters: { q?: string; active?: boolean } = {}) {
  return useQuery({
    ...getQuery(keys.users(filters), '/api/users', {
      params: { query: { q: filters.q, active: queryBool(filters.active) } },
    }),
    select: (data) => [...data.items].sort((a, b) => a.name.localeCompare(b.name, 'pt-BR')),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function useOffice() {
  return useQuery({
    ...getQuery(keys.office, '/api/office'),
  });
}

/** Keeps the cached session's office in step after the office is edited. */
export function useUpdateSessionOffice() {
  const queryClient = useQueryClient();
  return (office: Office) => {
    queryClient.setQueryData<Me>(keys.me, (me) => (me ? { ...me, office } : me));
    queryClient.setQueryData(keys.office, office);
  };
}

/** The kinds a user may run or schedule, titled in the chosen language. */
export function useJobKinds() {
  const [lang] = useLang();
  return useQuery({
    ...getQuery(keys.jobKinds, '/api/job-kinds'),
    select: (data) =>
      data.items
        .map((k) => ({
          value: k.kind,
          label: k.title[lang] || k.title['pt-BR'] || k.kind,
          params: k.params,
          schedulable: k.schedulable,
        }))
        .sort((a, b) => a.label.localeCompare(b.label, lang)),
    staleTime: 5 * 60_000,
  });
}

/** `kind` → its title in the chosen language (the kind itself when unknown). */
export function useKindTitle(): (kind: string) => string {
  const kinds = useJobKinds();
  return (kind: string) => kinds.data?.find((k) => k.value === kind)?.label ?? kind;
}

/** Worker pools (Servidores) with their live workers; `refetchMs` keeps them live. */
export function usePools(refetchMs: number | false = false) {
  return useQuery({
    ...getQuery(keys.pools, '/api/pools'),
    select: (data) => data.items,
    refetchInterval: refetchMs,
    staleTime: 5_000,
  });
}

/** The user's latest notifications and unread count, polled while the app is open. */
export function useNotifications() {
  return useQuery({
    ...getQuery(keys.notifications, '/api/notifications'),
    refetchInterval: 15_000,
    staleTime: 5_000,
  });
}

/** The message templates with their variables, defaults and the office's versions. */
export function useTemplates() {
  return useQuery({
    ...getQuery(keys.templates, '/api/templates'),
    select: (data) => data.items,
    staleTime: 60_000,
  });
}

/** Template key → its description in the chosen language (the key itself when unknown). */
export function useTemplateTitle(): (key: string) => string {
  const [lang] = useLang();
  const templates = useTemplates();
  return (key: string) => {
    const found = templates.data?.find((x) => x.key === key);
    return found ? found.description[lang] || found.description['pt-BR'] : key;
  };
}

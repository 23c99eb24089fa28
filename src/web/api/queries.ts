import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, request, setCsrfToken } from './client.js';
import type { ItemList, Me, Office, Profession, User } from './types.js';

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
};

export async function fetchMe(): Promise<Me> {
  const me = await request<Me>('/api/auth/me', { noAuthRedirect: true });
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
    queryKey: keys.professions,
    queryFn: ({ signal }) => api.get<ItemList<Profession>>('/api/professions', undefined, signal),
    select: (data) => [...data.items].sort((a, b) => a.name.localeCompare(b.name, 'pt-BR')),
    staleTime: 60_000,
  });
}

/** Users of the office (`{ items }`, not paged). */
export function useUsers(filters: { q?: string; active?: boolean } = {}) {
  return useQuery({
    queryKey: keys.users(filters),
    queryFn: ({ signal }) =>
      api.get<ItemList<User>>('/api/users', { q: filters.q, active: filters.active }, signal),
    select: (data) => [...data.items].sort((a, b) => a.name.localeCompare(b.name, 'pt-BR')),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function useOffice() {
  return useQuery({
    queryKey: keys.office,
    queryFn: ({ signal }) => api.get<Office>('/api/office', undefined, signal),
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

import { MultiSelect } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import { http, ok } from '../api/client.js';
import { keys } from '../api/queries.js';
import { useServerSearch } from './server-search.js';

/**
 * Several clients, searched on the server (name or CNPJ), the chosen ones kept with their names; the names
 * of chosen clients not in the current search (a saved list opened again) are fetched. `activeOnly`
 * offers active clients only.
 *
 * @example
 * <ClientsMultiSelect label={t.collection.audienceClientsPick} activeOnly value={ids} onChange={setIds} />
 */
export function ClientsMultiSelect({
  label,
  placeholder,
  value,
  onChange,
  error,
  disabled,
  activeOnly = false,
}: {
  label: string;
  placeholder?: string | undefined;
  value: string[];
  onChange: (ids: string[]) => void;
  error?: string | undefined;
  disabled?: boolean;
  activeOnly?: boolean;
}) {
  const { q, props: searchProps } = useServerSearch();
  const names = useRef(new Map<string, string>());
  const query = {
    q,
    pageSize: 50,
    sort: 'legalName',
    order: 'asc',
    ...(activeOnly ? { status: 'active' as const } : {}),
  } as const;
  const found = useQuery({
    queryKey: keys.clients({ ...query, picker: 'multi' }),
    queryFn: ({ signal }) => ok(http.GET('/api/clients', { params: { query }, signal })),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const missing = value.filter((id) => !names.current.has(id));
  const chosen = useQuery({
    queryKey: ['clients', 'picker-names', missing],
    queryFn: async ({ signal }) =>
      Promise.all(
        missing.map((id) => ok(http.GET('/api/clients/{id}', { params: { path: { id } }, signal }))),
      ),
    enabled: missing.length > 0,
  });
  for (const c of found.data?.items ?? []) names.current.set(c.id, c.legalName);
  for (const c of chosen.data ?? []) names.current.set(c.id, c.legalName);
  const data = [
    ...new Map(
      [...value, ...(found.data?.items ?? []).map((c) => c.id)].map((id) => [
        id,
        { value: id, label: names.current.get(id) ?? id },
      ]),
    ).values(),
  ];
  return (
    <MultiSelect
      label={label}
      placeholder={placeholder}
      data={data}
      value={value}
      onChange={onChange}
      {...searchProps}
      error={error}
      disabled={disabled}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

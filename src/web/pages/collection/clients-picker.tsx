import { MultiSelect } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { http, ok } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import { useT } from '../../i18n/index.js';

/** Several clients, searched on the server (name or CNPJ), the chosen ones kept with their names. */
export function ClientsPicker({
  value,
  onChange,
  error,
}: {
  value: string[];
  onChange: (ids: string[]) => void;
  error?: string;
}) {
  const t = useT();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const names = useRef(new Map<string, string>());
  const query = { q, pageSize: 30, sort: 'legalName', order: 'asc', status: 'active' } as const;
  const found = useQuery({
    queryKey: keys.clients({ ...query, picker: 'collection' }),
    queryFn: ({ signal }) => ok(http.GET('/api/clients', { params: { query }, signal })),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  for (const c of found.data?.items ?? []) names.current.set(c.id, c.legalName);
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
      label={t.collection.audienceClientsPick}
      placeholder={value.length === 0 ? t.collection.audienceClientsPlaceholder : undefined}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      error={error}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

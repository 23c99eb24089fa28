import { type ComboboxItem, Loader, Select, type SelectProps, TextInput } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { http, ok } from '../api/client.js';
import { keys } from '../api/queries.js';
import { useT } from '../i18n/index.js';
import { formatDocument } from '../lib/format.js';
import { useServerSearch } from './server-search.js';

/**
 * A client picker that searches on the server (name, trade name or CNPJ/CPF), 20 at a time. `label` of
 * the current value comes from `selectedName` until the list holds it, so an edit form shows its client
 * without loading every client.
 */
export function ClientSelect({
  value,
  selectedName,
  onChange,
  ...props
}: Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchValue' | 'onSearchChange'> & {
  value: string | null;
  selectedName?: string | null;
  onChange: (id: string | null, name: string | null) => void;
}) {
  const t = useT();
  const { q, props: searchProps } = useServerSearch();
  const [chosenName, setChosenName] = useState<string | null>(selectedName ?? null);
  // While the box shows the chosen client's name, list by nothing (the first clients) rather than by it.
  const query = {
    q: q === chosenName ? '' : q,
    pageSize: 20,
    sort: 'legalName',
    order: 'asc',
    status: 'active',
  } as const;
  const clients = useQuery({
    queryKey: keys.clients(query),
    queryFn: ({ signal }) => ok(http.GET('/api/clients', { params: { query }, signal })),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });

  const data = useMemo(() => {
    const items: ComboboxItem[] = (clients.data?.items ?? []).map((c) => ({
      value: c.id,
      label: c.legalName,
      document: formatDocument(c.document, c.documentKind),
    })) as ComboboxItem[];
    if (value && !items.some((i) => i.value === value)) {
      items.unshift({ value, label: chosenName ?? selectedName ?? '…' });
    }
    return items;
  }, [clients.data, value, chosenName, selectedName]);

  return (
    <Select
      // Opens on a click or typing, not on focus: a failed save focuses the field with the error, and a list
      // opening by itself would cover that error.
      openOnFocus={false}
      {...props}
      data={data}
      value={value}
      {...searchProps}
      nothingFoundMessage={clients.isFetching ? t.common.loading : t.tickets.requesterNothing}
      rightSection={clients.isFetching ? <Loader size={14} /> : undefined}
      renderOption={({ option }) => {
        const doc = (option as ComboboxItem & { document?: string }).document;
        return (
          <div>
            <div>{option.label}</div>
            {doc && (
              <div style={{ fontSize: 12, color: 'var(--mantine-color-dimmed)', fontFamily: 'monospace' }}>
                {doc}
              </div>
            )}
          </div>
        );
      }}
      onChange={(id, option) => {
        const name = option?.label ?? null;
        setChosenName(name);
        onChange(id, name);
      }}
    />
  );
}

/**
 * A list's client filter: the picker, named from the client itself when the URL brings only its id (a
 * link from the client's page). Remounts when the URL's client changes elsewhere ("Limpar filtros"), so
 * the box forgets the old name.
 */
export function ClientFilter({
  clientId,
  label,
  width,
  onChange,
}: {
  clientId: string;
  label: string;
  width: number;
  onChange: (id: string | null) => void;
}) {
  const t = useT();
  const client = useQuery({
    queryKey: keys.client(clientId),
    queryFn: ({ signal }) =>
      ok(http.GET('/api/clients/{id}', { params: { path: { id: clientId } }, signal })),
    enabled: Boolean(clientId),
  });
  if (clientId && client.isPending) {
    return <TextInput label={label} w={width} disabled value={t.common.loading} readOnly />;
  }
  return (
    <ClientSelect
      key={clientId}
      label={label}
      placeholder={t.common.all}
      w={width}
      value={clientId || null}
      selectedName={client.data?.legalName ?? null}
      onChange={(id) => onChange(id)}
      clearable
    />
  );
}

import type { OptionsFilter } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';

/** The server already filtered by the text typed: show its answer as it is. */
const serverFiltered: OptionsFilter = ({ options }) => options;

/**
 * A select that searches on the server: `q` is the typed text, trimmed and debounced (250 ms), to put in
 * the query; `props` go to the Mantine `Select`/`MultiSelect`, which then shows the server's answer as it
 * is instead of filtering it again.
 *
 * ```tsx
 * const { q, props } = useServerSearch();
 * const items = useItems(q);
 * <Select data={items.data ?? []} {...props} />
 * ```
 */
export function useServerSearch() {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  return {
    q,
    props: {
      searchable: true as const,
      searchValue: search,
      onSearchChange: setSearch,
      filter: serverFiltered,
    },
  };
}

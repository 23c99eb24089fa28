import { Paper } from '@mantine/core';
import { keepPreviousData, type QueryKey, useQuery } from '@tanstack/react-query';
import type { ComponentProps, ReactNode } from 'react';
import type { ListPaging, ListParams } from '../lib/use-list-params.js';
import { DataTable } from './data-table.js';
import {
  ClearFiltersButton,
  FilterBar,
  LiveIndicator,
  SelectFilter,
  type SelectFilterSpec,
} from './filter-bar.js';

/**
 * A page of a list whose rows still move (runs, messages): the previous page stays on screen while the
 * next loads, and the page is polled every 2 s while any of its rows `isLive`.
 *
 * @example
 * const messages = useLiveList(keys.messages(query), ({ signal }) => ok(http.GET('/api/messages', …)),
 *   (m) => isMessageLive(m.status));
 */
export function useLiveList<T>(
  queryKey: QueryKey,
  queryFn: (context: { signal: AbortSignal }) => Promise<{ items: T[]; total: number }>,
  isLive: (item: T) => boolean,
) {
  const query = useQuery({
    queryKey,
    queryFn,
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some(isLive) ? 2_000 : false),
    staleTime: 0,
  });
  return { query, live: (query.data?.items ?? []).some(isLive) };
}

/**
 * A live list's panel: its filters (URL keys `filterKeys` of `list`; the `selects` declared as data, then
 * any other `filters`) with "Limpar filtros" while any is set and "Ao vivo" while any row moves, then its
 * table, paged by `list`, and `children` (a drawer).
 */
export function LiveList<T>({
  list,
  filterKeys,
  clearLabel,
  selects = [],
  filters,
  live,
  children,
  ...table
}: {
  list: Pick<ListParams<string>, 'get' | 'update'> & ListPaging;
  filterKeys: readonly string[];
  clearLabel: string;
  selects?: readonly SelectFilterSpec[];
  filters?: ReactNode;
  live: ReturnType<typeof useLiveList<T>>;
  children?: ReactNode;
} & Omit<ComponentProps<typeof DataTable<T>>, 'query' | 'items' | 'total' | 'paging' | 'filtering'>) {
  const filtering = filterKeys.some((key) => list.get(key) !== '');
  return (
    <Paper withBorder p="md">
      <FilterBar>
        {selects.map((spec) => (
          <SelectFilter key={spec.name} list={list} {...spec} />
        ))}
        {filters}
        <ClearFiltersButton
          filtering={filtering}
          label={clearLabel}
          onClear={() => list.update(Object.fromEntries(filterKeys.map((key) => [key, null])))}
        />
        <LiveIndicator live={live.live} />
      </FilterBar>
      <DataTable
        {...table}
        query={live.query}
        items={live.query.data?.items}
        total={live.query.data?.total}
        paging={list}
        filtering={filtering}
      />
      {children}
    </Paper>
  );
}

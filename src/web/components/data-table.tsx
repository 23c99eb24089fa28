import { LoadingOverlay, Skeleton, Stack, Table, Text } from '@mantine/core';
import type { Icon } from '@tabler/icons-react';
import { type ReactNode, useLayoutEffect, useRef } from 'react';
import { useT } from '../i18n/index.js';
import { formatDateTime } from '../lib/format.js';
import type { ListPaging } from '../lib/use-list-params.js';
import { usePhone } from '../lib/use-phone.js';
import { Pager } from './pager.js';
import { QueryError } from './query-error.js';
import { type HeadCell, HeadCells } from './table-head.js';

/** What a `DataTable` (and a `QueryCard`) reads of a TanStack query. */
export interface TableQuery {
  isPending: boolean;
  isSuccess: boolean;
  isError: boolean;
  isFetching: boolean;
  isPlaceholderData?: boolean;
  error: unknown;
  refetch: () => unknown;
}

/** The centred icon, title, hint and actions of an empty list. */
export function EmptyState({
  icon: EmptyIcon,
  title,
  hint,
  children,
  maw = 420,
}: {
  icon: Icon;
  title: ReactNode;
  hint?: ReactNode;
  children?: ReactNode;
  maw?: number;
}) {
  return (
    <Stack align="center" py={48} gap="xs">
      <EmptyIcon size={40} stroke={1.3} color="var(--mantine-color-gray-5)" aria-hidden />
      <Text fw={600}>{title}</Text>
      {hint && (
        <Text size="sm" c="dimmed" ta="center" maw={maw}>
          {hint}
        </Text>
      )}
      {children}
    </Stack>
  );
}

/** Grey bars standing in for `rows` rows of `columns` cells while the first page loads. */
export function SkeletonRows({ rows = 6, columns }: { rows?: number; columns: number }) {
  return Array.from({ length: rows }, (_, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: static skeleton rows
    <Table.Tr key={i}>
      {Array.from({ length: columns }, (_, j) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static skeleton cells
        <Table.Td key={j}>
          <Skeleton h={14} radius="sm" />
        </Table.Td>
      ))}
    </Table.Tr>
  ));
}

/** `23/11/2026` over `14:08`: keeps a grid narrow. */
export function DateTimeCell({ iso, timeZone }: { iso: string | null; timeZone: string }) {
  const text = formatDateTime(iso, timeZone);
  const [date, time] = text.split(' ');
  return (
    <Table.Td fz="sm" className="nowrap">
      {time ? (
        <>
          {date}
          <Text size="xs" c="dimmed">
            {time}
          </Text>
        </>
      ) : (
        <Text span c="dimmed" size="sm">
          {text}
        </Text>
      )}
    </Table.Td>
  );
}

/**
 * Where a table's rows come from: the query's answer itself (a list, or a page of `items` with its
 * `total`), or, for any other answer, `items` (and `total`) given beside it.
 */
type TableRows<T> =
  | {
      query: TableQuery & { data?: readonly T[] | { items: readonly T[]; total?: number } };
      items?: never;
      total?: never;
    }
  | {
      query: TableQuery;
      items: readonly T[] | undefined;
      /** The server's count of all matching rows; with `paging`, shows the pager. */
      total?: number;
    };

/**
 * A list's table: the query's error with a retry, a loading overlay while another page or filter loads,
 * skeleton rows on the first load, the rows, the empty state (or "no results" while `filtering`), and the
 * pager when `paging` is given. The table is named by `label` and is `aria-busy` until its rows are the
 * ones asked for. On a phone the rows become cards, one line per cell under its column's name, and nothing
 * scrolls sideways.
 *
 * @example
 * <DataTable query={clients} paging={list}
 *   label={t.clients.title} columns={7} head={<><SortableTh …/><Table.Th>…</Table.Th>…</>}
 *   row={(c) => <Table.Tr key={c.id}>…</Table.Tr>}
 *   empty={{ icon: IconUsersGroup, title: t.clients.empty, hint: t.clients.emptyHint }} filtering={filtering} />
 */
export function DataTable<T>({
  query,
  items,
  total,
  paging,
  label,
  minWidth,
  spacing = 'xs',
  columns,
  skeletonRows = 6,
  head,
  labels,
  row,
  empty,
  filtering = false,
}: TableRows<T> & {
  paging?: ListPaging;
  label: string;
  minWidth: number;
  spacing?: 'xs' | 'sm' | 'md';
  skeletonRows?: number;
  /** The header row's cells as labels (`HeadCell`s); the column count follows. */
  labels?: readonly HeadCell[];
  /** Or the header row's cells themselves, when one needs more than a label (a sortable header)… */
  head?: ReactNode;
  /** …and how many columns they make. */
  columns?: number;
  row: (item: T) => ReactNode;
  empty: { icon: Icon; title: ReactNode; hint?: ReactNode; actions?: ReactNode; maw?: number };
  filtering?: boolean;
}) {
  const t = useT();
  const data = items === undefined && 'data' in query ? query.data : undefined;
  const answer = data && ('items' in data ? data : { items: data, total: undefined });
  const rows = items ?? answer?.items ?? [];
  const count = total ?? answer?.total;
  const placeholder = query.isPlaceholderData ?? false;
  const phone = usePhone();
  const table = useRef<HTMLTableElement>(null);
  // On a phone each row is a card and each cell shows its column's name (styles.css, `.data-table-cards`):
  // the names come from the header row, so every list gets them without saying them twice.
  useLayoutEffect(() => {
    const el = table.current;
    if (!el || !phone) return;
    const names: string[] = [];
    for (const th of el.querySelectorAll<HTMLTableCellElement>('thead tr:first-child > th')) {
      const text = (th.textContent ?? '').trim();
      for (let i = 0; i < th.colSpan; i++) names.push(text);
    }
    for (const tr of el.querySelectorAll<HTMLTableRowElement>('tbody > tr')) {
      let col = 0;
      for (const td of tr.cells) {
        td.dataset.label = names[col] ?? '';
        col += td.colSpan;
      }
    }
  });
  return (
    <>
      {query.isError && <QueryError error={query.error} onRetry={() => void query.refetch()} />}

      <Table.ScrollContainer
        minWidth={phone ? 0 : minWidth}
        pos="relative"
        className={phone ? 'data-table-cards' : undefined}
      >
        <LoadingOverlay
          visible={query.isFetching && placeholder}
          overlayProps={{ backgroundOpacity: 0.4 }}
          loaderProps={{ size: 'sm' }}
        />
        <Table
          ref={table}
          highlightOnHover
          horizontalSpacing={spacing}
          aria-label={label}
          aria-busy={query.isPending || placeholder}
        >
          <Table.Thead>
            <Table.Tr>{labels ? <HeadCells labels={labels} /> : head}</Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {query.isPending && <SkeletonRows rows={skeletonRows} columns={labels?.length ?? columns ?? 1} />}
            {rows.map(row)}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      {query.isSuccess && rows.length === 0 && (
        <EmptyState
          icon={empty.icon}
          title={filtering ? t.common.noResults : empty.title}
          hint={filtering ? t.common.noResultsHint : empty.hint}
          maw={empty.maw}
        >
          {!filtering && empty.actions}
        </EmptyState>
      )}

      {paging && count !== undefined && count > 0 && (
        <Pager
          page={paging.page}
          pageSize={paging.pageSize}
          total={count}
          onPage={paging.onPage}
          onPageSize={paging.onPageSize}
        />
      )}
    </>
  );
}

import { type MantineSpacing, Table, type TableProps, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { TableQuery } from './data-table.js';
import { QueryError } from './query-error.js';
import { type HeadCell, TableHead } from './table-head.js';

/**
 * A short table inside a card or a modal (no paging, no filters): its header row from `labels` and its
 * rows, or the dimmed `emptyText` when `empty` (a caller that says its emptiness otherwise leaves both out).
 * Given the `query` its rows come from, it shows the query's error with a retry, and says it is empty only
 * once the query has answered. With `minWidth` it scrolls sideways below that width. Without `emptyText`
 * it shows nothing when empty (the caller draws its own empty state).
 *
 * @example
 * <SmallTable query={runs} empty={rows.length === 0} emptyText={t.routines.noRuns}
 *   label={t.routines.recentRuns} minWidth={720} labels={[t.routines.colWhen, { label: t.routines.colCost, ta: 'right' }]}>
 *   {rows.map((r) => <Table.Tr key={r.id}>…</Table.Tr>)}
 * </SmallTable>
 */
export function SmallTable({
  query,
  empty,
  emptyText,
  label,
  minWidth,
  labels,
  verticalSpacing = 'xs',
  mt,
  children,
  ...table
}: {
  query?: Pick<TableQuery, 'isError' | 'isSuccess' | 'error' | 'refetch'>;
  empty?: boolean;
  emptyText?: ReactNode;
  label: string;
  minWidth?: number;
  labels: HeadCell[];
  mt?: MantineSpacing;
  children: ReactNode;
} & Pick<
  TableProps,
  'verticalSpacing' | 'highlightOnHover' | 'withColumnBorders' | 'withRowBorders' | 'fz'
>) {
  const error = query?.isError && <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  if (empty) {
    return (
      <>
        {error}
        {(!query || query.isSuccess) && emptyText && (
          <Text size="sm" c="dimmed">
            {emptyText}
          </Text>
        )}
      </>
    );
  }
  const rows = (
    <Table
      aria-label={label}
      verticalSpacing={verticalSpacing}
      mt={minWidth === undefined ? mt : undefined}
      {...table}
    >
      <TableHead labels={labels} />
      <Table.Tbody>{children}</Table.Tbody>
    </Table>
  );
  return (
    <>
      {error}
      {minWidth === undefined ? (
        rows
      ) : (
        <Table.ScrollContainer minWidth={minWidth} mt={mt}>
          {rows}
        </Table.ScrollContainer>
      )}
    </>
  );
}

import { Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { TableHead } from './table-head.js';

/**
 * A short table inside a card or a modal (no paging, no filters): its header row from `labels` and its
 * rows, or the dimmed `emptyText` when `empty` (a caller that says its emptiness otherwise leaves both out).
 *
 * @example
 * <SmallTable empty={rows.length === 0} emptyText={t.routines.noRuns} label={t.routines.recentRuns}
 *   minWidth={720} labels={[t.routines.colWhen, t.routines.colStatus]}>
 *   {rows.map((r) => <Table.Tr key={r.id}>…</Table.Tr>)}
 * </SmallTable>
 */
export function SmallTable({
  empty,
  emptyText,
  label,
  minWidth,
  labels,
  verticalSpacing = 'xs',
  children,
}: {
  empty?: boolean;
  emptyText?: ReactNode;
  label: string;
  minWidth: number;
  labels: ReactNode[];
  verticalSpacing?: number | 'xs';
  children: ReactNode;
}) {
  if (empty)
    return (
      <Text size="sm" c="dimmed">
        {emptyText}
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table aria-label={label} verticalSpacing={verticalSpacing}>
        <TableHead labels={labels} />
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

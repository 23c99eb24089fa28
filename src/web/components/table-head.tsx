import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A plain table's header row: a `Table.Th` for each of `labels` (an empty string for an unlabelled column),
 * then `children` for headers that need more than a label (a width, a hidden "Ações").
 *
 * @example
 * <TableHead labels={[t.tickets.fileName, t.tickets.fileSize]}>
 *   <Table.Th w={90}><VisuallyHidden>{t.common.actions}</VisuallyHidden></Table.Th>
 * </TableHead>
 */
export function TableHead({ labels, children }: { labels: ReactNode[]; children?: ReactNode }) {
  return (
    <Table.Thead>
      <Table.Tr>
        {labels.map((label, column) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a header's columns are fixed
          <Table.Th key={column}>{label}</Table.Th>
        ))}
        {children}
      </Table.Tr>
    </Table.Thead>
  );
}

import { Table, type TableThProps } from '@mantine/core';
import { isValidElement, type ReactNode } from 'react';

/**
 * One header of a plain table: its label, or its label with the column's width or alignment (a right-aligned
 * amount).
 */
export type HeadCell = ReactNode | ({ label: ReactNode } & Pick<TableThProps, 'w' | 'miw' | 'ta'>);

function isSpec(cell: HeadCell): cell is { label: ReactNode } & Pick<TableThProps, 'w' | 'miw' | 'ta'> {
  return typeof cell === 'object' && cell !== null && !isValidElement(cell) && 'label' in cell;
}

/** The `Table.Th` of each of `labels`, in order: a header row's cells (TableHead's, DataTable's). */
export function HeadCells({ labels }: { labels: readonly HeadCell[] }) {
  return labels.map((cell, column) => {
    const { label, ...th } = isSpec(cell) ? cell : { label: cell };
    return (
      // biome-ignore lint/suspicious/noArrayIndexKey: a header's columns are fixed
      <Table.Th key={column} {...th}>
        {label}
      </Table.Th>
    );
  });
}

/**
 * A plain table's header row: a `Table.Th` for each of `labels` (an empty string for an unlabelled column),
 * then `children` for headers that need more than a label (a hidden "Ações").
 *
 * @example
 * <TableHead labels={[t.tickets.fileName, { label: t.tickets.fileSize, ta: 'right' }]}>
 *   <Table.Th w={90}><VisuallyHidden>{t.common.actions}</VisuallyHidden></Table.Th>
 * </TableHead>
 */
export function TableHead({ labels, children }: { labels: HeadCell[]; children?: ReactNode }) {
  return (
    <Table.Thead>
      <Table.Tr>
        <HeadCells labels={labels} />
        {children}
      </Table.Tr>
    </Table.Thead>
  );
}

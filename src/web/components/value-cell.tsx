import { Table } from '@mantine/core';

/**
 * A table cell showing a value, or a dimmed stand-in when there is none (`—` unless `none` says otherwise,
 * e.g. "Sem responsável").
 *
 * @example
 * <ValueCell value={ticket.responsibleName} none={t.tickets.noResponsible} />
 */
export function ValueCell({ value, none = '—' }: { value: string | null | undefined; none?: string }) {
  return (
    <Table.Td fz="sm" c={value ? undefined : 'dimmed'}>
      {value || none}
    </Table.Td>
  );
}

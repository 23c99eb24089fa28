import { ActionIcon, Group, Paper, Table, type TableTrProps, Tooltip } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { type ComponentProps, Fragment, type ReactNode, useState } from 'react';
import { useT } from '../i18n/index.js';
import { DataTable } from './data-table.js';
import { ListToolbar } from './list-toolbar.js';

/**
 * A settings tab over the office's things of one kind (services, users, bank accounts): the toolbar with
 * its filters (or a sentence) and the "Novo …" button, the table, and — for whoever may change them
 * (`canEdit`) — an actions column with each row's pencil (then `moreActions`), and the form of the thing
 * being added (`form(null, close)`) or edited (`form(item, close)`), mounted afresh for each.
 *
 * @example
 * <CrudTab newLabel={t.users.new} canEdit={isAdmin} filters={<TextInput … />}
 *   query={users} items={users.data} label={t.settings.tabUsers} minWidth={820} columns={5}
 *   head={<Table.Th>{t.users.name}</Table.Th>…} cells={(u) => <Table.Td>{u.name}</Table.Td>…}
 *   editLabel={(u) => t.users.editLabel(u.name)} empty={{ icon: IconUsers, title: t.users.empty }}
 *   form={(user, close) => <UserModal user={user} onClose={close} />} />
 */
export function CrudTab<T extends { id: string }>({
  newLabel,
  canEdit,
  filters,
  align,
  head,
  cells,
  rowProps,
  columns,
  actionsWidth = 100,
  editLabel,
  editTooltip,
  moreActions,
  form,
  children,
  ...table
}: {
  newLabel: string;
  canEdit: boolean;
  /** The toolbar's left side: the filters, or a sentence about the list. */
  filters: ReactNode;
  align?: ComponentProps<typeof ListToolbar>['align'];
  /** The headers of the data columns (the actions column is added for `canEdit`). */
  head: ReactNode;
  /** A row's data cells. */
  cells: (item: T) => ReactNode;
  rowProps?: (item: T) => TableTrProps;
  /** How many data columns (for the skeleton rows). */
  columns: number;
  actionsWidth?: number;
  /** The pencil's accessible name for a row. */
  editLabel: (item: T) => string;
  editTooltip?: string;
  /** A row's other actions, after the pencil. */
  moreActions?: (item: T) => ReactNode;
  form: (item: T | null, close: () => void) => ReactNode;
  /** Rendered after the table (a confirmation). */
  children?: ReactNode;
} & Omit<ComponentProps<typeof DataTable<T>>, 'head' | 'row' | 'columns'>) {
  const t = useT();
  // `undefined`: no form open; `null`: adding one.
  const [editing, setEditing] = useState<T | null | undefined>(undefined);
  const close = () => setEditing(undefined);
  const pencil = (item: T) => (
    <ActionIcon aria-label={editLabel(item)} onClick={() => setEditing(item)}>
      <IconPencil size={16} />
    </ActionIcon>
  );
  return (
    <Paper withBorder p="md">
      <ListToolbar newLabel={newLabel} onNew={() => setEditing(null)} canEdit={canEdit} align={align}>
        {filters}
      </ListToolbar>
      <DataTable
        {...table}
        columns={canEdit ? columns + 1 : columns}
        head={
          <>
            {head}
            {canEdit && <Table.Th w={actionsWidth}>{t.common.actions}</Table.Th>}
          </>
        }
        row={(item) => (
          <Table.Tr key={item.id} {...rowProps?.(item)}>
            {cells(item)}
            {canEdit && (
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  {editTooltip ? <Tooltip label={editTooltip}>{pencil(item)}</Tooltip> : pencil(item)}
                  {moreActions?.(item)}
                </Group>
              </Table.Td>
            )}
          </Table.Tr>
        )}
      />
      {editing !== undefined && <Fragment key={editing?.id ?? 'new'}>{form(editing, close)}</Fragment>}
      {children}
    </Paper>
  );
}

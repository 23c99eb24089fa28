import { ActionIcon, Group } from '@mantine/core';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** A row's pencil and bin, named for screen readers; `extra` goes between them (a download). */
export function RowActions({
  editLabel,
  deleteLabel,
  onEdit,
  onDelete,
  extra,
}: {
  editLabel: string;
  deleteLabel: string;
  onEdit: () => void;
  onDelete: () => void;
  extra?: ReactNode;
}) {
  return (
    <Group gap={4} wrap="nowrap">
      <ActionIcon aria-label={editLabel} onClick={onEdit}>
        <IconPencil size={16} />
      </ActionIcon>
      {extra}
      <ActionIcon aria-label={deleteLabel} color="red" onClick={onDelete}>
        <IconTrash size={16} />
      </ActionIcon>
    </Group>
  );
}

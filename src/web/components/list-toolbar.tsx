import { Button, Group, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useT } from '../i18n/index.js';

/**
 * The line above a list of the office's settings: its filters (or a sentence about it) on the left, and
 * the "Novo …" button on the right for whoever may add; anyone else reads there that only an administrator
 * changes it.
 *
 * @example
 * <ListToolbar newLabel={t.services.new} onNew={() => setEditing(null)} canEdit={isAdmin}>
 *   <TextInput type="search" label={t.services.searchLabel} … />
 * </ListToolbar>
 */
export function ListToolbar({
  newLabel,
  onNew,
  canEdit,
  align = 'flex-end',
  mb = 'md',
  children,
}: {
  newLabel: string;
  onNew: () => void;
  canEdit: boolean;
  /** `flex-start` beside a sentence, `flex-end` (the default) beside labelled filters. */
  align?: 'flex-start' | 'flex-end';
  mb?: string | number;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <Group justify="space-between" mb={mb} align={align}>
      {children}
      {canEdit ? (
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={onNew}>
          {newLabel}
        </Button>
      ) : (
        <Text size="sm" c="dimmed" fs="italic">
          {t.settings.adminOnly}
        </Text>
      )}
    </Group>
  );
}

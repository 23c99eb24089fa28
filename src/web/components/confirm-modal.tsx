import { Button, Group, Modal, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useT } from '../i18n/index.js';

export function ConfirmModal({
  opened,
  title,
  message,
  confirmLabel,
  cancelLabel,
  color = 'red',
  loading,
  onConfirm,
  onClose,
}: {
  opened: boolean;
  title?: string;
  message: ReactNode;
  confirmLabel?: string;
  cancelLabel?: string;
  /** The confirm button's colour: red for destructive actions (the default). */
  color?: string;
  loading?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const t = useT();
  return (
    <Modal opened={opened} onClose={onClose} title={title ?? t.common.confirmDeleteTitle} size="md">
      <Text size="sm">{message}</Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onClose}>
          {cancelLabel ?? t.common.cancel}
        </Button>
        <Button color={color} loading={loading} onClick={onConfirm} data-autofocus>
          {confirmLabel ?? t.common.delete}
        </Button>
      </Group>
    </Modal>
  );
}

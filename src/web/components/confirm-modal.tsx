import { Button, Group, Modal, Text } from '@mantine/core';
import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useT } from '../i18n/index.js';
import { notifySuccess } from '../lib/notify.js';

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

/**
 * Deleting a row after a confirmation: `ask(row)` opens the dialog, `dialog` renders it; on success the
 * list under `queryKey` is fetched again and `done` is shown. On an error the dialog stays open unless
 * `closeOnError` (the global handler shows the server's message either way).
 *
 * @example
 * const remove = useConfirmDelete({ remove: (c: Contact) => ok(http.DELETE(…)), queryKey: keys.client(id),
 *   message: (c) => t.contacts.deleteConfirm(c.name), done: t.contacts.deleted });
 * …<RowActions onDelete={() => remove.ask(contact)} …/>{remove.dialog}
 */
export function useConfirmDelete<T>({
  remove,
  queryKey,
  message,
  done,
  label,
  closeOnError = false,
}: {
  remove: (row: T) => Promise<unknown>;
  queryKey: QueryKey;
  message: (row: T) => string;
  done: string;
  /** The dialog's title and button when the action is not "Excluir" (Revogar). */
  label?: string;
  /** Close the dialog when the server refuses too (a 409 "in use", which the global handler explains). */
  closeOnError?: boolean;
}) {
  const queryClient = useQueryClient();
  const [row, setRow] = useState<T | null>(null);
  const mutation = useMutation({
    mutationFn: remove,
    onSuccess: () => {
      notifySuccess(done);
      setRow(null);
      void queryClient.invalidateQueries({ queryKey });
    },
    onError: () => closeOnError && setRow(null),
  });
  const dialog = (
    <ConfirmModal
      opened={row !== null}
      title={label}
      confirmLabel={label}
      message={row ? message(row) : ''}
      loading={mutation.isPending}
      onConfirm={() => row && mutation.mutate(row)}
      onClose={() => setRow(null)}
    />
  );
  return { ask: setRow, dialog };
}

/** The words of a `RetryCancelConfirm`: a catalog section with these keys (messages, runs). */
interface RetryCancelTexts {
  retry: string;
  retryTitle: string;
  retryConfirm: string;
  cancelTitle: string;
  cancelConfirm: string;
  keep: string;
}

/**
 * Confirms sending a failed thing again (`retry`, in the brand colour) or stopping a pending one (`cancel`,
 * in red) — a message of the outbox, a run — while `action` is set; "Voltar" closes it.
 *
 * @example
 * <RetryCancelConfirm action={confirm} texts={t.messages} loading={act.isPending}
 *   onConfirm={(a) => act.mutate(a)} onClose={() => setConfirm(null)} />
 */
export function RetryCancelConfirm({
  action,
  texts,
  loading,
  onConfirm,
  onClose,
}: {
  action: 'retry' | 'cancel' | null;
  texts: RetryCancelTexts;
  loading: boolean;
  onConfirm: (action: 'retry' | 'cancel') => void;
  onClose: () => void;
}) {
  const retry = action === 'retry';
  return (
    <ConfirmModal
      opened={action !== null}
      title={retry ? texts.retryTitle : texts.cancelTitle}
      message={retry ? texts.retryConfirm : texts.cancelConfirm}
      confirmLabel={retry ? texts.retry : texts.cancelTitle}
      cancelLabel={texts.keep}
      color={retry ? 'brand' : 'red'}
      loading={loading}
      onConfirm={() => action && onConfirm(action)}
      onClose={onClose}
    />
  );
}

import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { useT } from '../i18n/index.js';

/**
 * The end of a form: Cancelar, then the submit button (Salvar unless `submitLabel`), spinning while
 * `saving`.
 *
 * @example
 * <FormFooter onCancel={onClose} saving={save.isPending} />
 */
export function FormFooter({
  onCancel,
  saving,
  submitLabel,
  disabled,
}: {
  onCancel: () => void;
  saving: boolean;
  submitLabel?: ReactNode;
  disabled?: boolean;
}) {
  const t = useT();
  return (
    <Group justify="flex-end" mt="sm">
      <Button variant="default" onClick={onCancel}>
        {t.common.cancel}
      </Button>
      <Button type="submit" loading={saving} disabled={disabled}>
        {submitLabel ?? t.common.save}
      </Button>
    </Group>
  );
}

/** A form's error that belongs to no field (the server's message), above the fields. */
export function FormAlert({ error }: { error: ReactNode }) {
  if (!error) return null;
  return (
    <Alert color="red" variant="light" role="alert">
      {error}
    </Alert>
  );
}

/**
 * A modal holding one form: its error above the fields, then Cancelar / Salvar. Closing the modal and
 * Cancelar both call `onClose`.
 *
 * @example
 * <FormModal title={t.pools.newTitle} onClose={onClose} onSubmit={submit} error={formError}
 *   saving={create.isPending} submitLabel={t.common.create}>
 *   <TextInput label={t.pools.name} … />
 * </FormModal>
 */
export function FormModal({
  opened = true,
  title,
  size,
  closeOnClickOutside,
  onClose,
  onSubmit,
  error,
  saving,
  submitLabel,
  children,
}: {
  opened?: boolean;
  title: ReactNode;
  size?: string | number;
  closeOnClickOutside?: boolean;
  onClose: () => void;
  onSubmit: (event: FormEvent) => void;
  error?: ReactNode;
  saving: boolean;
  submitLabel?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      size={size}
      closeOnClickOutside={closeOnClickOutside}
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <FormAlert error={error} />
          {children}
          <FormFooter onCancel={onClose} saving={saving} submitLabel={submitLabel} />
        </Stack>
      </form>
    </Modal>
  );
}

import { Stack } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { FormAlert } from './form-footer.js';
import { SubmitRow } from './submit-row.js';

/**
 * A form that sits on a page or in a section rather than in a modal: the browser's own validation off
 * (the server's messages show on the fields), its error that belongs to no field above the fields, then
 * one submit button at the end (Salvar unless `submitLabel`), spinning while `saving`.
 *
 * @example
 * <InlineForm onSubmit={() => save.mutate()} error={formError} saving={save.isPending}>
 *   <TextInput label={t.processes.pipelineName} … />
 * </InlineForm>
 */
export function InlineForm({
  onSubmit,
  error,
  saving,
  submitLabel,
  children,
}: {
  onSubmit: () => void;
  error?: ReactNode;
  saving: boolean;
  submitLabel?: ReactNode;
  children: ReactNode;
}) {
  return (
    <form
      noValidate
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <Stack>
        <FormAlert error={error} />
        {children}
        <SubmitRow saving={saving}>{submitLabel}</SubmitRow>
      </Stack>
    </form>
  );
}

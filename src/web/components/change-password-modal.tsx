import { PasswordInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { http, NO_AUTH_REDIRECT, ok } from '../api/client.js';
import { useT } from '../i18n/index.js';
import type { FieldErrors } from '../lib/form-errors.js';
import { notifySuccess } from '../lib/notify.js';
import { useFormState } from '../lib/use-form-state.js';
import { FormModal } from './form-footer.js';

const MIN_PASSWORD = 10;

export function ChangePasswordModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const t = useT();
  const form = useFormState(() => ({ currentPassword: '', newPassword: '', confirm: '' }));
  const { currentPassword, newPassword, confirm } = form.values;

  const close = () => {
    form.reset();
    onClose();
  };

  const mutation = useMutation({
    mutationFn: () =>
      ok(
        http.POST('/api/auth/password', {
          body: { currentPassword, newPassword },
          headers: NO_AUTH_REDIRECT,
        }),
      ),
    ...form.formSave,
    onSuccess: () => {
      notifySuccess(t.auth.passwordChanged);
      close();
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: FieldErrors = {};
    if (!currentPassword) next.currentPassword = t.validation.required;
    if (newPassword.length < MIN_PASSWORD) next.newPassword = t.validation.minLength(MIN_PASSWORD);
    if (confirm !== newPassword) next.confirm = t.validation.passwordMismatch;
    form.setErrors(next);
    form.setFormError(null);
    if (Object.keys(next).length === 0) mutation.mutate();
  };

  return (
    <FormModal
      opened={opened}
      onClose={close}
      title={t.auth.changePassword}
      onSubmit={submit}
      error={form.formError}
      saving={mutation.isPending}
    >
      <PasswordInput
        label={t.auth.currentPassword}
        autoComplete="current-password"
        required
        data-autofocus
        {...form.text('currentPassword')}
      />
      <PasswordInput
        label={t.auth.newPassword}
        description={t.auth.newPasswordHint}
        autoComplete="new-password"
        required
        {...form.text('newPassword')}
      />
      <PasswordInput
        label={t.auth.confirmPassword}
        autoComplete="new-password"
        required
        {...form.text('confirm')}
      />
    </FormModal>
  );
}

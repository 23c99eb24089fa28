import { PasswordInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { http, NO_AUTH_REDIRECT, ok } from '../api/client.js';
import { useT } from '../i18n/index.js';
import { type FieldErrors, mapServerErrors } from '../lib/form-errors.js';
import { errorMessage, notifySuccess } from '../lib/notify.js';
import { FormModal } from './form-footer.js';

const MIN_PASSWORD = 10;

export function ChangePasswordModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const t = useT();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const reset = () => {
    setCurrent('');
    setNew('');
    setConfirm('');
    setErrors({});
    setFormError(null);
  };

  const close = () => {
    reset();
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
    meta: { silent: true },
    onSuccess: () => {
      notifySuccess(t.auth.passwordChanged);
      close();
    },
    onError: (error) => {
      const { fields, unmatched } = mapServerErrors(error);
      setErrors(fields);
      setFormError(Object.keys(fields).length > 0 ? (unmatched[0] ?? null) : errorMessage(error, t));
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: FieldErrors = {};
    if (!currentPassword) next.currentPassword = t.validation.required;
    if (newPassword.length < MIN_PASSWORD) next.newPassword = t.validation.minLength(MIN_PASSWORD);
    if (confirm !== newPassword) next.confirm = t.validation.passwordMismatch;
    setErrors(next);
    setFormError(null);
    if (Object.keys(next).length === 0) mutation.mutate();
  };

  return (
    <FormModal
      opened={opened}
      onClose={close}
      title={t.auth.changePassword}
      onSubmit={submit}
      error={formError}
      saving={mutation.isPending}
    >
      <PasswordInput
        label={t.auth.currentPassword}
        autoComplete="current-password"
        required
        value={currentPassword}
        onChange={(e) => setCurrent(e.currentTarget.value)}
        error={errors.currentPassword}
        data-autofocus
      />
      <PasswordInput
        label={t.auth.newPassword}
        description={t.auth.newPasswordHint}
        autoComplete="new-password"
        required
        value={newPassword}
        onChange={(e) => setNew(e.currentTarget.value)}
        error={errors.newPassword}
      />
      <PasswordInput
        label={t.auth.confirmPassword}
        autoComplete="new-password"
        required
        value={confirm}
        onChange={(e) => setConfirm(e.currentTarget.value)}
        error={errors.confirm}
      />
    </FormModal>
  );
}

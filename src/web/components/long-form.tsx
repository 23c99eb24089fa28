import { Alert, Button, Group, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useT } from '../i18n/index.js';
import type { FieldErrors } from '../lib/form-errors.js';

/**
 * Parts of a long form on a page of its own (a ticket, a client): the list of its errors above the
 * sections, the re-check of one field as the user fixes it, and Cancelar / Salvar at the end.
 */

/**
 * Every error the form holds, one line each, under "Verifique os campos" — so errors on fields out of
 * view (or on another tab) are not missed. Nothing when `messages` is empty.
 */
export function FormErrorsAlert({ messages }: { messages: readonly string[] }) {
  const t = useT();
  if (messages.length === 0) return null;
  return (
    <Alert color="red" variant="light" title={t.errors.fieldsTitle} icon={<IconAlertCircle aria-hidden />}>
      {messages.map((m) => (
        <Text size="sm" key={m}>
          {m}
        </Text>
      ))}
    </Alert>
  );
}

/**
 * `errors` with `field`'s message replaced by `message`, or removed when there is none: for a field
 * re-checked as the user types.
 *
 * @example
 * setErrors((e) => withFieldError(e, 'subject', validate(next, t).subject));
 */
export function withFieldError(errors: FieldErrors, field: string, message: string | undefined): FieldErrors {
  const copy = { ...errors };
  if (message) copy[field] = message;
  else delete copy[field];
  return copy;
}

/** The end of a long form: Cancelar (a link back to `cancelTo`, none when null), then a large Salvar. */
export function LongFormFooter({ cancelTo, saving }: { cancelTo: string | null; saving: boolean }) {
  const t = useT();
  return (
    <Group justify="flex-end" gap="sm" pb="xl">
      {cancelTo !== null && (
        <Button variant="default" component={Link} to={cancelTo}>
          {t.common.cancel}
        </Button>
      )}
      <Button type="submit" loading={saving} size="md">
        {t.common.save}
      </Button>
    </Group>
  );
}

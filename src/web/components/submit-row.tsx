import { Button, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { useT } from '../i18n/index.js';

/**
 * The end of a form that is not in a modal (a settings card, a comment box): its submit button alone, on the
 * right, spinning while `saving`; Salvar unless `children` names it.
 */
export function SubmitRow({
  saving,
  disabled,
  children,
}: {
  saving: boolean;
  disabled?: boolean;
  children?: ReactNode;
}) {
  const t = useT();
  return (
    <Group justify="flex-end">
      <Button type="submit" loading={saving} disabled={disabled}>
        {children ?? t.common.save}
      </Button>
    </Group>
  );
}

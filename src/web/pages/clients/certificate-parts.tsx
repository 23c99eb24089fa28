/**
 * What the Certificados and Certidões tabs share: the expiry badge, a label over a value, the tab's
 * heading, and deleting with a confirmation (a row's edit and delete buttons: components/row-actions.tsx).
 */
import { Badge, Group, Text, Title } from '@mantine/core';
import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import type { CertificateState } from '../../api/certificates.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { useT } from '../../i18n/index.js';
import { notifySuccess } from '../../lib/notify.js';

/** Válido / vence em N dias / vencido, for certificates and certidões alike. */
export function ExpiryBadge({
  state,
  daysLeft,
  labels,
}: {
  state: CertificateState;
  daysLeft: number;
  labels?: { valid: string; expired: string; expiring: (days: number) => string };
}) {
  const t = useT();
  const c = t.certificates;
  const l = labels ?? {
    valid: c.stateValid,
    expired: c.stateExpired,
    expiring: (d: number) =>
      d === 0 ? c.stateExpiringToday : d === 1 ? c.stateExpiringTomorrow : c.stateExpiring(d),
  };
  const color =
    state === 'expired' ? 'red' : state === 'expiring' ? (daysLeft <= 5 ? 'orange' : 'yellow') : 'green';
  const text = state === 'expired' ? l.expired : state === 'expiring' ? l.expiring(daysLeft) : l.valid;
  return (
    <Badge color={color} variant="light" tt="none" className="nowrap">
      {text}
    </Badge>
  );
}

/** A small upper-case label over a value (the data read from a certificate). */
export function Info({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" lts={0.3}>
        {label}
      </Text>
      <Text size="sm" component="div" style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </div>
  );
}

/** A tab's title and intro on the left, its buttons on the right. */
export function TabHeading({
  title,
  intro,
  children,
}: {
  title: string;
  intro: string;
  children: ReactNode;
}) {
  return (
    <Group justify="space-between" mb="xs" align="flex-start">
      <div>
        <Title order={3}>{title}</Title>
        <Text size="sm" c="dimmed" maw={680}>
          {intro}
        </Text>
      </div>
      <Group gap="xs">{children}</Group>
    </Group>
  );
}

/**
 * Deleting a row after a confirmation: `ask(row)` opens the dialog, `dialog` renders it; on success the
 * list under `queryKey` is fetched again and `done` is shown.
 */
export function useConfirmDelete<T>({
  remove,
  queryKey,
  message,
  done,
}: {
  remove: (row: T) => Promise<unknown>;
  queryKey: QueryKey;
  message: (row: T) => string;
  done: string;
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
  });
  const dialog = (
    <ConfirmModal
      opened={row !== null}
      message={row ? message(row) : ''}
      loading={mutation.isPending}
      onConfirm={() => row && mutation.mutate(row)}
      onClose={() => setRow(null)}
    />
  );
  return { ask: setRow, dialog };
}

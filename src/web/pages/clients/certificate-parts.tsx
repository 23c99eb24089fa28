/**
 * What the Certificados and Certidões tabs share: the expiry badge, a label over a value, the tab's
 * heading (a row's edit and delete buttons: components/row-actions.tsx; deleting with a confirmation:
 * `useConfirmDelete` in components/confirm-modal.tsx).
 */
import { Badge, Group, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { CertificateState } from '../../api/certificates.js';
import { useT } from '../../i18n/index.js';

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

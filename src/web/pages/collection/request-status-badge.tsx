import { Badge, type MantineColor } from '@mantine/core';
import type { RequestStatus } from '../../api/collection.js';
import { useT } from '../../i18n/index.js';

const COLORS: Record<RequestStatus, MantineColor> = {
  open: 'blue',
  started: 'yellow',
  closed: 'teal',
  cancelled: 'gray',
};

/** Aberto / Iniciado / Baixado / Cancelado; a baixa shows its own status (Entregue…) under Baixado. */
export function RequestStatusBadge({
  status,
  closeStatus,
  size = 'sm',
}: {
  status: RequestStatus;
  closeStatus?: string | null;
  size?: 'sm' | 'md' | 'lg';
}) {
  const t = useT();
  const closeLabel = closeStatus
    ? ((t.collection.closeStatuses as Record<string, string>)[closeStatus] ?? closeStatus)
    : null;
  return (
    <Badge color={COLORS[status]} variant="light" size={size} tt="none" title={closeLabel ?? undefined}>
      {status === 'closed' && closeLabel
        ? `${t.collection.statuses.closed} · ${closeLabel}`
        : t.collection.statuses[status]}
    </Badge>
  );
}

/** The label of a baixa's status: one of ours translated, or the office's own text. */
export function useCloseStatusLabel(): (status: string) => string {
  const t = useT();
  return (status) => (t.collection.closeStatuses as Record<string, string>)[status] ?? status;
}

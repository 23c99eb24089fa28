import { Badge, type MantineColor, Tooltip } from '@mantine/core';
import { IconAlarm } from '@tabler/icons-react';
import type { Ticket, TicketStatus } from '../api/tickets.js';
import { useT } from '../i18n/index.js';
import { formatDateTime } from '../lib/format.js';
import { missedTarget } from '../pages/tickets/ticket-rules.js';

export const TICKET_STATUS_COLORS: Record<TicketStatus, MantineColor> = {
  open: 'blue',
  reopened: 'violet',
  analyzing: 'cyan',
  waiting: 'yellow',
  cancelled: 'gray',
  rejected: 'red',
  done: 'teal',
};

/** Aberto, Reaberto, Analisando, Aguardando, Cancelado, Rejeitado, Finalizado — each in its colour. */
export function TicketStatusBadge({
  status,
  size = 'md',
}: {
  status: TicketStatus;
  size?: 'sm' | 'md' | 'lg';
}) {
  const t = useT();
  return (
    <Badge
      size={size}
      color={TICKET_STATUS_COLORS[status]}
      variant={status === 'done' ? 'filled' : 'light'}
      styles={{ label: { overflow: 'visible' } }}
      data-status={status}
    >
      {t.tickets.statuses[status]}
    </Badge>
  );
}

/** The "Atrasado" flag of a ticket past its SLA target; nothing when it is on time. */
export function TicketOverdueFlag({
  ticket,
  timeZone,
  size = 'sm',
}: {
  ticket: Ticket;
  timeZone: string;
  size?: 'xs' | 'sm' | 'md';
}) {
  const t = useT();
  if (!ticket.sla.overdue) return null;
  const due = missedTarget(ticket.sla);
  const tip = due ? t.tickets.overdueTip(formatDateTime(due, timeZone)) : t.tickets.overdueTipNoDate;
  return (
    <Tooltip label={tip}>
      <Badge
        size={size}
        color="red"
        variant="outline"
        leftSection={<IconAlarm size={12} aria-hidden />}
        aria-label={`${t.tickets.overdue}: ${tip}`}
        data-testid="overdue-flag"
        styles={{ label: { overflow: 'visible' } }}
      >
        {t.tickets.overdue}
      </Badge>
    </Tooltip>
  );
}

import { Badge, Box, Group, Paper, ScrollArea, Skeleton, Stack, Text } from '@mantine/core';
import { IconGripVertical } from '@tabler/icons-react';
import { type DragEvent, useState } from 'react';
import { useSession } from '../../api/queries.js';
import {
  cleanFilters,
  type Ticket,
  type TicketFilters,
  type TicketStatus,
  useTicketBoard,
  useWorkflow,
} from '../../api/tickets.js';
import { InfoHint } from '../../components/info-hint.js';
import { TitleLink } from '../../components/link-row.js';
import { QueryError } from '../../components/query-error.js';
import {
  TICKET_STATUS_COLORS,
  TicketOverdueFlag,
  TicketStatusBadge,
} from '../../components/ticket-status-badge.js';
import { useT } from '../../i18n/index.js';
import { formatDate, formatMoney } from '../../lib/format.js';
import { type TicketActions, TicketOptionsMenu } from './ticket-actions.js';
import { ticketAmountCents } from './ticket-rules.js';

const DRAG_TYPE = 'application/x-expediente-ticket';

function TicketCard({
  ticket,
  actions,
  onDragStart,
  onDragEnd,
  dragging,
}: {
  ticket: Ticket;
  actions: TicketActions;
  onDragStart: (ticket: Ticket) => void;
  onDragEnd: () => void;
  dragging: boolean;
}) {
  const t = useT();
  const { office } = useSession();
  return (
    <Paper
      withBorder
      p="sm"
      shadow={dragging ? 'md' : 'xs'}
      draggable
      aria-label={t.tickets.cardLabel(ticket.number, ticket.subject)}
      data-ticket={ticket.number}
      onDragStart={(e: DragEvent<HTMLDivElement>) => {
        e.dataTransfer.setData(DRAG_TYPE, ticket.id);
        e.dataTransfer.setData('text/plain', `#${ticket.number}`);
        e.dataTransfer.effectAllowed = 'move';
        onDragStart(ticket);
      }}
      onDragEnd={onDragEnd}
      style={{ cursor: 'grab', opacity: dragging ? 0.5 : 1 }}
    >
      <Group justify="space-between" wrap="nowrap" gap={4} align="flex-start">
        <Group gap={4} wrap="nowrap" style={{ minWidth: 0 }}>
          <IconGripVertical size={14} color="var(--mantine-color-gray-5)" aria-hidden />
          <Text size="xs" c="dimmed" fw={600}>
            {t.tickets.number(ticket.number)}
          </Text>
          <TicketOverdueFlag ticket={ticket} timeZone={office.timeZone} size="xs" />
        </Group>
        <TicketOptionsMenu ticket={ticket} actions={actions} />
      </Group>
      <TitleLink
        to={`/tickets/${ticket.id}`}
        lineClamp={2}
        draggable={false}
        aria-label={t.tickets.openTicket(ticket.number, ticket.subject)}
      >
        {ticket.subject}
      </TitleLink>
      <Text size="xs" c="dimmed" lineClamp={1} mt={2}>
        {ticket.clientName}
      </Text>
      <Group justify="space-between" mt={6} gap={4} wrap="nowrap">
        <Text size="xs" lineClamp={1} c={ticket.responsibleName ? undefined : 'dimmed'}>
          {ticket.responsibleName ?? t.tickets.noResponsible}
        </Text>
        <Text size="xs" c="dimmed" className="nowrap">
          {formatDate(ticket.openedAt, office.timeZone)}
        </Text>
      </Group>
      {ticketAmountCents(ticket) > 0 && (
        <Text size="xs" fw={500} mt={2}>
          {formatMoney(ticketAmountCents(ticket))}
        </Text>
      )}
    </Paper>
  );
}

/**
 * The kanban: a column per status; a card dropped on another column opens Movimentar with that status.
 * While a card is dragged, the columns it may not move to (per GET /api/tickets/workflow) are greyed and
 * refuse the drop.
 */
export function TicketsBoard({
  filters,
  actions,
  filtering,
}: {
  filters: TicketFilters;
  actions: TicketActions;
  filtering: boolean;
}) {
  const t = useT();
  const board = useTicketBoard(cleanFilters(filters));
  const workflow = useWorkflow();
  const [dragged, setDragged] = useState<Ticket | null>(null);
  const [over, setOver] = useState<TicketStatus | null>(null);

  const allowedFrom = (ticket: Ticket): TicketStatus[] =>
    workflow.data?.find((w) => w.status === ticket.status)?.allowed ?? ticket.allowedMoves;
  const accepts = (status: TicketStatus) =>
    dragged !== null && dragged.status !== status && allowedFrom(dragged).includes(status);

  const endDrag = () => {
    setDragged(null);
    setOver(null);
  };

  if (board.isError) return <QueryError error={board.error} onRetry={() => void board.refetch()} />;

  return (
    <Stack gap="sm">
      <InfoHint>{t.tickets.dragHint}</InfoHint>
      <ScrollArea type="auto" offsetScrollbars>
        <Group
          align="flex-start"
          gap="sm"
          wrap="nowrap"
          role="list"
          aria-label={t.tickets.boardLabel}
          aria-busy={board.isFetching}
        >
          {(board.data?.columns ?? []).map((column) => {
            const allowed = accepts(column.status);
            const greyed = dragged !== null && !allowed && dragged.status !== column.status;
            const hovering = over === column.status && allowed;
            const label = t.tickets.statuses[column.status];
            return (
              <Box
                key={column.status}
                role="listitem"
                aria-label={t.tickets.columnLabel(label, column.total)}
                data-column={column.status}
                data-drop={dragged ? (allowed ? 'allowed' : 'blocked') : undefined}
                w={240}
                miw={240}
                p="xs"
                onDragOver={(e: DragEvent<HTMLDivElement>) => {
                  if (!allowed) {
                    e.dataTransfer.dropEffect = 'none';
                    return;
                  }
                  e.preventDefault();
                  e.dataTransfer.dropEffect = 'move';
                  if (over !== column.status) setOver(column.status);
                }}
                onDragLeave={(e: DragEvent<HTMLDivElement>) => {
                  if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(null);
                }}
                onDrop={(e: DragEvent<HTMLDivElement>) => {
                  e.preventDefault();
                  const ticket = dragged;
                  endDrag();
                  if (ticket && accepts(column.status)) actions.move(ticket, column.status);
                }}
                style={{
                  borderRadius: 'var(--mantine-radius-md)',
                  background: hovering
                    ? 'var(--mantine-primary-color-light)'
                    : greyed
                      ? 'var(--mantine-color-gray-2)'
                      : 'var(--mantine-color-gray-0)',
                  border: `2px dashed ${
                    hovering
                      ? 'var(--mantine-primary-color-filled)'
                      : allowed
                        ? `var(--mantine-color-${TICKET_STATUS_COLORS[column.status]}-4)`
                        : 'transparent'
                  }`,
                  opacity: greyed ? 0.45 : 1,
                  transition: 'opacity 120ms, background 120ms',
                }}
              >
                <Group justify="space-between" mb="xs" px={4}>
                  <TicketStatusBadge status={column.status} />
                  <Badge variant="default" size="sm" circle={column.total < 100} aria-hidden>
                    {column.total}
                  </Badge>
                </Group>
                {dragged && (allowed || greyed) && (
                  <Text size="xs" c={allowed ? 'brand' : 'dimmed'} ta="center" mb={6}>
                    {allowed ? t.tickets.dropHere : t.tickets.dropNotAllowed}
                  </Text>
                )}
                <Stack gap="xs" mih={80}>
                  {column.items.map((ticket) => (
                    <TicketCard
                      key={ticket.id}
                      ticket={ticket}
                      actions={actions}
                      dragging={dragged?.id === ticket.id}
                      onDragStart={setDragged}
                      onDragEnd={endDrag}
                    />
                  ))}
                  {column.items.length === 0 && (
                    <Text size="xs" c="dimmed" ta="center" py="md">
                      {filtering ? t.common.noResults : t.tickets.columnEmpty}
                    </Text>
                  )}
                  {column.total > column.items.length && (
                    <Text size="xs" c="dimmed" ta="center">
                      {t.tickets.moreInColumn(column.total - column.items.length)}
                    </Text>
                  )}
                </Stack>
              </Box>
            );
          })}
          {board.isPending &&
            Array.from({ length: 7 }, (_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: static skeleton columns
              <Skeleton key={i} w={240} miw={240} h={220} />
            ))}
        </Group>
      </ScrollArea>
    </Stack>
  );
}

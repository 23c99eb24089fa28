import { Badge, Card, Grid, Group, Skeleton, Stack, Text, Timeline, Title, Tooltip } from '@mantine/core';
import { IconAlarm, IconArrowRight, IconCheck, IconClock, IconPlayerPause } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useSession } from '../../api/queries.js';
import { type Ticket, useMovements } from '../../api/tickets.js';
import { QueryCard } from '../../components/query-card.js';
import { TICKET_STATUS_COLORS, TicketStatusBadge } from '../../components/ticket-status-badge.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { TicketForm } from './ticket-form.js';

function SlaLine({ label, value, tone }: { label: string; value: ReactNode; tone?: 'late' | 'ok' }) {
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500} c={tone === 'late' ? 'red.7' : undefined} ta="right">
        {value}
      </Text>
    </Group>
  );
}

/** Prazos (SLA): when the first response and the resolution are due, whether the clock runs. */
function SlaCard({ ticket }: { ticket: Ticket }) {
  const t = useT();
  const { office } = useSession();
  const { sla } = ticket;
  const at = (iso: string | null) => formatDateTime(iso, office.timeZone);
  const none = sla.firstResponseDueAt === null && sla.resolutionDueAt === null;
  const now = Date.now();
  const late = (due: string | null, doneAt: string | null) =>
    due !== null && (doneAt ? Date.parse(doneAt) > Date.parse(due) : now > Date.parse(due));
  return (
    <Card data-testid="ticket-sla">
      <Group justify="space-between" mb="sm">
        <Title order={3}>{t.tickets.sla}</Title>
        {!none &&
          (sla.overdue ? (
            <Badge color="red" leftSection={<IconAlarm size={12} aria-hidden />}>
              {t.tickets.overdue}
            </Badge>
          ) : (
            <Badge color="teal" leftSection={<IconCheck size={12} aria-hidden />}>
              {t.tickets.slaOnTime}
            </Badge>
          ))}
      </Group>
      {none ? (
        <Text size="sm" c="dimmed">
          {t.tickets.slaNone}
        </Text>
      ) : (
        <Stack gap={6}>
          {sla.firstResponseDueAt && (
            <SlaLine
              label={t.tickets.slaFirstResponse}
              value={at(sla.firstResponseDueAt)}
              tone={late(sla.firstResponseDueAt, sla.firstRespondedAt) ? 'late' : undefined}
            />
          )}
          <SlaLine
            label={t.tickets.slaResponded}
            value={sla.firstRespondedAt ? at(sla.firstRespondedAt) : t.tickets.slaNotResponded}
          />
          {sla.resolutionDueAt && (
            <SlaLine
              label={t.tickets.slaResolution}
              value={at(sla.resolutionDueAt)}
              tone={late(sla.resolutionDueAt, ticket.closedAt) ? 'late' : undefined}
            />
          )}
          {sla.paused && (
            <Tooltip label={t.tickets.slaPausedHint} multiline maw={260}>
              <Group gap={6} c="yellow.8" w="fit-content">
                <IconPlayerPause size={14} aria-hidden />
                <Text size="sm">{t.tickets.slaPaused}</Text>
              </Group>
            </Tooltip>
          )}
        </Stack>
      )}
    </Card>
  );
}

/** Movimentações: every status change, newest first, with who, when and the comment. */
function MovementsCard({ ticket }: { ticket: Ticket }) {
  const t = useT();
  const { office } = useSession();
  const movements = useMovements(ticket.id);
  const items = [...(movements.data ?? [])].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <QueryCard
      title={t.tickets.movements}
      query={movements}
      loading={<Skeleton h={80} />}
      empty={
        items.length === 0 && (
          <Group gap={6} c="dimmed">
            <IconClock size={16} aria-hidden />
            <Text size="sm">{t.tickets.movementsEmpty}</Text>
          </Group>
        )
      }
    >
      {items.length > 0 && (
        <Timeline
          bulletSize={22}
          lineWidth={2}
          active={items.length}
          aria-label={t.tickets.movements}
          data-testid="ticket-movements"
        >
          {items.map((m) => (
            <Timeline.Item
              key={m.id}
              color={TICKET_STATUS_COLORS[m.to]}
              bullet={<IconArrowRight size={12} aria-hidden />}
              title={
                <Group gap={6}>
                  <TicketStatusBadge status={m.from} size="sm" />
                  <IconArrowRight size={12} aria-hidden />
                  <TicketStatusBadge status={m.to} size="sm" />
                </Group>
              }
            >
              <Text size="xs" c="dimmed" mt={4}>
                {formatDateTime(m.at, office.timeZone)} · {t.tickets.by(m.actorName ?? t.tickets.system)}
              </Text>
              {m.comment && (
                <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
                  {m.comment}
                </Text>
              )}
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </QueryCard>
  );
}

/** Aba Atendimento: the ticket's form, with its SLA and movements beside it. */
export function TicketDetailsTab({ ticket }: { ticket: Ticket }) {
  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, lg: 8 }}>
        {/* key: the form starts over from the server's data whenever the ticket changes. */}
        <TicketForm key={`${ticket.id}-${ticket.version}`} ticket={ticket} />
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 4 }}>
        <Stack gap="lg">
          <SlaCard ticket={ticket} />
          <MovementsCard ticket={ticket} />
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

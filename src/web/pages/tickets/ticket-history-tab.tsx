import { Card, Skeleton, Stack, Text, Timeline, Title } from '@mantine/core';
import { IconHistory, IconPoint } from '@tabler/icons-react';
import { useSession } from '../../api/queries.js';
import { type Ticket, useTicketHistory } from '../../api/tickets.js';
import { QueryError } from '../../components/query-error.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';

/** Aba Histórico: everything that happened to the ticket, in plain words, newest first. */
export function TicketHistoryTab({ ticket }: { ticket: Ticket }) {
  const t = useT();
  const { office } = useSession();
  const history = useTicketHistory(ticket.id);
  const items = [...(history.data ?? [])].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <Card>
      <Title order={3} mb="md">
        {t.tickets.tabHistory}
      </Title>
      {history.isError && <QueryError error={history.error} onRetry={() => void history.refetch()} />}
      {history.isPending && (
        <Stack gap="sm">
          <Skeleton h={36} />
          <Skeleton h={36} />
          <Skeleton h={36} />
        </Stack>
      )}
      {history.isSuccess && items.length === 0 && (
        <Stack align="center" py="xl" gap="xs">
          <IconHistory size={36} stroke={1.3} color="var(--mantine-color-gray-5)" aria-hidden />
          <Text size="sm" c="dimmed">
            {t.tickets.historyEmpty}
          </Text>
        </Stack>
      )}
      {items.length > 0 && (
        <Timeline
          bulletSize={16}
          lineWidth={2}
          aria-label={t.tickets.historyLabel}
          data-testid="ticket-history"
        >
          {items.map((entry, index) => (
            <Timeline.Item
              // biome-ignore lint/suspicious/noArrayIndexKey: entries have no id; the list is append-only
              key={`${entry.at}-${index}`}
              bullet={<IconPoint size={12} aria-hidden />}
            >
              <Text size="sm">{entry.text}</Text>
              <Text size="xs" c="dimmed" mt={2}>
                {formatDateTime(entry.at, office.timeZone)} · {entry.actorName ?? t.tickets.system}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Card>
  );
}

import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  LoadingOverlay,
  Skeleton,
  Stack,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconArrowsExchange, IconHeadset, IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { SortOrder } from '../../api/models.js';
import { useSession } from '../../api/queries.js';
import { cleanFilters, type TicketFilters, type TicketSortField, useTicketList } from '../../api/tickets.js';
import { Pager } from '../../components/pager.js';
import { QueryError } from '../../components/query-error.js';
import { SortableTh } from '../../components/sortable-th.js';
import { TicketOverdueFlag, TicketStatusBadge } from '../../components/ticket-status-badge.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime, formatMoney } from '../../lib/format.js';
import { type TicketActions, TicketOptionsMenu } from './ticket-actions.js';

/** `23/11/2026` over `14:08`: keeps the grid narrow. */
function DateTimeCell({ iso, timeZone }: { iso: string; timeZone: string }) {
  const [date, time] = formatDateTime(iso, timeZone).split(' ');
  return (
    <Table.Td fz="sm" className="nowrap">
      {date}
      {time && (
        <Text size="xs" c="dimmed">
          {time}
        </Text>
      )}
    </Table.Td>
  );
}

const COLUMNS = 9;

/**
 * The Atendimentos grid with the seed's columns — Opções, Solicitante, Assunto, Responsável, Data de
 * Abertura, Atualizado, Valor, Serviço, Status — paged and sorted on the server. The button left of the
 * status opens Movimentar.
 */
export function TicketsGrid({
  filters,
  filtering,
  mine,
  page,
  pageSize,
  sort,
  order,
  actions,
  onSort,
  onPage,
  onPageSize,
}: {
  filters: TicketFilters;
  filtering: boolean;
  mine: boolean;
  page: number;
  pageSize: number;
  sort: TicketSortField;
  order: SortOrder;
  actions: TicketActions;
  onSort: (field: TicketSortField, order: SortOrder) => void;
  onPage: (page: number) => void;
  onPageSize: (pageSize: number) => void;
}) {
  const t = useT();
  const { office } = useSession();
  const { timeZone } = office;
  const tickets = useTicketList({ ...cleanFilters(filters), page, pageSize, sort, order });
  const data = tickets.data;
  const rows = data?.items ?? [];
  const th = { sort, order, onSort };

  return (
    <>
      {tickets.isError && <QueryError error={tickets.error} onRetry={() => void tickets.refetch()} />}

      <Table.ScrollContainer minWidth={1000} pos="relative">
        <LoadingOverlay
          visible={tickets.isFetching && tickets.isPlaceholderData}
          overlayProps={{ backgroundOpacity: 0.4 }}
          loaderProps={{ size: 'sm' }}
        />
        <Table
          highlightOnHover
          horizontalSpacing="xs"
          aria-label={t.tickets.title}
          aria-busy={tickets.isPending || tickets.isPlaceholderData}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={64}>{t.tickets.colOptions}</Table.Th>
              <SortableTh label={t.tickets.colRequester} field="requester" minWidth={150} {...th} />
              <SortableTh label={t.tickets.colSubject} field="subject" minWidth={190} {...th} />
              <SortableTh label={t.tickets.colResponsible} field="responsible" {...th} />
              <SortableTh label={t.tickets.colOpenedAt} field="openedAt" {...th} />
              <SortableTh label={t.tickets.colUpdatedAt} field="updatedAt" {...th} />
              <SortableTh label={t.tickets.colValue} field="value" {...th} />
              <SortableTh label={t.tickets.colService} field="service" {...th} />
              <SortableTh label={t.tickets.colStatus} field="status" minWidth={150} {...th} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tickets.isPending &&
              Array.from({ length: 6 }, (_, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: static skeleton rows
                <Table.Tr key={i}>
                  {Array.from({ length: COLUMNS }, (_, j) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: static skeleton cells
                    <Table.Td key={j}>
                      <Skeleton h={14} radius="sm" />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            {rows.map((ticket) => (
              <Table.Tr key={ticket.id} data-ticket={ticket.number}>
                <Table.Td>
                  <TicketOptionsMenu ticket={ticket} actions={actions} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" fw={500} lineClamp={2}>
                    {ticket.clientName}
                  </Text>
                  {ticket.contactName && (
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {ticket.contactName}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Anchor
                    component={Link}
                    to={`/tickets/${ticket.id}`}
                    size="sm"
                    fw={600}
                    c="inherit"
                    aria-label={t.tickets.openTicket(ticket.number, ticket.subject)}
                  >
                    <Text span c="dimmed" size="sm" fw={500} mr={6}>
                      {t.tickets.number(ticket.number)}
                    </Text>
                    {ticket.subject}
                  </Anchor>
                  {ticket.kind === 'debt_collection' && (
                    <Badge size="xs" variant="outline" color="grape" ml={6} tt="none">
                      {t.tickets.kinds.debt_collection}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={ticket.responsibleName ? undefined : 'dimmed'}>
                    {ticket.responsibleName ?? t.tickets.noResponsible}
                  </Text>
                </Table.Td>
                <DateTimeCell iso={ticket.openedAt} timeZone={timeZone} />
                <DateTimeCell iso={ticket.updatedAt} timeZone={timeZone} />
                <Table.Td fz="sm" className="nowrap">
                  {formatMoney(ticket.valueCents)}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={ticket.serviceName ? undefined : 'dimmed'}>
                    {ticket.serviceName ?? '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Tooltip label={t.tickets.move}>
                      <ActionIcon
                        size="sm"
                        aria-label={t.tickets.moveFor(ticket.number)}
                        onClick={() => actions.move(ticket)}
                        disabled={ticket.allowedMoves.length === 0}
                      >
                        <IconArrowsExchange size={16} />
                      </ActionIcon>
                    </Tooltip>
                    <Stack gap={4} align="flex-start">
                      <TicketStatusBadge status={ticket.status} />
                      <TicketOverdueFlag ticket={ticket} timeZone={timeZone} size="xs" />
                    </Stack>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      {tickets.isSuccess && rows.length === 0 && (
        <Stack align="center" py={48} gap="xs">
          <IconHeadset size={40} stroke={1.3} color="var(--mantine-color-gray-5)" aria-hidden />
          <Text fw={600}>
            {filtering ? t.common.noResults : mine ? t.tickets.emptyMine : t.tickets.empty}
          </Text>
          <Text size="sm" c="dimmed" ta="center" maw={420}>
            {filtering ? t.common.noResultsHint : t.tickets.emptyHint}
          </Text>
          {!filtering && (
            <Button
              component={Link}
              to="/tickets/new"
              mt="sm"
              leftSection={<IconPlus size={16} aria-hidden />}
            >
              {t.tickets.add}
            </Button>
          )}
        </Stack>
      )}

      {data && data.total > 0 && (
        <Pager page={page} pageSize={pageSize} total={data.total} onPage={onPage} onPageSize={onPageSize} />
      )}
    </>
  );
}

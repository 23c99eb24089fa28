import {
  Button,
  Group,
  LoadingOverlay,
  Paper,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { IconFilterOff, IconMailForward, IconRefresh } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { http, ok } from '../../api/client.js';
import type { Message, MessageChannel, MessageStatus } from '../../api/models.js';
import { keys, useSession, useTemplateTitle } from '../../api/queries.js';
import { ClientSelect } from '../../components/client-select.js';
import {
  ChannelIcon,
  isMessageLive,
  MESSAGE_CHANNELS,
  MESSAGE_STATUSES,
  MessageStatusBadge,
} from '../../components/message-status-badge.js';
import { Pager } from '../../components/pager.js';
import { QueryError } from '../../components/query-error.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { causeLabel, MessageDrawer } from './message-drawer.js';

/** `23/11/2026` over `14:08`: keeps the grid narrow. */
export function DateTimeCell({ iso, timeZone }: { iso: string | null; timeZone: string }) {
  const text = formatDateTime(iso, timeZone);
  const [date, time] = text.split(' ');
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

/** Subject of a message, or `(sem assunto)`; a skipped one shows why underneath. */
export function SubjectCell({ message }: { message: Message }) {
  const t = useT();
  return (
    <>
      <Text size="sm" fw={500} lineClamp={2} c={message.subject ? undefined : 'dimmed'}>
        {message.subject ?? t.messages.noSubject}
      </Text>
      {message.status === 'skipped' && message.skipReason && (
        <Text size="xs" c="orange.8" data-testid="skip-reason">
          {message.skipReason}
        </Text>
      )}
      {(message.status === 'failed' || message.status === 'bounced') && message.error && (
        <Text size="xs" c="red.8" lineClamp={1} title={message.error}>
          {message.error}
        </Text>
      )}
    </>
  );
}

/**
 * What can cause a message, as the server writes it (mirrors src/server/modules/messaging/message-causes.ts;
 * the API refuses any other `cause`). Labels in the dictionaries' `messageCauses`.
 */
const MESSAGE_CAUSES = ['manual', 'routine', 'run', 'ticket'] as const;
type MessageCause = (typeof MESSAGE_CAUSES)[number];

/**
 * The client filter: a searchable picker over the office's clients. When the URL brings only the id (the
 * Comunicações tab's link), the client's name is read to show it.
 */
function ClientFilter({ clientId, onChange }: { clientId: string; onChange: (id: string | null) => void }) {
  const t = useT();
  const client = useQuery({
    queryKey: keys.client(clientId),
    queryFn: ({ signal }) =>
      ok(http.GET('/api/clients/{id}', { params: { path: { id: clientId } }, signal })),
    enabled: Boolean(clientId),
  });
  if (clientId && client.isPending) {
    return <TextInput label={t.messages.filterClient} w={260} disabled value={t.common.loading} readOnly />;
  }
  return (
    <ClientSelect
      // Remount when the URL's client changes elsewhere (Limpar filtros), so the box forgets the old name.
      key={clientId}
      label={t.messages.filterClient}
      placeholder={t.common.all}
      w={260}
      value={clientId || null}
      selectedName={client.data?.legalName ?? null}
      onChange={(id) => onChange(id)}
      clearable
    />
  );
}

/** Caixa de saída: every message the office sent or tried to send, newest first. */
export function OutboxTab() {
  const t = useT();
  const { office } = useSession();
  const timeZone = office.timeZone;
  const templateTitle = useTemplateTitle();
  const [params, setParams] = useSearchParams();

  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(100, Math.max(1, Number(params.get('pageSize')) || 25));
  const statusParam = params.get('status') as MessageStatus | null;
  const status = statusParam && MESSAGE_STATUSES.includes(statusParam) ? statusParam : '';
  const channelParam = params.get('channel') as MessageChannel | null;
  const channel = channelParam && MESSAGE_CHANNELS.includes(channelParam) ? channelParam : '';
  const causeParam = params.get('cause') as MessageCause | null;
  const cause = causeParam && MESSAGE_CAUSES.includes(causeParam) ? causeParam : '';
  const clientId = params.get('clientId') ?? '';
  const openId = params.get('message');

  const update = (changes: Record<string, string | number | null>, resetPage = true) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === '') next.delete(key);
          else next.set(key, String(value));
        }
        if (resetPage && !('page' in changes) && !('message' in changes)) next.delete('page');
        return next;
      },
      { replace: true },
    );
  };

  const query = {
    page,
    pageSize,
    status: status || undefined,
    channel: channel || undefined,
    cause: cause || undefined,
    clientId,
  };
  const messages = useQuery({
    queryKey: keys.messages(query),
    queryFn: ({ signal }) => ok(http.GET('/api/messages', { params: { query }, signal })),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some((m) => isMessageLive(m.status)) ? 2_000 : false),
    staleTime: 0,
  });

  const data = messages.data;
  const rows = data?.items ?? [];
  const live = rows.some((m) => isMessageLive(m.status));
  const filtering = status !== '' || channel !== '' || cause !== '' || clientId !== '';

  return (
    <Paper withBorder p="md">
      <Group gap="sm" mb="md" align="flex-end" wrap="wrap">
        <Select
          label={t.messages.filterStatus}
          w={160}
          data={[
            { value: '', label: t.common.all },
            ...MESSAGE_STATUSES.map((s) => ({ value: s, label: t.messageStatuses[s] })),
          ]}
          value={status}
          allowDeselect={false}
          onChange={(value) => update({ status: value ?? '' })}
        />
        <Select
          label={t.messages.filterChannel}
          w={140}
          data={[
            { value: '', label: t.common.all },
            ...MESSAGE_CHANNELS.map((c) => ({ value: c, label: t.messageChannels[c] })),
          ]}
          value={channel}
          allowDeselect={false}
          onChange={(value) => update({ channel: value ?? '' })}
        />
        <Select
          label={t.messages.filterCause}
          w={160}
          data={[
            { value: '', label: t.common.all },
            ...MESSAGE_CAUSES.map((c) => ({ value: c, label: causeLabel(c, t) })),
          ]}
          value={cause}
          allowDeselect={false}
          onChange={(value) => update({ cause: value ?? '' })}
        />
        <ClientFilter clientId={clientId} onChange={(id) => update({ clientId: id })} />
        {filtering && (
          <Button
            variant="subtle"
            leftSection={<IconFilterOff size={16} aria-hidden />}
            onClick={() => update({ status: null, channel: null, cause: null, clientId: null })}
          >
            {t.messages.clearFilters}
          </Button>
        )}
        {live && (
          <Tooltip label={t.runs.live}>
            <Group gap={4} wrap="nowrap" ml="auto" c="dimmed" aria-live="polite">
              <IconRefresh size={14} aria-hidden className="spin" />
              <Text size="xs">{t.runs.live}</Text>
            </Group>
          </Tooltip>
        )}
      </Group>

      {messages.isError && <QueryError error={messages.error} onRetry={() => void messages.refetch()} />}

      <Table.ScrollContainer minWidth={900} pos="relative">
        <LoadingOverlay
          visible={messages.isFetching && messages.isPlaceholderData}
          overlayProps={{ backgroundOpacity: 0.4 }}
          loaderProps={{ size: 'sm' }}
        />
        <Table
          highlightOnHover
          horizontalSpacing="xs"
          aria-label={t.messages.tabOutbox}
          aria-busy={messages.isPending || messages.isPlaceholderData}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={40}>
                <VisuallyHidden>{t.messages.colChannel}</VisuallyHidden>
              </Table.Th>
              <Table.Th>{t.messages.colRecipient}</Table.Th>
              <Table.Th miw={160}>{t.messages.colSubject}</Table.Th>
              <Table.Th w={190}>{t.messages.colTemplate}</Table.Th>
              <Table.Th>{t.messages.colCause}</Table.Th>
              <Table.Th>{t.messages.colStatus}</Table.Th>
              <Table.Th ta="right">{t.messages.colAttempts}</Table.Th>
              <Table.Th>{t.messages.colCreated}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {messages.isPending &&
              Array.from({ length: 6 }, (_, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: static skeleton rows
                <Table.Tr key={i}>
                  {Array.from({ length: 8 }, (_, j) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: static skeleton cells
                    <Table.Td key={j}>
                      <Skeleton h={14} radius="sm" />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            {rows.map((m) => (
              <Table.Tr
                key={m.id}
                className="clickable-row"
                data-message-id={m.id}
                onClick={() => update({ message: m.id }, false)}
              >
                <Table.Td>
                  <ChannelIcon channel={m.channel} />
                </Table.Td>
                <Table.Td>
                  <UnstyledButton
                    onClick={(e) => {
                      e.stopPropagation();
                      update({ message: m.id }, false);
                    }}
                    aria-label={t.messages.openMessage(m.subject ?? t.messages.noSubject)}
                  >
                    <Text size="sm" fw={500} maw={210} truncate="end" title={m.address ?? undefined}>
                      {m.address ?? t.messages.noAddress}
                    </Text>
                  </UnstyledButton>
                  <Text size="xs" c="dimmed">
                    {t.recipientKinds[m.recipientKind]}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <SubjectCell message={m} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed" lineClamp={2} title={templateTitle(m.template)}>
                    {templateTitle(m.template)}
                  </Text>
                </Table.Td>
                <Table.Td fz="sm">{causeLabel(m.causeKind, t)}</Table.Td>
                <Table.Td>
                  <MessageStatusBadge status={m.status} />
                </Table.Td>
                <Table.Td fz="sm" ta="right">
                  {m.attempts}
                </Table.Td>
                <DateTimeCell iso={m.createdAt} timeZone={timeZone} />
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      {messages.isSuccess && rows.length === 0 && (
        <Stack align="center" py={48} gap="xs">
          <IconMailForward size={40} stroke={1.3} color="var(--mantine-color-gray-5)" aria-hidden />
          <Text fw={600}>{filtering ? t.common.noResults : t.messages.empty}</Text>
          <Text size="sm" c="dimmed" ta="center" maw={440}>
            {filtering ? t.common.noResultsHint : t.messages.emptyHint}
          </Text>
        </Stack>
      )}

      {data && data.total > 0 && (
        <Pager
          page={page}
          pageSize={pageSize}
          total={data.total}
          onPage={(p) => update({ page: p }, false)}
          onPageSize={(size) => update({ pageSize: size })}
        />
      )}

      <MessageDrawer messageId={openId} onClose={() => update({ message: null }, false)} />
    </Paper>
  );
}

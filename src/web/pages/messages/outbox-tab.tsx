import { Badge, Group, Table, Text, Tooltip, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconMailForward } from '@tabler/icons-react';
import { http, ok } from '../../api/client.js';
import type { Message } from '../../api/models.js';
import { keys, useSession, useTemplateTitle } from '../../api/queries.js';
import { ClientFilter } from '../../components/client-select.js';
import { DateTimeCell } from '../../components/data-table.js';
import { LiveList, useLiveList } from '../../components/live-list.js';
import {
  ChannelIcon,
  isMessageLive,
  MESSAGE_CHANNELS,
  MESSAGE_STATUSES,
  MessageStatusBadge,
} from '../../components/message-status-badge.js';
import { useT } from '../../i18n/index.js';
import { useListParams } from '../../lib/use-list-params.js';
import { causeLabel, MessageDrawer } from './message-drawer.js';

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

/** Caixa de saída: every message the office sent or tried to send, newest first. */
export function OutboxTab() {
  const t = useT();
  const { office } = useSession();
  const timeZone = office.timeZone;
  const templateTitle = useTemplateTitle();
  const list = useListParams({ keepPageOn: ['message'] });
  const { page, pageSize } = list;
  const status = list.oneOf('status', MESSAGE_STATUSES);
  const channel = list.oneOf('channel', MESSAGE_CHANNELS);
  const cause = list.oneOf('cause', MESSAGE_CAUSES);
  const clientId = list.get('clientId');
  const openId = list.get('message') || null;
  const open = (id: string | null) => list.update({ message: id }, false);

  const query = {
    page,
    pageSize,
    status: status || undefined,
    channel: channel || undefined,
    cause: cause || undefined,
    clientId,
  };
  const messages = useLiveList(
    keys.messages(query),
    ({ signal }) => ok(http.GET('/api/messages', { params: { query }, signal })),
    (m) => isMessageLive(m.status),
  );

  const statusOptions = MESSAGE_STATUSES.map((s) => ({ value: s, label: t.messageStatuses[s] }));
  const channelOptions = MESSAGE_CHANNELS.map((c) => ({ value: c, label: t.messageChannels[c] }));
  const causeOptions = MESSAGE_CAUSES.map((c) => ({ value: c, label: causeLabel(c, t) }));

  return (
    <LiveList
      list={list}
      filterKeys={['status', 'channel', 'cause', 'clientId']}
      clearLabel={t.messages.clearFilters}
      live={messages}
      selects={[
        { name: 'status', label: t.messages.filterStatus, width: 160, options: statusOptions },
        { name: 'channel', label: t.messages.filterChannel, width: 140, options: channelOptions },
        { name: 'cause', label: t.messages.filterCause, width: 160, options: causeOptions },
      ]}
      filters={
        <ClientFilter
          clientId={clientId}
          label={t.messages.filterClient}
          width={260}
          onChange={(id) => list.update({ clientId: id })}
        />
      }
      label={t.messages.tabOutbox}
      minWidth={900}
      columns={8}
      head={
        <>
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
        </>
      }
      row={(m) => (
        <Table.Tr key={m.id} className="clickable-row" data-message-id={m.id} onClick={() => open(m.id)}>
          <Table.Td>
            <ChannelIcon channel={m.channel} />
          </Table.Td>
          <Table.Td>
            <UnstyledButton
              onClick={(e) => {
                e.stopPropagation();
                open(m.id);
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
            <Group gap={4} wrap="nowrap">
              <MessageStatusBadge status={m.status} />
              {m.possibleDuplicate && (
                <Tooltip label={t.messages.possibleDuplicateHint} multiline w={320}>
                  <Badge color="orange" variant="light" size="sm">
                    {t.messages.possibleDuplicate}
                  </Badge>
                </Tooltip>
              )}
            </Group>
          </Table.Td>
          <Table.Td fz="sm" ta="right">
            {m.attempts}
          </Table.Td>
          <DateTimeCell iso={m.createdAt} timeZone={timeZone} />
        </Table.Tr>
      )}
      empty={{ icon: IconMailForward, title: t.messages.empty, hint: t.messages.emptyHint, maw: 440 }}
    >
      <MessageDrawer messageId={openId} onClose={() => open(null)} />
    </LiveList>
  );
}

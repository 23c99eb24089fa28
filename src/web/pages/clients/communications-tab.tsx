import { Anchor, Card, Group, Skeleton, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconMessages } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { http, ok } from '../../api/client.js';
import { keys, useSession, useTemplates, useTemplateTitle } from '../../api/queries.js';
import { DateTimeCell } from '../../components/data-table.js';
import { EmptyNote } from '../../components/empty-note.js';
import { ChannelIcon, isMessageLive, MessageStatusBadge } from '../../components/message-status-badge.js';
import { Pager } from '../../components/pager.js';
import { QueryError } from '../../components/query-error.js';
import { SmallTable } from '../../components/small-table.js';
import { useT } from '../../i18n/index.js';
import { MessageDrawer } from '../messages/message-drawer.js';
import { SubjectCell } from '../messages/outbox-tab.js';

const PAGE_SIZE = 20;

/** Comunicações: the messages sent to a client and its contacts, each opening the message drawer. */
export function CommunicationsTab({ clientId }: { clientId: string }) {
  const t = useT();
  const { office } = useSession();
  useTemplates();
  const templateTitle = useTemplateTitle();
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<string | null>(null);

  const query = { clientId, page, pageSize: PAGE_SIZE };
  const messages = useQuery({
    queryKey: keys.messages(query),
    queryFn: ({ signal }) => ok(http.GET('/api/messages', { params: { query }, signal })),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some((m) => isMessageLive(m.status)) ? 2_000 : false),
    staleTime: 0,
  });
  const rows = messages.data?.items ?? [];

  return (
    <Card>
      <Group justify="space-between" mb="xs" align="flex-start">
        <div>
          <Title order={3}>{t.client.tabCommunications}</Title>
          <Text size="sm" c="dimmed">
            {t.client.communicationsIntro}
          </Text>
        </div>
        <Anchor component={Link} to={`/messages?clientId=${clientId}`} size="sm">
          {t.client.communicationsAll}
        </Anchor>
      </Group>

      {messages.isError && <QueryError error={messages.error} onRetry={() => void messages.refetch()} />}
      {messages.isPending && (
        <Stack gap="xs" mt="md">
          <Skeleton h={36} />
          <Skeleton h={36} />
          <Skeleton h={36} />
        </Stack>
      )}
      {messages.isSuccess && rows.length === 0 && (
        <EmptyNote icon={IconMessages} py="xl">
          {t.client.communicationsEmpty}
        </EmptyNote>
      )}
      <SmallTable
        empty={rows.length === 0}
        label={t.client.tabCommunications}
        minWidth={640}
        mt="sm"
        highlightOnHover
        labels={[
          { label: <VisuallyHidden>{t.messages.colChannel}</VisuallyHidden>, w: 40 },
          t.messages.colRecipient,
          { label: t.messages.colSubject, miw: 220 },
          t.messages.colTemplate,
          t.messages.colStatus,
          t.messages.colCreated,
        ]}
      >
        {rows.map((m) => (
          <Table.Tr key={m.id} className="clickable-row" onClick={() => setOpenId(m.id)}>
            <Table.Td>
              <ChannelIcon channel={m.channel} />
            </Table.Td>
            <Table.Td>
              <Text size="sm" maw={210} truncate="end" title={m.address ?? undefined}>
                {m.address ?? t.messages.noAddress}
              </Text>
              <Text size="xs" c="dimmed">
                {t.recipientKinds[m.recipientKind]}
              </Text>
            </Table.Td>
            <Table.Td>
              <Anchor
                component="button"
                type="button"
                c="inherit"
                ta="left"
                onClick={(e) => {
                  e.stopPropagation();
                  setOpenId(m.id);
                }}
                aria-label={t.messages.openMessage(m.subject ?? t.messages.noSubject)}
              >
                <SubjectCell message={m} />
              </Anchor>
            </Table.Td>
            <Table.Td fz="sm">{templateTitle(m.template)}</Table.Td>
            <Table.Td>
              <MessageStatusBadge status={m.status} />
            </Table.Td>
            <DateTimeCell iso={m.createdAt} timeZone={office.timeZone} />
          </Table.Tr>
        ))}
      </SmallTable>
      {messages.data && messages.data.total > PAGE_SIZE && (
        <Pager page={page} pageSize={PAGE_SIZE} total={messages.data.total} onPage={setPage} />
      )}
      <MessageDrawer messageId={openId} onClose={() => setOpenId(null)} />
    </Card>
  );
}

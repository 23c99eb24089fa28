import { Alert, Button, Group, Menu, Skeleton, Stack, Text } from '@mantine/core';
import {
  IconArrowsExchange,
  IconBell,
  IconBolt,
  IconChecklist,
  IconCircleCheck,
  IconDownload,
  IconHistory,
  IconLock,
  IconRotateClockwise,
  IconUsers,
} from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router';
import {
  formatCompetencia,
  notifyClient,
  reopenRequest,
  requestZipUrl,
  useRequest,
  useRequestHistory,
} from '../../api/collection.js';
import { useSession } from '../../api/queries.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import {
  BackLink,
  DetailFallback,
  DetailHeader,
  MoreActionsMenu,
  useTabParam,
} from '../../components/detail-shell.js';
import { HistoryTimeline } from '../../components/history-timeline.js';
import { IconButton } from '../../components/icon-button.js';
import { QueryCard } from '../../components/query-card.js';
import { TabPanels } from '../../components/tab-panels.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime, formatDocument, formatIsoDate } from '../../lib/format.js';
import { notifySuccess } from '../../lib/notify.js';
import { AutomationHistory } from '../automation/automation-history.js';
import { RequestChecklist } from './request-checklist.js';
import { RequestContactsTab } from './request-contacts-tab.js';
import { BaixaModal, TransferModal, useRefreshRequest } from './request-modals.js';
import { RequestProgress } from './request-progress.js';
import { RequestStatusBadge, useCloseStatusLabel } from './request-status-badge.js';

const TABS = ['checklist', 'contacts', 'history', 'automation'] as const;

function HistoryTab({ requestId }: { requestId: string }) {
  const t = useT();
  const history = useRequestHistory(requestId);
  return (
    <QueryCard
      title={t.collection.tabHistory}
      query={history}
      loading={<Skeleton h={100} />}
      empty={
        history.data?.length === 0 && (
          <Text size="sm" c="dimmed">
            {t.collection.historyEmpty}
          </Text>
        )
      }
    >
      <HistoryTimeline
        entries={history.data ?? []}
        label={t.collection.historyLabel}
        testId="request-history"
        systemLabel={t.collection.system}
      />
    </QueryCard>
  );
}

/**
 * The tracking screen of one programação (reached by its progress bar): the checklist with the seed's
 * elements [1]–[9], the client's contacts and their links, and the history. The baixa is there at any
 * time; when the last item gets settled, the screen offers it.
 */
export function RequestPage() {
  const t = useT();
  const c = t.collection;
  const { id = '' } = useParams();
  const { office } = useSession();
  const [tab, setTab] = useTabParam(TABS);
  const request = useRequest(id);
  const refresh = useRefreshRequest(id);
  const closeLabel = useCloseStatusLabel();
  const [baixaOpen, setBaixaOpen] = useState(false);
  const [transferOpen, setTransferOpen] = useState(false);
  const [offerOpen, setOfferOpen] = useState(false);
  const lastSettled = useRef<number | null>(null);

  const notify = useMutation({
    mutationFn: () => notifyClient(id),
    onSuccess: () => {
      notifySuccess(c.notified);
      refresh();
    },
  });
  const reopen = useMutation({
    mutationFn: () => reopenRequest(id),
    onSuccess: () => {
      notifySuccess(c.reopenedRequest);
      refresh();
    },
  });

  const data = request.data;
  const isOpen = data ? data.status === 'open' || data.status === 'started' : false;
  const complete = data ? data.progress.total > 0 && data.progress.settled === data.progress.total : false;
  // The last item just got settled while the screen was open: offer the baixa once.
  useEffect(() => {
    if (!data) return;
    const before = lastSettled.current;
    lastSettled.current = data.progress.settled;
    if (before !== null && before < data.progress.total && complete && isOpen) setOfferOpen(true);
  }, [data, complete, isOpen]);

  const back = <BackLink to="/collection" label={c.backToRequests} />;
  if (request.isPending || request.isError || !data) return <DetailFallback query={request} back={back} />;

  const comp = formatCompetencia(data.competencia);
  return (
    <>
      <DetailHeader
        back={back}
        title={c.trackingTitle(data.client.name, comp)}
        badges={
          <span data-testid="request-status">
            <RequestStatusBadge status={data.status} closeStatus={data.closeStatus} size="lg" />
          </span>
        }
        actions={
          <>
            <IconButton
              icon={IconDownload}
              variant="default"
              component="a"
              href={requestZipUrl(data.id)}
              download
            >
              {c.downloadZip}
            </IconButton>
            {isOpen ? (
              <IconButton icon={IconCircleCheck} onClick={() => setBaixaOpen(true)}>
                {c.baixa}
              </IconButton>
            ) : (
              <IconButton
                icon={IconRotateClockwise}
                variant="default"
                loading={reopen.isPending}
                onClick={() => reopen.mutate()}
              >
                {c.reopenRequest}
              </IconButton>
            )}
            <MoreActionsMenu width={280}>
              <Menu.Item
                leftSection={<IconBell size={16} aria-hidden />}
                disabled={!isOpen || notify.isPending}
                onClick={() => notify.mutate()}
              >
                {c.notifyClient}
              </Menu.Item>
              <Menu.Item
                leftSection={<IconArrowsExchange size={16} aria-hidden />}
                disabled={!isOpen}
                onClick={() => setTransferOpen(true)}
              >
                {c.transfer}
              </Menu.Item>
            </MoreActionsMenu>
          </>
        }
      >
        <Text size="sm" fw={500}>
          {data.serviceName ? `${data.serviceName} · ` : ''}
          {data.template.name} {c.version(data.template.version)} · {formatDocument(data.client.document)}
        </Text>
        <Group gap="md">
          <Text size="sm" c={data.overdue ? 'red' : 'dimmed'} fw={data.overdue ? 600 : undefined}>
            {c.dueOn(formatIsoDate(data.dueDate))}
            {data.overdue ? ` · ${c.overdue}` : ''}
          </Text>
          <Text size="sm" c="dimmed">
            {c.colResponsible}: {data.responsible?.name ?? c.noResponsible}
          </Text>
        </Group>
        <Text size="xs" c="dimmed">
          {c.createdOn(formatDateTime(data.createdAt, office.timeZone), data.createdBy?.name ?? null)}
          {data.closedAt &&
            data.closeStatus &&
            ` · ${c.closedOn(closeLabel(data.closeStatus), formatDateTime(data.closedAt, office.timeZone), data.closedBy?.name ?? null)}`}
        </Text>
        {data.closeNote && (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {data.closeNote}
          </Text>
        )}
        <RequestProgress settled={data.progress.settled} total={data.progress.total} width={280} />
      </DetailHeader>

      <Stack gap="md">
        {!isOpen && (
          <Alert variant="light" color="gray" icon={<IconLock aria-hidden />}>
            {c.closedBanner}
          </Alert>
        )}
        {isOpen && data.offerClose && (
          <Alert
            variant="light"
            color="teal"
            icon={<IconCircleCheck aria-hidden />}
            title={c.allSettledTitle}
          >
            <Group justify="space-between">
              <Text size="sm">{c.allSettledText}</Text>
              <Button size="xs" onClick={() => setBaixaOpen(true)}>
                {c.allSettledYes}
              </Button>
            </Group>
          </Alert>
        )}

        <TabPanels
          value={tab}
          onChange={setTab}
          tabs={[
            {
              value: 'checklist',
              label: c.tabChecklist2,
              icon: IconChecklist,
              content: <RequestChecklist request={data} />,
            },
            {
              value: 'contacts',
              label: c.tabContacts,
              icon: IconUsers,
              content: <RequestContactsTab clientId={data.client.id} />,
            },
            {
              value: 'history',
              label: c.tabHistory,
              icon: IconHistory,
              content: <HistoryTab requestId={data.id} />,
            },
            {
              value: 'automation',
              label: t.automation.history.title,
              icon: IconBolt,
              content: <AutomationHistory pipelineId="collection" itemId={data.id} />,
            },
          ]}
        />
      </Stack>

      {baixaOpen && <BaixaModal request={data} onClose={() => setBaixaOpen(false)} />}
      {transferOpen && <TransferModal request={data} onClose={() => setTransferOpen(false)} />}
      <ConfirmModal
        opened={offerOpen}
        title={c.allSettledTitle}
        message={c.allSettledText}
        confirmLabel={c.allSettledYes}
        cancelLabel={c.allSettledNo}
        color="teal"
        onConfirm={() => {
          setOfferOpen(false);
          setBaixaOpen(true);
        }}
        onClose={() => setOfferOpen(false)}
      />
    </>
  );
}

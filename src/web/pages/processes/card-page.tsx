import { Badge, Button, Menu, Paper, SimpleGrid, Stack, Tabs, Text, Timeline } from '@mantine/core';
import { IconArrowRight, IconBolt } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useParams, useSearchParams } from 'react-router';
import {
  type CardDetail,
  cardLifecycle,
  moveCard,
  type Pipeline,
  processKeys,
  updateCard,
  useCard,
  usePipeline,
} from '../../api/processes.js';
import { useSession } from '../../api/queries.js';
import {
  BackLink,
  DetailFallback,
  DetailHeader,
  Field,
  MoreActionsMenu,
} from '../../components/detail-shell.js';
import { InlineForm } from '../../components/inline-form.js';
import { useT } from '../../i18n/index.js';
import { formatDate, formatDateTime, formatMoney } from '../../lib/format.js';
import { notifySuccess } from '../../lib/notify.js';
import { useServerErrors } from '../../lib/use-server-errors.js';
import { AutomationHistory } from '../automation/automation-history.js';
import { CardInputs, cardBody, fieldText, useCardDraft } from './card-fields.js';

function DetailsForm({ card, pipeline }: { card: CardDetail; pipeline: Pipeline }) {
  const t = useT();
  const queryClient = useQueryClient();
  const form = useCardDraft(() => ({
    draft: {
      title: card.title,
      clientId: card.clientId,
      responsibleId: card.responsibleId,
      value: card.valueCents / 100,
      dueDate: card.dueDate ?? '',
    },
    fields: card.fields,
  }));
  const { errors, formError, formSave } = useServerErrors();
  const save = useMutation({
    mutationFn: () =>
      updateCard(card.id, {
        ...cardBody(form.draft),
        fields: Object.fromEntries(pipeline.fields.map((f) => [f.key, form.fields[f.key] ?? null])),
      }),
    ...formSave,
    onSuccess: (c) => {
      notifySuccess(t.processes.cardSaved);
      queryClient.setQueryData(processKeys.card(c.id), c);
      void queryClient.invalidateQueries({ queryKey: processKeys.all });
    },
  });
  return (
    <InlineForm onSubmit={() => save.mutate()} error={formError} saving={save.isPending}>
      <CardInputs pipeline={pipeline} card={form} errors={errors} clientName={card.clientName} wide />
    </InlineForm>
  );
}

function Submission({ card }: { card: CardDetail }) {
  const t = useT();
  const s = card.submission;
  if (!s) return null;
  return (
    <Paper withBorder p="md">
      <Text fw={600} size="sm" mb="xs">
        {t.processes.submission}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {(['name', 'email', 'phone', 'document', 'message'] as const).map((k) => (
          <Field key={k} label={t.processes.submissionKeys[k]}>
            {(s[k] as string | null) ?? '—'}
          </Field>
        ))}
      </SimpleGrid>
    </Paper>
  );
}

function Movements({ card }: { card: CardDetail }) {
  const t = useT();
  const { office } = useSession();
  return (
    <Timeline bulletSize={18} lineWidth={2} active={card.movements.length}>
      {card.movements.map((m) => (
        <Timeline.Item
          key={m.id}
          bullet={<IconArrowRight size={10} aria-hidden />}
          title={t.processes.fromTo(m.fromStageName, m.toStageName)}
        >
          <Text size="xs" c="dimmed">
            {formatDateTime(m.at, office.timeZone)} ·{' '}
            {m.source === 'user' ? t.processes.movedBy.user(m.byUserName) : t.processes.movedBy[m.source]}
          </Text>
          {m.comment && <Text size="sm">{m.comment}</Text>}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

/** A card: its details and fields (editable), its movements, and its automation history; move and close. */
export function CardPage() {
  const t = useT();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const queryClient = useQueryClient();
  const card = useCard(id);
  const pipeline = usePipeline(card.data?.pipelineId ?? '');
  const back = (
    <BackLink
      to={card.data ? `/processes/${card.data.pipelineId}` : '/processes'}
      label={card.data ? t.processes.backToPipeline(card.data.pipelineName) : t.processes.back}
    />
  );
  const after = (c: CardDetail) => {
    queryClient.setQueryData(processKeys.card(c.id), c);
    void queryClient.invalidateQueries({ queryKey: processKeys.all });
  };
  const move = useMutation({
    mutationFn: (stageId: string) => moveCard(id, { stageId }),
    onSuccess: (c) => {
      notifySuccess(t.processes.moved(c.title, c.stageName));
      after(c);
    },
  });
  const lifecycle = useMutation({
    mutationFn: (action: 'close' | 'reopen' | 'archive' | 'unarchive') => cardLifecycle(id, action),
    onSuccess: after,
  });
  if (card.isPending || card.isError)
    return <DetailFallback query={card} back={back} title={t.processes.title} />;
  const c = card.data;
  const tab = params.get('tab') ?? 'details';
  const open = c.state === 'open';
  return (
    <>
      <DetailHeader
        back={back}
        title={c.title}
        badges={
          <>
            <Badge color={c.stageColor ?? 'gray'} style={{ textTransform: 'none' }} data-testid="card-stage">
              {c.stageName}
            </Badge>
            {!open && (
              <Badge color="gray" variant="light">
                {t.processes.states[c.state]}
              </Badge>
            )}
          </>
        }
        actions={
          <>
            {open && pipeline.data && (
              <Menu position="bottom-end">
                <Menu.Target>
                  <Button variant="default" loading={move.isPending}>
                    {t.processes.moveTo}
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  {pipeline.data.stages
                    .filter((s) => s.id !== c.stageId)
                    .map((s) => (
                      <Menu.Item key={s.id} onClick={() => move.mutate(s.id)}>
                        {s.name}
                      </Menu.Item>
                    ))}
                </Menu.Dropdown>
              </Menu>
            )}
            <MoreActionsMenu>
              {c.state === 'open' && (
                <Menu.Item onClick={() => lifecycle.mutate('close')}>{t.processes.close}</Menu.Item>
              )}
              {c.state === 'closed' && (
                <Menu.Item onClick={() => lifecycle.mutate('reopen')}>{t.processes.reopen}</Menu.Item>
              )}
              {c.state !== 'archived' && (
                <Menu.Item onClick={() => lifecycle.mutate('archive')}>{t.processes.archive}</Menu.Item>
              )}
              {c.state === 'archived' && (
                <Menu.Item onClick={() => lifecycle.mutate('unarchive')}>{t.processes.unarchive}</Menu.Item>
              )}
            </MoreActionsMenu>
          </>
        }
      >
        <Text size="sm" c="dimmed">
          {c.pipelineName} · {c.clientName ?? t.processes.noClient} ·{' '}
          {c.responsibleName ?? t.processes.noResponsible} · {formatMoney(c.valueCents)}
          {c.dueDate ? ` · ${formatDate(c.dueDate)}` : ''}
        </Text>
      </DetailHeader>
      <Tabs
        value={tab}
        onChange={(v) => setParams(v && v !== 'details' ? { tab: v } : {}, { replace: true })}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="details">{t.processes.details}</Tabs.Tab>
          <Tabs.Tab value="history">{t.processes.history}</Tabs.Tab>
          <Tabs.Tab value="automation" leftSection={<IconBolt size={14} aria-hidden />}>
            {t.processes.automation}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="details">
          <Stack>
            <Paper withBorder p="md">
              {pipeline.data ? (
                <DetailsForm key={c.updatedAt} card={c} pipeline={pipeline.data} />
              ) : (
                <SimpleGrid cols={2}>
                  {Object.entries(c.fields).map(([k, v]) => (
                    <Field key={k} label={k}>
                      {fieldText({ type: 'text', options: null }, v, [t.processes.yes, t.processes.no])}
                    </Field>
                  ))}
                </SimpleGrid>
              )}
            </Paper>
            <Submission card={c} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="history">
          <Paper withBorder p="md">
            <Movements card={c} />
          </Paper>
        </Tabs.Panel>
        <Tabs.Panel value="automation">
          <AutomationHistory pipelineId={`process:${c.pipelineId}`} itemId={c.id} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

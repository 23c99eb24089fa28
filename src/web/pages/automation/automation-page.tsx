/**
 * Automações (/automacoes): one pipeline at a time (the picker; tickets by default) in the Bitrix24 shape —
 * a column per stage in the stage's colour, the stage's triggers at the top, its rules below in order.
 * Rules are dragged to reorder them or to move them to another stage (saved with
 * `PUT /api/automation/pipelines/:id/order`); "Adicionar regra" lists the actions by category. On a phone
 * the columns scroll sideways.
 */
import {
  closestCorners,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  TouchSensor,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { ActionIcon, Box, Group, Menu, Paper, Select, Skeleton, Stack, Text, Tooltip } from '@mantine/core';
import { IconFlask } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import {
  type ActionInfo,
  automationKeys,
  type Catalog,
  currentDefinition,
  type Pipeline,
  type PipelineRules,
  type PipelineStage,
  type Rule,
  type Trigger,
  useCatalog,
  usePipelineRules,
  usePipelines,
  usePipelineTriggers,
} from '../../api/automation.js';
import { http, ok } from '../../api/client.js';
import { useUsers } from '../../api/queries.js';
import { ConfirmTarget } from '../../components/confirm-target.js';
import { PageHeader } from '../../components/page-header.js';
import { QueryError } from '../../components/query-error.js';
import { useT } from '../../i18n/index.js';
import { notifySuccess } from '../../lib/notify.js';
import { changedStages, columnDropId, moveRule, type StageOrder } from './board-order.js';
import { KindMenu, KindMenuItem } from './kind-menu.js';
import { RuleCard } from './rule-card.js';
import { RuleForm } from './rule-form.js';
import type { NameLookup } from './rule-words.js';
import { ApplyExistingModal, StageTestModal } from './stage-modals.js';
import { StageTriggers } from './stage-triggers.js';

const COLUMN_WIDTH = 300;

/** Colours for the stages that have none of their own (ticket statuses, programação statuses), in order. */
const PALETTE = ['blue', 'cyan', 'yellow', 'orange', 'grape', 'teal', 'green', 'red', 'indigo', 'lime'];
const stageColor = (stage: PipelineStage, index: number) =>
  stage.color ?? `var(--mantine-color-${PALETTE[index % PALETTE.length]}-5)`;

/** "Adicionar regra": the catalog's actions, grouped by the seed's categories. */
function AddRuleMenu({
  catalog,
  onPick,
}: {
  catalog: Catalog | undefined;
  onPick: (action: ActionInfo) => void;
}) {
  const t = useT();
  const a = t.automation.board;
  return (
    <KindMenu
      label={a.addRule}
      disabled={!catalog}
      button={{ iconSize: 14, size: 'compact-sm', fullWidth: true }}
    >
      {catalog?.actions.map((group) => (
        <div key={group.category}>
          <Menu.Label>{group.name}</Menu.Label>
          {group.items.map((action) => (
            <KindMenuItem key={action.kind} kind={action} onPick={() => onPick(action)} />
          ))}
        </div>
      ))}
    </KindMenu>
  );
}

function StageColumn({
  stage,
  index,
  rules,
  children,
  onAdd,
  onTest,
  catalog,
  triggers,
}: {
  stage: PipelineStage;
  index: number;
  rules: Rule[];
  children: ReactNode;
  onAdd: (action: ActionInfo) => void;
  onTest: () => void;
  catalog: Catalog | undefined;
  triggers?: ReactNode;
}) {
  const t = useT();
  const a = t.automation.board;
  const { setNodeRef, isOver } = useDroppable({ id: columnDropId(stage.id) });
  const color = stageColor(stage, index);
  return (
    <Paper
      withBorder
      radius="md"
      data-testid="stage-column"
      data-stage={stage.id}
      style={{
        width: COLUMN_WIDTH,
        flex: `0 0 ${COLUMN_WIDTH}px`,
        borderTop: `4px solid ${color}`,
        background: isOver ? 'var(--mantine-color-blue-0)' : 'var(--mantine-color-gray-0)',
        scrollSnapAlign: 'start',
      }}
    >
      <Group justify="space-between" px="sm" pt="sm" pb={6} wrap="nowrap">
        <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
          <Box w={10} h={10} style={{ borderRadius: 10, background: color, flexShrink: 0 }} />
          <Text fw={600} size="sm" truncate="end">
            {stage.name}
          </Text>
          <Text size="xs" c="dimmed">
            {rules.length}
          </Text>
        </Group>
        <Tooltip label={a.test}>
          <ActionIcon variant="subtle" color="gray" aria-label={a.testStage(stage.name)} onClick={onTest}>
            <IconFlask size={16} aria-hidden />
          </ActionIcon>
        </Tooltip>
      </Group>
      {triggers}
      <Stack ref={setNodeRef} gap={6} px="xs" pb="xs" mih={80}>
        <SortableContext items={rules.map((r) => r.id)} strategy={verticalListSortingStrategy}>
          {children}
        </SortableContext>
        {rules.length === 0 && (
          <Text size="xs" c="dimmed" ta="center" py="sm">
            {a.noRules}
          </Text>
        )}
        <AddRuleMenu catalog={catalog} onPick={onAdd} />
      </Stack>
    </Paper>
  );
}

type Editing = { stageId: string; action: ActionInfo; rule: Rule | null };

function Board({
  pipeline,
  data,
  catalog,
  triggers,
}: {
  pipeline: Pipeline;
  data: PipelineRules;
  catalog: Catalog | undefined;
  triggers: Trigger[];
}) {
  const t = useT();
  const a = t.automation.board;
  const queryClient = useQueryClient();
  const users = useUsers();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [applying, setApplying] = useState<Rule | null>(null);
  const [deleting, setDeleting] = useState<Rule | null>(null);
  const [testing, setTesting] = useState<string | null>(null);
  const key = automationKeys.rules(pipeline.id);

  const byStage = useMemo(() => {
    const map = new Map<string, Rule[]>();
    for (const s of data.stages) map.set(s.stageId, s.rules);
    return map;
  }, [data]);
  const order: StageOrder[] = pipeline.stages.map((s) => ({
    stageId: s.id,
    ruleIds: (byStage.get(s.id) ?? []).map((r) => r.id),
  }));
  const ruleById = new Map(data.stages.flatMap((s) => s.rules.map((r) => [r.id, r] as const)));
  const actionOf = (kind: string) => catalog?.actions.flatMap((g) => g.items).find((x) => x.kind === kind);

  const names: NameLookup = {
    user: (id) => users.data?.find((u) => u.id === id)?.name,
  };

  const saveOrder = useMutation({
    mutationFn: (stages: StageOrder[]) =>
      ok(
        http.PUT('/api/automation/pipelines/{pipelineId}/order', {
          params: { path: { pipelineId: pipeline.id } },
          body: { stages },
        }),
      ),
    onMutate: async (stages) => {
      await queryClient.cancelQueries({ queryKey: key });
      const before = queryClient.getQueryData<PipelineRules>(key);
      if (before) {
        const next: PipelineRules = {
          ...before,
          stages: pipeline.stages.map((s) => {
            const changed = stages.find((x) => x.stageId === s.id);
            const current = before.stages.find((x) => x.stageId === s.id)?.rules ?? [];
            if (!changed) return { stageId: s.id, rules: current };
            return {
              stageId: s.id,
              rules: changed.ruleIds.flatMap((id) => {
                const r = ruleById.get(id);
                return r ? [{ ...r, stageId: s.id }] : [];
              }),
            };
          }),
        };
        queryClient.setQueryData(key, next);
      }
      return { before };
    },
    onError: (_e, _v, context) => {
      if (context?.before) queryClient.setQueryData(key, context.before);
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: key }),
  });

  const toggle = useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) =>
      ok(http.PUT('/api/automation/rules/{id}/enabled', { params: { path: { id } }, body: { enabled } })),
    onSuccess: (_r, { enabled }) => {
      notifySuccess(enabled ? a.enabledOn : a.enabledOff);
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });

  const remove = useMutation({
    mutationFn: (id: string) => ok(http.DELETE('/api/automation/rules/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      notifySuccess(a.deleted);
      setDeleting(null);
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over) return;
    const next = moveRule(order, String(active.id), String(over.id));
    if (next) saveOrder.mutate(changedStages(order, next));
  };

  const titleOf = (rule: Rule) => currentDefinition(rule)?.name || rule.description;
  const fields = pipeline.fields;

  return (
    <>
      <DndContext sensors={sensors} collisionDetection={closestCorners} onDragEnd={onDragEnd}>
        <Box
          data-testid="automation-board"
          style={{
            display: 'flex',
            gap: 12,
            overflowX: 'auto',
            paddingBottom: 12,
            alignItems: 'flex-start',
            scrollSnapType: 'x proximity',
          }}
        >
          {pipeline.stages.map((stage, index) => {
            const rules = byStage.get(stage.id) ?? [];
            return (
              <StageColumn
                key={stage.id}
                stage={stage}
                index={index}
                rules={rules}
                catalog={catalog}
                onAdd={(action) => setEditing({ stageId: stage.id, action, rule: null })}
                onTest={() => setTesting(stage.id)}
                triggers={
                  <StageTriggers
                    pipeline={pipeline}
                    stageId={stage.id}
                    triggers={triggers.filter((x) => x.stageId === stage.id)}
                    catalog={catalog}
                  />
                }
              >
                {rules.map((rule) => (
                  <RuleCard
                    key={rule.id}
                    rule={rule}
                    fields={fields}
                    names={names}
                    toggling={toggle.isPending && toggle.variables?.id === rule.id}
                    onToggle={(enabled) => toggle.mutate({ id: rule.id, enabled })}
                    onEdit={() => {
                      const def = currentDefinition(rule);
                      const action = def && actionOf(def.action);
                      if (action) setEditing({ stageId: stage.id, action, rule });
                    }}
                    onApply={() => setApplying(rule)}
                    onDelete={() => setDeleting(rule)}
                  />
                ))}
              </StageColumn>
            );
          })}
        </Box>
      </DndContext>
      {editing && (
        <RuleForm
          pipeline={pipeline}
          stageId={editing.stageId}
          action={editing.action}
          rule={editing.rule}
          onClose={() => setEditing(null)}
        />
      )}
      {applying && (
        <ApplyExistingModal
          pipeline={pipeline}
          rule={applying}
          title={titleOf(applying)}
          onClose={() => setApplying(null)}
        />
      )}
      {testing && <StageTestModal pipeline={pipeline} stageId={testing} onClose={() => setTesting(null)} />}
      <ConfirmTarget
        target={deleting}
        message={(rule) => a.deleteConfirm(titleOf(rule))}
        loading={remove.isPending}
        onConfirm={(rule) => remove.mutate(rule.id)}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}

export function AutomationPage() {
  const t = useT();
  const a = t.automation;
  const [params, setParams] = useSearchParams();
  const pipelines = usePipelines();
  const catalog = useCatalog();
  const list = pipelines.data ?? [];
  const wanted = params.get('pipeline') ?? 'tickets';
  const pipeline = list.find((p) => p.id === wanted) ?? list[0] ?? null;
  const rules = usePipelineRules(pipeline?.id ?? null);
  const triggers = usePipelineTriggers(pipeline?.id ?? null);

  return (
    <>
      <PageHeader
        title={a.title}
        subtitle={a.subtitle}
        actions={
          <Select
            aria-label={a.pipeline}
            data={list.map((p) => ({ value: p.id, label: p.name }))}
            value={pipeline?.id ?? null}
            onChange={(id) => id && setParams({ pipeline: id }, { replace: true })}
            allowDeselect={false}
            w={260}
            data-testid="pipeline-picker"
          />
        }
      />
      {pipelines.isError && <QueryError error={pipelines.error} onRetry={() => void pipelines.refetch()} />}
      {rules.isError && <QueryError error={rules.error} onRetry={() => void rules.refetch()} />}
      {catalog.isError && <QueryError error={catalog.error} onRetry={() => void catalog.refetch()} />}
      {(pipelines.isPending || rules.isPending) && !pipelines.isError && (
        <Group gap={12} wrap="nowrap" style={{ overflow: 'hidden' }}>
          {[1, 2, 3].map((n) => (
            <Skeleton key={n} h={240} w={COLUMN_WIDTH} style={{ flexShrink: 0 }} />
          ))}
        </Group>
      )}
      {pipelines.isSuccess && list.length === 0 && (
        <Text c="dimmed" size="sm">
          {a.board.noPipelines}
        </Text>
      )}
      {triggers.isError && <QueryError error={triggers.error} onRetry={() => void triggers.refetch()} />}
      {pipeline && rules.data && (
        <Board pipeline={pipeline} data={rules.data} catalog={catalog.data} triggers={triggers.data ?? []} />
      )}
    </>
  );
}

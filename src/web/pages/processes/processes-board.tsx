import {
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { Badge, Box, Group, Paper, ScrollArea, Skeleton, Stack, Text } from '@mantine/core';
import { IconGripVertical } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { type Board, type Card, moveCard, processKeys, useBoard } from '../../api/processes.js';
import { useSession } from '../../api/queries.js';
import { InfoHint } from '../../components/info-hint.js';
import { TitleLink } from '../../components/link-row.js';
import { QueryError } from '../../components/query-error.js';
import { useT } from '../../i18n/index.js';
import { formatDate, formatMoney } from '../../lib/format.js';
import { notifySuccess } from '../../lib/notify.js';

const DEFAULT_COLOR = '#868e96';

function CardBody({ card }: { card: Card }) {
  const t = useT();
  const { office } = useSession();
  return (
    <>
      <TitleLink to={`/processes/cards/${card.id}`} lineClamp={2} onPointerDown={(e) => e.stopPropagation()}>
        {card.title}
      </TitleLink>
      <Text size="xs" c="dimmed" lineClamp={1} mt={2}>
        {card.clientName ?? t.processes.noClient}
      </Text>
      <Group justify="space-between" mt={6} gap={4} wrap="nowrap">
        <Text size="xs" lineClamp={1} c={card.responsibleName ? undefined : 'dimmed'}>
          {card.responsibleName ?? t.processes.noResponsible}
        </Text>
        {card.dueDate && (
          <Text size="xs" c="dimmed" className="nowrap">
            {formatDate(card.dueDate, office.timeZone)}
          </Text>
        )}
      </Group>
      {card.valueCents > 0 && (
        <Text size="xs" fw={500} mt={2}>
          {formatMoney(card.valueCents)}
        </Text>
      )}
    </>
  );
}

function DraggableCard({ card }: { card: Card }) {
  const t = useT();
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: card.id, data: { card } });
  return (
    <Paper
      ref={setNodeRef}
      withBorder
      p="sm"
      shadow="xs"
      data-card={card.title}
      aria-label={t.processes.cardLabel(card.title)}
      {...attributes}
      {...listeners}
      style={{ cursor: 'grab', opacity: isDragging ? 0.4 : 1, touchAction: 'none' }}
    >
      <Group gap={4} wrap="nowrap" align="flex-start">
        <IconGripVertical
          size={14}
          color="var(--mantine-color-gray-5)"
          aria-hidden
          style={{ flexShrink: 0 }}
        />
        <Box style={{ minWidth: 0, flex: 1 }}>
          <CardBody card={card} />
        </Box>
      </Group>
    </Paper>
  );
}

function Column({ column, dragging }: { column: Board['columns'][number]; dragging: boolean }) {
  const t = useT();
  const { setNodeRef, isOver } = useDroppable({ id: column.stageId });
  const color = column.color ?? DEFAULT_COLOR;
  return (
    <Box
      ref={setNodeRef}
      role="listitem"
      aria-label={t.processes.columnLabel(column.name, column.count)}
      data-column={column.name}
      w={260}
      miw={260}
      p="xs"
      style={{
        borderRadius: 'var(--mantine-radius-md)',
        background: isOver ? `${color}22` : 'var(--mantine-color-gray-0)',
        border: `2px dashed ${isOver ? color : dragging ? `${color}66` : 'transparent'}`,
        borderTop: `4px solid ${color}`,
        transition: 'background 120ms',
      }}
    >
      <Group justify="space-between" mb="xs" px={4} wrap="nowrap">
        <Badge color={color} variant="filled" radius="sm" style={{ textTransform: 'none' }}>
          {column.name}
        </Badge>
        <Text size="xs" c="dimmed" className="nowrap" data-testid="column-total">
          {t.processes.columnTotal(column.count, formatMoney(column.valueCents))}
        </Text>
      </Group>
      <Stack gap="xs" mih={60}>
        {column.cards.map((card) => (
          <DraggableCard key={card.id} card={card} />
        ))}
      </Stack>
    </Box>
  );
}

/** Moves `card` to `stageId` in a board answer (the optimistic update while the server answers). */
function withMove(board: Board, card: Card, stageId: string): Board {
  return {
    ...board,
    columns: board.columns.map((c) => {
      if (c.stageId === card.stageId)
        return {
          ...c,
          count: c.count - 1,
          valueCents: c.valueCents - card.valueCents,
          cards: c.cards.filter((x) => x.id !== card.id),
        };
      if (c.stageId === stageId)
        return {
          ...c,
          count: c.count + 1,
          valueCents: c.valueCents + card.valueCents,
          cards: [...c.cards, { ...card, stageId, stageName: c.name, stageColor: c.color }],
        };
      return c;
    }),
  };
}

/**
 * The kanban of a pipeline: one column per stage (its colour, open-card count and value sum); a card
 * dragged (dnd-kit: mouse, touch or keyboard) to another column moves to that stage.
 */
export function ProcessesBoard({ pipelineId }: { pipelineId: string }) {
  const t = useT();
  const queryClient = useQueryClient();
  const board = useBoard(pipelineId);
  const [active, setActive] = useState<Card | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor),
  );
  const move = useMutation({
    mutationFn: ({ card, stageId }: { card: Card; stageId: string }) => moveCard(card.id, { stageId }),
    onMutate: ({ card, stageId }) => {
      const key = processKeys.board(pipelineId);
      const before = queryClient.getQueryData<Board>(key);
      if (before) queryClient.setQueryData(key, withMove(before, card, stageId));
      return { before };
    },
    onError: (_e, _v, context) => {
      if (context?.before) queryClient.setQueryData(processKeys.board(pipelineId), context.before);
    },
    onSuccess: (card) => notifySuccess(t.processes.moved(card.title, card.stageName)),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: processKeys.all }),
  });

  if (board.isError) return <QueryError error={board.error} onRetry={() => void board.refetch()} />;
  if (board.isPending)
    return (
      <Group align="flex-start" wrap="nowrap">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} w={260} h={240} radius="md" />
        ))}
      </Group>
    );

  const onDragStart = (e: DragStartEvent) => setActive((e.active.data.current?.card as Card) ?? null);
  const onDragEnd = (e: DragEndEvent) => {
    setActive(null);
    const card = e.active.data.current?.card as Card | undefined;
    const stageId = e.over?.id;
    if (!card || typeof stageId !== 'string' || stageId === card.stageId) return;
    move.mutate({ card, stageId });
  };

  return (
    <Stack gap="sm">
      <InfoHint>{t.processes.dragHint}</InfoHint>
      <DndContext
        sensors={sensors}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={() => setActive(null)}
      >
        <ScrollArea type="auto" offsetScrollbars>
          <Group align="flex-start" gap="sm" wrap="nowrap" role="list" aria-label={t.processes.boardLabel}>
            {board.data.columns.map((column) => (
              <Column key={column.stageId} column={column} dragging={active !== null} />
            ))}
          </Group>
        </ScrollArea>
        <DragOverlay>
          {active && (
            <Paper withBorder p="sm" shadow="md" w={240}>
              <CardBody card={active} />
            </Paper>
          )}
        </DragOverlay>
      </DndContext>
    </Stack>
  );
}

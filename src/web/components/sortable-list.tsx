import {
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { ActionIcon, type ActionIconProps } from '@mantine/core';
import { useMergedRef } from '@mantine/hooks';
import { IconGripVertical } from '@tabler/icons-react';
import type { CSSProperties, ReactNode, Ref } from 'react';

/**
 * A vertical list reordered by dragging (pointer, touch, or keyboard: Space to lift, arrows to move, Space to
 * drop). `onMove(from, to)` gets the indexes in `ids` of the dragged item and of where it was dropped; the
 * items use `useSortableItem` with the same ids.
 */
export function SortableList({
  ids,
  onMove,
  children,
}: {
  ids: string[];
  onMove: (from: number, to: number) => void;
  children: ReactNode;
}) {
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = ids.indexOf(String(active.id));
    const to = ids.indexOf(String(over.id));
    if (from < 0 || to < 0) return;
    onMove(from, to);
  };
  return (
    <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
      <SortableContext items={ids} strategy={verticalListSortingStrategy}>
        {children}
      </SortableContext>
    </DndContext>
  );
}

/**
 * One item of a `SortableList`: `ref` and `style` go on the item (lifted and dimmed while dragged, moved by
 * `translate` only or also scaled), `handle` on its `DragHandle`.
 */
export function useSortableItem(id: string, { scale = false }: { scale?: boolean } = {}) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({ id });
  const style: CSSProperties = {
    transform: (scale ? CSS.Transform : CSS.Translate).toString(transform),
    transition,
    opacity: isDragging ? 0.7 : 1,
    position: 'relative',
    zIndex: isDragging ? 2 : undefined,
  };
  return {
    ref: setNodeRef,
    style,
    isDragging,
    handle: { ref: setActivatorNodeRef, ...attributes, ...listeners },
  };
}

/**
 * The grip an item of a `SortableList` is dragged by, named for screen readers. A `ref` given to it (a
 * `Tooltip` around it passes one) is merged with dnd-kit's.
 */
export function DragHandle({
  handle: { ref: handleRef, ...handle },
  label,
  iconSize = 16,
  ref,
  ...props
}: {
  handle: ReturnType<typeof useSortableItem>['handle'];
  label: string;
  iconSize?: number;
  ref?: Ref<HTMLButtonElement>;
} & ActionIconProps) {
  const merged = useMergedRef(handleRef, ref);
  return (
    <ActionIcon
      ref={merged}
      variant="subtle"
      color="gray"
      aria-label={label}
      style={{ cursor: 'grab', touchAction: 'none' }}
      {...props}
      {...handle}
    >
      <IconGripVertical size={iconSize} aria-hidden />
    </ActionIcon>
  );
}

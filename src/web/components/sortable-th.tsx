import { Center, Group, Table, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconChevronUp, IconSelector } from '@tabler/icons-react';
import type { SortOrder } from '../api/models.js';
import { useT } from '../i18n/index.js';

/** A table header that sorts by its field; clicking the active one flips the order. */
export function SortableTh<F extends string>({
  label,
  field,
  sort,
  order,
  onSort,
  width,
  minWidth,
}: {
  label: string;
  field: F;
  sort: F;
  order: SortOrder;
  onSort: (field: F, order: SortOrder) => void;
  width?: number | string;
  minWidth?: number | string;
}) {
  const t = useT();
  const active = sort === field;
  const Icon = active ? (order === 'asc' ? IconChevronUp : IconChevronDown) : IconSelector;
  return (
    <Table.Th
      w={width}
      miw={minWidth}
      aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}
      p={0}
    >
      <UnstyledButton
        onClick={() => onSort(field, active && order === 'asc' ? 'desc' : 'asc')}
        title={t.common.sortBy(label)}
        px="sm"
        py="xs"
        w="100%"
      >
        <Group justify="space-between" wrap="nowrap" gap={4}>
          <Text fw={600} fz="sm" c={active ? undefined : 'dimmed'}>
            {label}
          </Text>
          <Center c={active ? 'brand' : 'dimmed'}>
            <Icon size={14} stroke={1.8} aria-hidden />
          </Center>
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}

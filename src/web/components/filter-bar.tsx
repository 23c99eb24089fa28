import { Button, CloseButton, Group, Select, Text, TextInput, Tooltip } from '@mantine/core';
import { IconFilterOff, IconRefresh, IconSearch } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useT } from '../i18n/index.js';
import type { ListParams } from '../lib/use-list-params.js';

/** The row of filters above a list's table. */
export function FilterBar({ children }: { children: ReactNode }) {
  return (
    <Group gap="sm" mb="md" align="flex-end" wrap="wrap">
      {children}
    </Group>
  );
}

/** The list's text search, bound to `useListParams` (debounced into `q`), with a clear button. */
export function SearchFilter({
  list,
  label,
  placeholder,
  clearLabel,
  flex = '1 1 320px',
}: {
  list: Pick<ListParams<string>, 'search' | 'onSearch'>;
  label: string;
  placeholder: string;
  clearLabel: string;
  flex?: string;
}) {
  return (
    <TextInput
      type="search"
      label={label}
      placeholder={placeholder}
      leftSection={<IconSearch size={16} aria-hidden />}
      value={list.search}
      onChange={(e) => list.onSearch(e.currentTarget.value)}
      rightSection={
        list.search ? (
          <CloseButton size="sm" aria-label={clearLabel} onClick={() => list.onSearch('')} />
        ) : null
      }
      style={{ flex }}
    />
  );
}

/** A select over one URL filter whose first option, `''`, means no filter ("Todos" unless `allLabel`). */
export function SelectFilter({
  list,
  name,
  value,
  label,
  options,
  width,
  allLabel,
}: {
  list: Pick<ListParams<string>, 'update'>;
  name: string;
  value: string;
  label: string;
  options: readonly { value: string; label: string }[];
  width: number;
  allLabel?: string;
}) {
  const t = useT();
  return (
    <Select
      label={label}
      w={width}
      data={[{ value: '', label: allLabel ?? t.common.all }, ...options]}
      value={value}
      allowDeselect={false}
      onChange={(next) => list.update({ [name]: next ?? '' })}
    />
  );
}

/** A date input over one URL filter (`YYYY-MM-DD`), bounded by the other end of its range. */
export function DateFilter({
  list,
  name,
  label,
  min,
  max,
}: {
  list: Pick<ListParams<string>, 'update' | 'get'>;
  name: string;
  label: string;
  min?: string;
  max?: string;
}) {
  return (
    <TextInput
      type="date"
      label={label}
      w={150}
      value={list.get(name)}
      min={min || undefined}
      max={max || undefined}
      onChange={(e) => list.update({ [name]: e.currentTarget.value })}
    />
  );
}

/** "Limpar filtros", shown while any filter is set. */
export function ClearFiltersButton({
  filtering,
  label,
  onClear,
}: {
  filtering: boolean;
  label: string;
  onClear: () => void;
}) {
  if (!filtering) return null;
  return (
    <Button variant="subtle" leftSection={<IconFilterOff size={16} aria-hidden />} onClick={onClear}>
      {label}
    </Button>
  );
}

/** "Ao vivo": the list polls while any of its rows is still moving. */
export function LiveIndicator({ live }: { live: boolean }) {
  const t = useT();
  if (!live) return null;
  return (
    <Tooltip label={t.runs.live}>
      <Group gap={4} wrap="nowrap" ml="auto" c="dimmed" aria-live="polite">
        <IconRefresh size={14} aria-hidden className="spin" />
        <Text size="xs">{t.runs.live}</Text>
      </Group>
    </Tooltip>
  );
}

import {
  Button,
  CloseButton,
  Drawer,
  Group,
  Indicator,
  Select,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAdjustmentsHorizontal, IconFilterOff, IconRefresh, IconSearch } from '@tabler/icons-react';
import { Children, isValidElement, type ReactElement, type ReactNode } from 'react';
import { useT } from '../i18n/index.js';
import type { ListParams } from '../lib/use-list-params.js';
import { usePhone } from '../lib/use-phone.js';
import { DateField } from './date-text-input.js';

/**
 * The row of filters above a list's table. On a phone only the search (a `SearchFilter` child) and what the
 * list shows live (`LiveIndicator`) stay in the row; every other filter folds into a drawer behind a
 * "Filtros" button, marked while any filter is set (`active`, or the `ClearFiltersButton` child's
 * `filtering`), so the list starts on the first screen.
 */
export function FilterBar({ children, active }: { children: ReactNode; active?: number }) {
  const t = useT();
  const phone = usePhone();
  const [opened, { open, close }] = useDisclosure(false);
  if (!phone) {
    return (
      <Group gap="sm" mb="md" align="flex-end" wrap="wrap">
        {children}
      </Group>
    );
  }
  const items = Children.toArray(children).filter(isValidElement) as ReactElement<Record<string, unknown>>[];
  const inline = items.filter((c) => c.type === SearchFilter || c.type === LiveIndicator);
  const folded = items.filter((c) => !inline.includes(c));
  const clear = folded.find((c) => c.type === ClearFiltersButton);
  const filtering = (active ?? 0) > 0 || clear?.props.filtering === true;
  return (
    <>
      <Group gap="sm" mb="md" align="flex-end" wrap="nowrap">
        {inline}
        {folded.length > 0 && (
          <Indicator disabled={!filtering} size={10} offset={4} color="brand">
            <Button
              variant="default"
              leftSection={<IconAdjustmentsHorizontal size={16} aria-hidden />}
              onClick={open}
              aria-haspopup="dialog"
            >
              {active ? t.ui.filters.openWithCount(active) : t.ui.filters.open}
            </Button>
          </Indicator>
        )}
      </Group>
      <Drawer
        opened={opened}
        onClose={close}
        title={t.ui.filters.title}
        position="bottom"
        size="auto"
        closeButtonProps={{ 'aria-label': t.common.close }}
      >
        <Stack gap="sm" className="filter-drawer-body">
          {folded}
          <Button onClick={close} mt="sm">
            {t.ui.filters.apply}
          </Button>
        </Stack>
      </Drawer>
    </>
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

/** A select filter declared as data: its URL key, label, width and options. */
export interface SelectFilterSpec {
  name: string;
  label: string;
  width: number;
  options: readonly { value: string; label: string }[];
  /** The first option's label, meaning no filter ("Todos" by default). */
  allLabel?: string;
  /** The value shown; by default the URL's, when it is one of `options` (else no filter). */
  value?: string;
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
}: SelectFilterSpec & { list: Pick<ListParams<string>, 'update' | 'get'> }) {
  const t = useT();
  const inUrl = list.get(name);
  return (
    <Select
      label={label}
      w={width}
      data={[{ value: '', label: allLabel ?? t.common.all }, ...options]}
      value={value ?? (options.some((o) => o.value === inUrl) ? inUrl : '')}
      allowDeselect={false}
      onChange={(next) => list.update({ [name]: next ?? '' })}
    />
  );
}

/** The texts of a list's search box, as the area dictionaries name them. */
export interface SearchTexts {
  searchLabel: string;
  searchPlaceholder: string;
  clearSearch: string;
}

/**
 * A list's filters, declared rather than assembled: the search box (labelled by `search`, growing from
 * `searchFlex`), one select per entry of `selects` (a `false` entry is left out), then `children` (any other
 * filter).
 *
 * @example
 * <ListFilters list={list} search={t.clients} selects={[
 *   { name: 'status', label: t.clients.statusFilter, width: 160, options: statusOptions },
 * ]} />
 */
export function ListFilters({
  list,
  search,
  searchFlex,
  selects = [],
  active,
  children,
}: {
  list: Pick<ListParams<string>, 'update' | 'get' | 'search' | 'onSearch'>;
  search?: SearchTexts;
  searchFlex?: string;
  selects?: readonly (SelectFilterSpec | false)[];
  active?: number;
  children?: ReactNode;
}) {
  return (
    <FilterBar active={active}>
      {search && (
        <SearchFilter
          list={list}
          label={search.searchLabel}
          placeholder={search.searchPlaceholder}
          clearLabel={search.clearSearch}
          flex={searchFlex}
        />
      )}
      {selects.map((spec) => spec && <SelectFilter key={spec.name} list={list} {...spec} />)}
      {children}
    </FilterBar>
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
    <DateField
      label={label}
      w={170}
      value={list.get(name)}
      min={min || undefined}
      max={max || undefined}
      onChange={(value) => list.update({ [name]: value })}
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

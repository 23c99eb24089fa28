import {
  ActionIcon,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useUsers } from '../../api/queries.js';
import { ClientSelect } from '../../components/client-select.js';
import { DateField } from '../../components/date-text-input.js';
import { IconButton } from '../../components/icon-button.js';
import { useT } from '../../i18n/index.js';
import {
  type ConditionField,
  type ConditionGroup,
  type ConditionRow,
  emptyGroup,
  listValued,
  newRow,
  operatorsByType,
  type RowOperator,
  type RowValue,
  valueless,
  withOperator,
} from './condition-logic.js';

type Node = ConditionRow | ConditionGroup;

/** NumberInput's value as a number: it hands back a string while the text is not a plain number ("1500.00"). */
function toNumber(v: number | string): number | null {
  if (typeof v === 'number') return v;
  if (v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function ValueInput({
  row,
  field,
  onChange,
  error,
}: {
  row: ConditionRow;
  field: ConditionField;
  onChange: (value: RowValue) => void;
  error?: string | undefined;
}) {
  const t = useT();
  const a = t.automation;
  const users = useUsers({ active: true });
  const common = { 'aria-label': a.value, error, style: { flex: '1 1 180px', minWidth: 160 } };
  if (valueless.has(row.operator)) return null;
  const list = listValued.has(row.operator);
  const str = typeof row.value === 'string' ? row.value : '';
  switch (field.type) {
    case 'number':
      return (
        <NumberInput
          {...common}
          value={typeof row.value === 'number' ? row.value : ''}
          onChange={(v) => onChange(toNumber(v))}
          thousandSeparator="."
          decimalSeparator=","
        />
      );
    case 'money':
      return (
        <NumberInput
          {...common}
          prefix="R$ "
          decimalSeparator=","
          thousandSeparator="."
          decimalScale={2}
          fixedDecimalScale
          allowNegative={false}
          hideControls
          value={typeof row.value === 'number' ? row.value / 100 : ''}
          onChange={(v) => {
            const n = toNumber(v);
            onChange(n === null ? null : Math.round(n * 100));
          }}
        />
      );
    case 'date':
      return <DateField {...common} value={str} onChange={(v) => onChange(v || null)} />;
    case 'client':
      return (
        <ClientSelect
          {...common}
          value={str || null}
          onChange={(id) => onChange(id)}
          placeholder={a.choose}
        />
      );
    case 'select':
    case 'user': {
      const data =
        field.type === 'select'
          ? (field.options ?? [])
          : (users.data ?? []).map((u) => ({ value: u.id, label: u.name }));
      return list ? (
        <MultiSelect
          {...common}
          aria-label={a.values}
          data={data}
          value={Array.isArray(row.value) ? row.value : []}
          onChange={(v) => onChange(v)}
          searchable
        />
      ) : (
        <Select
          {...common}
          data={data}
          value={str || null}
          onChange={(v) => onChange(v)}
          searchable
          placeholder={a.choose}
        />
      );
    }
    default:
      return <TextInput {...common} value={str} onChange={(e) => onChange(e.currentTarget.value)} />;
  }
}

function RowEditor({
  row,
  fields,
  onChange,
  onRemove,
  error,
}: {
  row: ConditionRow;
  fields: readonly ConditionField[];
  onChange: (row: ConditionRow) => void;
  onRemove: () => void;
  error?: string | undefined;
}) {
  const t = useT();
  const a = t.automation;
  const field = fields.find((f) => f.key === row.field);
  const operators: readonly RowOperator[] = field ? operatorsByType[field.type] : [];
  const opLabel = (op: RowOperator) =>
    field?.type === 'date' && op in a.dateOpLabels
      ? a.dateOpLabels[op as keyof typeof a.dateOpLabels]
      : a.opLabels[op];
  return (
    <Group gap="xs" align="flex-start" wrap="wrap" data-testid="condition-row">
      <Select
        aria-label={a.field}
        data={fields.map((f) => ({ value: f.key, label: f.label }))}
        value={row.field}
        onChange={(key) => {
          const next = fields.find((f) => f.key === key);
          if (next) onChange({ ...newRow(next), id: row.id });
        }}
        searchable
        allowDeselect={false}
        style={{ flex: '1 1 160px', minWidth: 140 }}
      />
      <Select
        aria-label={a.operator}
        data={operators.map((op) => ({ value: op, label: opLabel(op) }))}
        value={row.operator}
        onChange={(op) => op && onChange(withOperator(row, op as RowOperator))}
        allowDeselect={false}
        style={{ flex: '1 1 150px', minWidth: 130 }}
      />
      {field && (
        <ValueInput row={row} field={field} error={error} onChange={(value) => onChange({ ...row, value })} />
      )}
      <Tooltip label={a.removeRow}>
        <ActionIcon variant="subtle" color="gray" size="lg" aria-label={a.removeRow} onClick={onRemove}>
          <IconTrash size={16} aria-hidden />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}

function GroupEditor({
  group,
  fields,
  onChange,
  onRemove,
  depth,
  errorRow,
  errorText,
}: {
  group: ConditionGroup;
  fields: readonly ConditionField[];
  onChange: (group: ConditionGroup) => void;
  onRemove?: () => void;
  depth: number;
  errorRow: string | null;
  errorText: string;
}) {
  const t = useT();
  const a = t.automation;
  const replace = (i: number, node: Node | null) =>
    onChange({
      ...group,
      children: node
        ? group.children.map((c, j) => (j === i ? node : c))
        : group.children.filter((_, j) => j !== i),
    });
  const first = fields[0];
  return (
    <Stack gap="xs">
      <Group justify="space-between" gap="xs">
        <SegmentedControl
          size="xs"
          aria-label={a.groupOp}
          value={group.op}
          onChange={(op) => onChange({ ...group, op: op as 'and' | 'or' })}
          data={[
            { value: 'and', label: a.matchAll },
            { value: 'or', label: a.matchAny },
          ]}
        />
        {onRemove && (
          <Button size="compact-xs" variant="subtle" color="red" onClick={onRemove}>
            {a.removeGroup}
          </Button>
        )}
      </Group>
      {group.children.map((child, i) =>
        child.kind === 'row' ? (
          <RowEditor
            key={child.id}
            row={child}
            fields={fields}
            onChange={(r) => replace(i, r)}
            onRemove={() => replace(i, null)}
            error={child.id === errorRow ? errorText : undefined}
          />
        ) : (
          <Paper key={child.id} withBorder p="xs" radius="sm" bg="var(--mantine-color-gray-0)">
            <GroupEditor
              group={child}
              fields={fields}
              depth={depth + 1}
              onChange={(g) => replace(i, g)}
              onRemove={() => replace(i, null)}
              errorRow={errorRow}
              errorText={errorText}
            />
          </Paper>
        ),
      )}
      <Group gap="xs">
        <IconButton
          icon={IconPlus}
          iconSize={14}
          size="compact-sm"
          variant="light"
          disabled={!first}
          onClick={() => first && onChange({ ...group, children: [...group.children, newRow(first)] })}
        >
          {a.addRow}
        </IconButton>
        {depth === 0 && (
          <IconButton
            icon={IconPlus}
            iconSize={14}
            size="compact-sm"
            variant="subtle"
            disabled={!first}
            onClick={() =>
              first &&
              onChange({
                ...group,
                children: [
                  ...group.children,
                  { ...emptyGroup(group.op === 'and' ? 'or' : 'and'), children: [newRow(first)] },
                ],
              })
            }
          >
            {a.addGroup}
          </IconButton>
        )}
      </Group>
    </Stack>
  );
}

/**
 * The visual condition editor: AND/OR groups of field–operator–value rows over the pipeline's fields
 * (operators by the field's type). The tree converts to JSON Logic with `toLogic` (condition-logic.ts).
 * `errorRow` marks the row whose value is missing.
 */
export function ConditionEditor({
  tree,
  fields,
  onChange,
  errorRow = null,
}: {
  tree: ConditionGroup;
  fields: readonly ConditionField[];
  onChange: (tree: ConditionGroup) => void;
  errorRow?: string | null;
}) {
  const t = useT();
  const a = t.automation;
  return (
    <Stack gap={6}>
      {tree.children.length === 0 && (
        <Text size="sm" c="dimmed">
          {a.noCondition}
        </Text>
      )}
      <GroupEditor
        group={tree}
        fields={fields}
        onChange={onChange}
        depth={0}
        errorRow={errorRow}
        errorText={a.incompleteRow}
      />
    </Stack>
  );
}

import { Group, NumberInput, SegmentedControl, Select, Stack, Switch, Text } from '@mantine/core';
import { delayUnits } from '../../../shared/schemas/automation.js';
import { TimeField } from '../../components/date-text-input.js';
import { useT } from '../../i18n/index.js';
import type { FieldErrors } from '../../lib/form-errors.js';
import type { ConditionField } from './condition-logic.js';
import type { DelayForm } from './delay-form.js';

/**
 * The delay editor: at once; after N minutes, hours, days or business days; or N days before or after one
 * of the item's date fields, at a time; and "only within business hours". Checked with `ruleDelay`
 * (`delayErrors`), its errors keyed by the form's fields.
 */
export function DelayEditor({
  value,
  onChange,
  fields,
  errors = {},
}: {
  value: DelayForm;
  onChange: (value: DelayForm) => void;
  /** The pipeline's fields; the date ones are offered for "em relação a uma data". */
  fields: readonly ConditionField[];
  errors?: FieldErrors;
}) {
  const t = useT();
  const a = t.automation;
  const set = (change: Partial<DelayForm>) => onChange({ ...value, ...change });
  const dateFields = fields.filter((f) => f.type === 'date');
  return (
    <Stack gap="xs">
      <SegmentedControl
        aria-label={a.delay}
        value={value.kind}
        onChange={(kind) => set({ kind: kind as DelayForm['kind'] })}
        data={(['none', 'after', 'field'] as const).map((k) => ({ value: k, label: a.delayKinds[k] }))}
        fullWidth
        styles={{ label: { whiteSpace: 'normal' } }}
      />
      {value.kind === 'after' && (
        <Group gap="xs" align="flex-start" grow>
          <NumberInput
            label={a.amount}
            value={value.amount}
            min={1}
            allowDecimal={false}
            allowNegative={false}
            onChange={(v) => set({ amount: typeof v === 'number' ? v : '' })}
            error={errors.amount}
          />
          <Select
            label={a.unit}
            data={delayUnits.map((u) => ({ value: u, label: a.delayUnits[u] }))}
            value={value.unit}
            onChange={(u) => u && set({ unit: u as DelayForm['unit'] })}
            allowDeselect={false}
            error={errors.unit}
          />
        </Group>
      )}
      {value.kind === 'field' &&
        (dateFields.length === 0 && !value.field ? (
          <Text size="sm" c="dimmed">
            {a.noDateFields}
          </Text>
        ) : (
          <Stack gap="xs">
            <Group gap="xs" align="flex-start" grow>
              <NumberInput
                label={a.days}
                value={value.days}
                min={0}
                max={365}
                allowDecimal={false}
                allowNegative={false}
                onChange={(v) => set({ days: typeof v === 'number' ? v : '' })}
                error={errors.days}
              />
              <Select
                label={a.direction}
                data={(['before', 'after'] as const).map((d) => ({ value: d, label: a.directions[d] }))}
                value={value.direction}
                onChange={(d) => d && set({ direction: d as DelayForm['direction'] })}
                allowDeselect={false}
              />
              <Select
                label={a.dateField}
                data={dateFields.map((f) => ({ value: f.key, label: f.label }))}
                value={value.field}
                onChange={(field) => set({ field })}
                placeholder={a.choose}
                error={errors.field}
              />
            </Group>
            <Group gap="md" align="flex-end">
              <TimeField
                label={a.atTime}
                description={a.atTimeHint}
                value={value.at}
                onChange={(at) => set({ at })}
                error={errors.at}
                w={150}
              />
              <Switch
                label={a.businessDaysOnly}
                checked={value.businessDays}
                onChange={(e) => set({ businessDays: e.currentTarget.checked })}
                mb={8}
              />
            </Group>
          </Stack>
        ))}
      <Switch
        label={a.businessHours}
        description={a.businessHoursHint}
        checked={value.businessHours}
        onChange={(e) => set({ businessHours: e.currentTarget.checked })}
      />
    </Stack>
  );
}

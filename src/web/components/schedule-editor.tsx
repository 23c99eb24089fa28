import {
  ActionIcon,
  Alert,
  Box,
  Button,
  Chip,
  Group,
  Input,
  List,
  Loader,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCalendarEvent, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useRef } from 'react';
import { http, isApiError, ok } from '../api/client.js';
import type { MonthDay, NonBusinessDayPolicy, ScheduleSpec, ScheduleType } from '../api/models.js';
import { keys, useSession } from '../api/queries.js';
import { useT } from '../i18n/index.js';
import { mapServerErrors } from '../lib/form-errors.js';
import { clockIn, formatDateTimeWeekday, todayIn } from '../lib/format.js';
import { errorMessage } from '../lib/notify.js';
import { usePhone } from '../lib/use-phone.js';
import { DateField, TimeField } from './date-text-input.js';

/** Field errors keyed by the server's dot path, e.g. `spec.times.0` or `spec.expression`. */
export type SpecErrors = Record<string, string>;

type RecurringType = Exclude<ScheduleType, 'once'>;
const RECURRING_TYPES: RecurringType[] = ['daily', 'weekly', 'monthly', 'yearly', 'cron'];
const POLICIES: NonBusinessDayPolicy[] = ['keep', 'postpone', 'anticipate', 'skip'];
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A one-off at the next full hour in the office's time zone: the editor's starting point. */
export function defaultScheduleSpec(timeZone?: string, now: Date = new Date()): ScheduleSpec {
  const next = new Date(Math.ceil((now.getTime() + 60_000) / 3_600_000) * 3_600_000);
  return { type: 'once', date: todayIn(timeZone, next), time: clockIn(timeZone, next) };
}

function timesOf(spec: ScheduleSpec): string[] {
  if (spec.type === 'once') return [spec.time];
  if (spec.type === 'cron') {
    const [m, h] = spec.expression.trim().split(/\s+/);
    const hh = Number(h);
    const mm = Number(m);
    if (Number.isInteger(hh) && Number.isInteger(mm) && hh >= 0 && hh < 24 && mm >= 0 && mm < 60) {
      return [`${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`];
    }
    return ['09:00'];
  }
  return spec.times;
}

/** The period and non-business-day rule of a spec, carried over when its type changes. */
function commonOf(spec: ScheduleSpec) {
  const out: { startDate?: string; endDate?: string; nonBusinessDay?: NonBusinessDayPolicy } = {};
  if (spec.type !== 'once') {
    if (spec.startDate) out.startDate = spec.startDate;
    if (spec.endDate) out.endDate = spec.endDate;
  }
  if (spec.nonBusinessDay) out.nonBusinessDay = spec.nonBusinessDay;
  return out;
}

/** Turns `spec` into one of `type`, keeping what both share and what the user had set for `type` before. */
function convert(spec: ScheduleSpec, type: ScheduleType, remembered: ScheduleSpec | undefined): ScheduleSpec {
  const times = timesOf(spec);
  const common = commonOf(spec);
  switch (type) {
    case 'once':
      return {
        type,
        date: spec.type !== 'once' && spec.startDate ? spec.startDate : todayIn(),
        time: times[0] ?? '09:00',
        ...(common.nonBusinessDay ? { nonBusinessDay: common.nonBusinessDay } : {}),
        ...(remembered?.type === 'once' ? { date: remembered.date } : {}),
      };
    case 'daily':
      return { type, times, ...common };
    case 'weekly':
      return { type, weekdays: remembered?.type === 'weekly' ? remembered.weekdays : [1], times, ...common };
    case 'monthly':
      return {
        type,
        day: remembered?.type === 'monthly' ? remembered.day : { kind: 'day', n: 1 },
        times,
        ...common,
      };
    case 'yearly':
      return {
        type,
        month: remembered?.type === 'yearly' ? remembered.month : 1,
        day: remembered?.type === 'yearly' ? remembered.day : 1,
        times,
        ...common,
      };
    case 'cron': {
      if (remembered?.type === 'cron') return { ...common, type, expression: remembered.expression };
      const [h = '09', m = '00'] = (times[0] ?? '09:00').split(':');
      return { type, expression: `${Number(m)} ${Number(h)} * * 1-5`, ...common };
    }
  }
}

/** Whether the spec has everything the preview needs (the server checks the rest). */
function isComplete(spec: ScheduleSpec): boolean {
  switch (spec.type) {
    case 'once':
      return DATE.test(spec.date) && TIME.test(spec.time);
    case 'cron':
      return spec.expression.trim().split(/\s+/).length === 5;
    case 'weekly':
      return spec.weekdays.length > 0 && spec.times.length > 0 && spec.times.every((x) => TIME.test(x));
    default:
      return spec.times.length > 0 && spec.times.every((x) => TIME.test(x));
  }
}

/** The next occurrences of `spec` from the server, asked 400 ms after the last change. */
function useSpecPreview(spec: ScheduleSpec) {
  const text = JSON.stringify(spec);
  const [debounced] = useDebouncedValue(text, 400);
  const complete = isComplete(spec);
  const query = useQuery({
    queryKey: keys.schedulePreview(debounced),
    queryFn: ({ signal }) =>
      ok(
        http.POST('/api/schedules/preview', {
          body: { spec: JSON.parse(debounced) as ScheduleSpec },
          signal,
        }),
      ),
    enabled: complete && debounced === text,
    retry: false,
    staleTime: 60_000,
  });
  const current = debounced === text;
  return {
    query,
    complete,
    current,
    waiting: complete && (!current || query.isFetching),
    /** The server's complaints about the spec on screen, by dot path. */
    fieldErrors: current && query.isError ? errorsByPath(query.error).fields : {},
  };
}

function Preview({ preview, timeZone }: { preview: ReturnType<typeof useSpecPreview>; timeZone: string }) {
  const t = useT();
  const { query, complete, current, waiting } = preview;
  const problems = isApiError(query.error)
    ? query.error.errors.map((e) => e.message).filter((m, i, all) => all.indexOf(m) === i)
    : [];

  let body: ReactNode;
  if (!complete) {
    body = (
      <Text size="sm" c="dimmed">
        {t.scheduleEditor.previewIncomplete}
      </Text>
    );
  } else if (query.isError && current) {
    body = (
      <Alert color="red" variant="light" p="xs" role="alert">
        {problems.length > 0 ? (
          <Stack gap={2}>
            {problems.map((m) => (
              <Text size="sm" key={m}>
                {m}
              </Text>
            ))}
          </Stack>
        ) : (
          errorMessage(query.error, t) || t.scheduleEditor.previewFailed
        )}
      </Alert>
    );
  } else if (query.data && query.data.occurrences.length === 0) {
    body = (
      <Text size="sm" c="dimmed">
        {t.scheduleEditor.previewEmpty}
      </Text>
    );
  } else if (query.data) {
    body = (
      <List
        type="ordered"
        size="sm"
        spacing={2}
        aria-label={t.scheduleEditor.preview}
        style={{ columns: '2 14rem', columnGap: 'var(--mantine-spacing-xl)', opacity: waiting ? 0.6 : 1 }}
      >
        {query.data.occurrences.map((iso) => (
          <List.Item key={iso} ff="monospace" fz="sm">
            {formatDateTimeWeekday(iso, timeZone, t.scheduleEditor.weekdaysShort)}
          </List.Item>
        ))}
      </List>
    );
  } else {
    body = <Loader size="sm" />;
  }

  return (
    <Paper withBorder p="sm" bg="var(--mantine-color-gray-0)" aria-busy={waiting}>
      <Group justify="space-between" mb={6} wrap="nowrap">
        <Group gap={6} wrap="nowrap">
          <IconCalendarEvent size={16} aria-hidden />
          <Text fw={600} size="sm">
            {t.scheduleEditor.preview}
          </Text>
          {waiting && <Loader size={12} />}
        </Group>
        <Text size="xs" c="dimmed" ta="right">
          {t.scheduleEditor.inTimeZone(timeZone)}
        </Text>
      </Group>
      {body}
    </Paper>
  );
}

/**
 * Edits when something runs: a one-off at a date and time, or — with "Agenda automática" on — a
 * recurrence (daily, weekly, monthly, yearly or cron) with times, a period and a rule for non-business
 * days. Shows the next occurrences as the server computes them (office time zone and holidays).
 * Reused by runs, routines and rules.
 */
export function ScheduleEditor({
  value,
  onChange,
  errors = {},
  showPreview = true,
  allowOnce = true,
}: {
  value: ScheduleSpec;
  onChange: (spec: ScheduleSpec) => void;
  /** Field errors from a save, keyed like `spec.times.0`. */
  errors?: SpecErrors;
  showPreview?: boolean;
  /** Offer the one-off (the "Agenda automática" switch); off: recurrences only. */
  allowOnce?: boolean;
}) {
  const t = useT();
  const te = t.scheduleEditor;
  const phone = usePhone();
  const { office } = useSession();
  // What the user had set for each type, so switching back and forth loses nothing.
  const memory = useRef<Partial<Record<ScheduleType, ScheduleSpec>>>({});
  const lastRecurring = useRef<RecurringType>('daily');
  memory.current[value.type] = value;
  if (value.type !== 'once') lastRecurring.current = value.type;

  const set = (next: ScheduleSpec) => onChange(next);
  const patch = (changes: Record<string, unknown>) => {
    const next = { ...value, ...changes } as Record<string, unknown>;
    for (const key of ['startDate', 'endDate']) if (next[key] === '') delete next[key];
    set(next as ScheduleSpec);
  };
  const switchTo = (type: ScheduleType) => {
    if (type !== value.type) set(convert(value, type, memory.current[type]));
  };
  const preview = useSpecPreview(value);
  const err = (path: string) => errors[`spec.${path}`] ?? preview.fieldErrors[`spec.${path}`];

  const recurring = value.type !== 'once';

  const nonBusinessDay = (
    <Select
      label={te.nonBusinessDay}
      data={POLICIES.map((p) => ({ value: p, label: te.nonBusinessDayPolicies[p] }))}
      value={value.nonBusinessDay ?? 'keep'}
      allowDeselect={false}
      onChange={(v) => v && patch({ nonBusinessDay: v })}
      error={err('nonBusinessDay')}
      comboboxProps={{ withinPortal: true }}
    />
  );

  const times = value.type !== 'once' && value.type !== 'cron' ? value.times : null;
  const setTime = (index: number, time: string) =>
    times && patch({ times: times.map((x, i) => (i === index ? time : x)) });

  return (
    <Stack gap="md">
      {allowOnce && (
        <Switch
          label={te.automatic}
          description={te.automaticHint}
          checked={recurring}
          onChange={(e) => switchTo(e.currentTarget.checked ? lastRecurring.current : 'once')}
        />
      )}

      {value.type === 'once' && (
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          <DateField
            label={te.date}
            required
            value={value.date}
            onChange={(v) => patch({ date: v })}
            error={err('date')}
          />
          <TimeField
            label={te.time}
            required
            value={value.time}
            onChange={(v) => patch({ time: v })}
            error={err('time')}
          />
          {nonBusinessDay}
        </SimpleGrid>
      )}

      {value.type !== 'once' && (
        <>
          <Input.Wrapper label={te.frequency} error={err('type')}>
            <Box>
              <SegmentedControl
                fullWidth
                // Stacked on a phone: side by side the five names were cut ("Cr…").
                orientation={phone ? 'vertical' : 'horizontal'}
                data={RECURRING_TYPES.map((type) => ({ value: type, label: te.frequencies[type] }))}
                value={value.type}
                onChange={(v) => switchTo(v as ScheduleType)}
              />
            </Box>
          </Input.Wrapper>

          {value.type === 'weekly' && (
            <Input.Wrapper label={te.weekdays} required error={err('weekdays')}>
              <Chip.Group
                multiple
                value={value.weekdays.map(String)}
                onChange={(v) => patch({ weekdays: v.map(Number).sort((a, b) => a - b) })}
              >
                <Group gap={6} mt={4}>
                  {te.weekdayChips.map((label, i) => (
                    <Chip key={label} value={String(i + 1)} size="sm" aria-label={te.weekdayNames[i]}>
                      {label}
                    </Chip>
                  ))}
                </Group>
              </Chip.Group>
            </Input.Wrapper>
          )}

          {value.type === 'monthly' && (
            <MonthDayInput
              day={value.day}
              onChange={(day) => patch({ day })}
              error={err('day') ?? err('day.n') ?? err('day.kind')}
            />
          )}

          {value.type === 'yearly' && (
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
              <Select
                label={te.month}
                data={te.months.map((label, i) => ({ value: String(i + 1), label }))}
                value={String(value.month)}
                allowDeselect={false}
                onChange={(v) => v && patch({ month: Number(v) })}
                error={err('month')}
                comboboxProps={{ withinPortal: true }}
              />
              <NumberInput
                label={te.dayNumber}
                min={1}
                max={31}
                allowDecimal={false}
                allowNegative={false}
                value={value.day}
                onChange={(v) => patch({ day: typeof v === 'number' ? v : Number(v) || 1 })}
                error={err('day')}
              />
            </SimpleGrid>
          )}

          {value.type === 'cron' && (
            <TextInput
              label={te.expression}
              description={te.expressionHint}
              required
              ff="monospace"
              value={value.expression}
              onChange={(e) => patch({ expression: e.currentTarget.value })}
              error={err('expression')}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            />
          )}

          {times && (
            <Input.Wrapper label={te.times} required error={err('times')}>
              <Group gap="xs" mt={4} align="flex-start">
                {times.map((time, i) => (
                  <Group
                    // biome-ignore lint/suspicious/noArrayIndexKey: times are edited in place by position
                    key={i}
                    gap={2}
                    wrap="nowrap"
                    align="flex-start"
                  >
                    <TimeField
                      aria-label={te.timeN(i + 1)}
                      value={time}
                      w={118}
                      onChange={(v) => setTime(i, v)}
                      error={err(`times.${i}`)}
                    />
                    {times.length > 1 && (
                      <ActionIcon
                        mt={4}
                        aria-label={te.removeTime(i + 1)}
                        onClick={() => patch({ times: times.filter((_, j) => j !== i) })}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    )}
                  </Group>
                ))}
                {times.length < 24 && (
                  <Button
                    variant="subtle"
                    leftSection={<IconPlus size={16} aria-hidden />}
                    onClick={() => patch({ times: [...times, times[times.length - 1] ?? '09:00'] })}
                  >
                    {te.addTime}
                  </Button>
                )}
              </Group>
            </Input.Wrapper>
          )}

          <SimpleGrid cols={{ base: 1, xs: 3 }}>
            <DateField
              label={te.start}
              value={value.startDate ?? ''}
              onChange={(v) => patch({ startDate: v })}
              error={err('startDate')}
            />
            <DateField
              label={te.end}
              value={value.endDate ?? ''}
              min={value.startDate}
              onChange={(v) => patch({ endDate: v })}
              error={err('endDate')}
            />
            {nonBusinessDay}
          </SimpleGrid>
        </>
      )}

      {showPreview && <Preview preview={preview} timeZone={office.timeZone} />}
    </Stack>
  );
}

function MonthDayInput({
  day,
  onChange,
  error,
}: {
  day: MonthDay;
  onChange: (day: MonthDay) => void;
  error?: string | undefined;
}) {
  const t = useT();
  const te = t.scheduleEditor;
  const phone = usePhone();
  const n = day.kind === 'last-business-day' ? 1 : day.n;
  const kinds: MonthDay['kind'][] = ['day', 'business-day', 'last-business-day'];
  return (
    <Input.Wrapper label={te.monthDay} required error={error}>
      <Group gap="sm" mt={4} align="flex-end" wrap="wrap">
        <SegmentedControl
          orientation={phone ? 'vertical' : 'horizontal'}
          data={kinds.map((kind) => ({ value: kind, label: te.monthDayKinds[kind] }))}
          value={day.kind}
          onChange={(kind) =>
            onChange(
              kind === 'last-business-day'
                ? { kind }
                : { kind: kind as 'day' | 'business-day', n: Math.min(n, kind === 'day' ? 31 : 23) },
            )
          }
        />
        {day.kind !== 'last-business-day' && (
          <NumberInput
            label={day.kind === 'day' ? te.dayNumber : te.businessDayNumber}
            description={day.kind === 'day' ? te.dayHint : undefined}
            w={day.kind === 'day' ? 260 : 140}
            min={1}
            max={day.kind === 'day' ? 31 : 23}
            allowDecimal={false}
            allowNegative={false}
            value={day.n}
            onChange={(v) => onChange({ kind: day.kind, n: typeof v === 'number' ? v : Number(v) || 1 })}
          />
        )}
      </Group>
    </Input.Wrapper>
  );
}

/** Spreads a save error's `errors[]` by full dot path (`spec.times.0`, `name`). */
export function errorsByPath(error: unknown): { fields: Record<string, string>; unmatched: string[] } {
  return mapServerErrors(error, (path) => path.join('.'));
}

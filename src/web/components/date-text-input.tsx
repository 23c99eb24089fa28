import { ActionIcon, Popover, TextInput, type TextInputProps } from '@mantine/core';
import { DatePicker } from '@mantine/dates';
import { useDisclosure } from '@mantine/hooks';
import { IconCalendar } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useT } from '../i18n/index.js';
import { formatIsoDate, maskDateInput, parseBrDate } from '../lib/format.js';

/**
 * A day typed as `dd/mm/aaaa` (`dd/mm/yyyy` in English): digits only, the slashes put in as one types; or
 * picked from the calendar beside it (month and weekday names in the app's language). The app's one date
 * picker: never the browser's own, which follows the browser's language (mm/dd/yyyy in an English one).
 * `onChange` receives the masked text; parsing it is the form's job (`parseDateInput`). For a
 * `YYYY-MM-DD` value use `DateField`.
 */
export function DateTextInput({
  onChange,
  value,
  minDate,
  maxDate,
  ...props
}: Omit<TextInputProps, 'onChange' | 'value'> & {
  value: string;
  onChange: (value: string) => void;
  /** `YYYY-MM-DD` bounds of the calendar. */
  minDate?: string | undefined;
  maxDate?: string | undefined;
}) {
  const t = useT();
  const [opened, { close, toggle }] = useDisclosure(false);
  const picked = parseBrDate(value) ?? null;
  return (
    <Popover opened={opened} onChange={(o) => !o && close()} position="bottom-end" shadow="md" trapFocus>
      <Popover.Target>
        <TextInput
          placeholder={t.ui.dates.datePlaceholder}
          inputMode="numeric"
          autoComplete="off"
          {...props}
          value={value}
          onChange={(e) => onChange(maskDateInput(e.currentTarget.value))}
          rightSection={
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t.ui.dates.openCalendar}
              onClick={toggle}
              disabled={props.disabled || props.readOnly}
            >
              <IconCalendar size={16} aria-hidden />
            </ActionIcon>
          }
        />
      </Popover.Target>
      <Popover.Dropdown>
        <DatePicker
          value={picked}
          defaultDate={picked ?? undefined}
          minDate={minDate}
          maxDate={maxDate}
          onChange={(iso) => {
            onChange(iso ? formatIsoDate(iso) : '');
            close();
          }}
        />
      </Popover.Dropdown>
    </Popover>
  );
}

/**
 * `DateTextInput` over a `YYYY-MM-DD` value (`''` when empty): the form gets a date only once a whole, real
 * one is typed or picked (and within `min`/`max`); until then `''`, and on leaving the field a half-typed or
 * impossible date says so under it (unless the form shows its own `error`).
 *
 * @example <DateField label="Vencimento" value={dueDate} onChange={setDueDate} required />
 */
export function DateField({
  value,
  onChange,
  min,
  max,
  error,
  ...props
}: Omit<TextInputProps, 'onChange' | 'value' | 'min' | 'max'> & {
  value: string;
  onChange: (value: string) => void;
  min?: string | undefined;
  max?: string | undefined;
}) {
  const t = useT();
  const [text, setText] = useState(() => (value ? formatIsoDate(value) : ''));
  const [touched, setTouched] = useState(false);
  // A value set from outside (a reset, "Limpar filtros") replaces what was typed.
  useEffect(() => {
    setText((current) =>
      (parseBrDate(current) ?? '') === value ? current : value ? formatIsoDate(value) : '',
    );
  }, [value]);
  const parsed = parseBrDate(text);
  const outOfRange = typeof parsed === 'string' && ((min && parsed < min) || (max && parsed > max));
  const own =
    touched && text !== '' && parsed === undefined
      ? t.ui.dates.invalidDate
      : touched && outOfRange
        ? t.ui.dates.outOfRange(min ? formatIsoDate(min) : '', max ? formatIsoDate(max) : '')
        : undefined;
  return (
    <DateTextInput
      {...props}
      value={text}
      minDate={min}
      maxDate={max}
      error={error ?? own}
      onBlur={(e) => {
        setTouched(true);
        props.onBlur?.(e);
      }}
      onChange={(next) => {
        setText(next);
        const iso = parseBrDate(next);
        const valid = typeof iso === 'string' && !(min && iso < min) && !(max && iso > max);
        const out = valid ? iso : '';
        if (out !== value) onChange(out);
      }}
    />
  );
}

/** `0830` → `08:30` as one types: digits only, the colon put in. */
export function maskTimeInput(input: string): string {
  const digits = input.replace(/\D/g, '').slice(0, 4);
  return digits.length > 2 ? `${digits.slice(0, 2)}:${digits.slice(2)}` : digits;
}

/**
 * A time of day typed as `hh:mm`, 24 hours, whatever the browser's language (the browser's own time input
 * shows `08:00 AM` in an English one). The value is the text as typed (`''`, `08:3`, `08:30`); the form or
 * the server checks it, and leaving the field with an impossible time says so under it.
 */
export function TimeField({
  value,
  onChange,
  error,
  ...props
}: Omit<TextInputProps, 'onChange' | 'value'> & { value: string; onChange: (value: string) => void }) {
  const t = useT();
  const [touched, setTouched] = useState(false);
  const bad = touched && value !== '' && !/^([01]\d|2[0-3]):[0-5]\d$/.test(value);
  return (
    <TextInput
      placeholder={t.ui.dates.timePlaceholder}
      inputMode="numeric"
      autoComplete="off"
      maxLength={5}
      {...props}
      value={value}
      error={error ?? (bad ? t.ui.dates.invalidTime : undefined)}
      onBlur={(e) => {
        setTouched(true);
        props.onBlur?.(e);
      }}
      onChange={(e) => onChange(maskTimeInput(e.currentTarget.value))}
    />
  );
}

import { Group, Text, Textarea, type TextareaProps, TextInput, type TextInputProps } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ZodType } from 'zod';
import { maxLengthOf } from '../../shared/schemas/fields.js';

/** What the limited inputs add: the field's schema (its length limit is read from there). */
interface Limit {
  /** The request schema of this field (`createContactBody.shape.name`): its `max` is the limit. */
  field: ZodType;
  value: string;
  /** A tighter limit than the schema's, where it depends on another field (a bank's agency length). */
  max?: number;
}

/** The description line under a limited input: the field's own description and `12/200`. */
function counter(value: string, max: number | undefined, description: ReactNode) {
  if (max === undefined) return description;
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap" component="span">
      <span>{description}</span>
      <Text span size="xs" c={value.length >= max ? 'orange.8' : 'dimmed'} aria-live="polite">
        {value.length}/{max}
      </Text>
    </Group>
  );
}

/**
 * A text input that stops at its field's length limit and shows a counter (`12/200`), the limit read from
 * the same schema the server checks (`text(200)`), so it is written once.
 */
export function LimitedTextInput({
  field,
  value,
  description,
  max: tighter,
  ...props
}: TextInputProps & Limit) {
  const max = tighter ?? maxLengthOf(field);
  return (
    <TextInput
      {...props}
      value={value}
      maxLength={max}
      description={counter(value, max, description)}
      inputWrapperOrder={['label', 'input', 'description', 'error']}
    />
  );
}

/** A textarea with its field's length limit and a counter, like {@link LimitedTextInput}. */
export function LimitedTextarea({
  field,
  value,
  description,
  max: tighter,
  ...props
}: TextareaProps & Limit) {
  const max = tighter ?? maxLengthOf(field);
  return (
    <Textarea
      {...props}
      value={value}
      maxLength={max}
      description={counter(value, max, description)}
      inputWrapperOrder={['label', 'input', 'description', 'error']}
    />
  );
}

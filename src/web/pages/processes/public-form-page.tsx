import {
  Box,
  Button,
  Container,
  Paper,
  Skeleton,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconCircleCheck, IconLinkOff } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { ASK_KEYS, type FormSubmission, submitPublicForm, usePublicForm } from '../../api/processes.js';
import { FormAlert } from '../../components/form-footer.js';
import { useT } from '../../i18n/index.js';
import { maskDocumentInput, maskPhoneInput } from '../../lib/format.js';
import { submitWith } from '../../lib/submit-with.js';
import { useServerErrors } from '../../lib/use-server-errors.js';
import { CardFieldInputs } from './card-fields.js';

/**
 * The public form of a pipeline, `/formulario/:token` (no login): standalone on a phone or embedded in an
 * `<iframe>` on the office's site (the server lets only this page be framed). Its answers create a card in
 * the pipeline's first stage. The hidden `website` field is a honeypot: people never see it, bots fill it.
 */
export function PublicFormPage() {
  const t = useT();
  const { token = '' } = useParams();
  const form = usePublicForm(token);
  const [values, setValues] = useState<Record<string, string>>({});
  const [fields, setFields] = useState<Record<string, unknown>>({});
  const [website, setWebsite] = useState('');
  const [thanks, setThanks] = useState<string | null>(null);
  const { errors, formError, formSave } = useServerErrors();
  const send = useMutation({
    mutationFn: () => {
      const body: FormSubmission = {
        fields: Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null && v !== undefined)),
        website,
      };
      for (const k of ASK_KEYS) if (values[k]) body[k] = values[k];
      return submitPublicForm(token, body);
    },
    ...formSave,
    onSuccess: (r) => setThanks(r.thanks),
  });

  useEffect(() => {
    if (form.data) document.title = form.data.title;
  }, [form.data]);

  const shell = (children: React.ReactNode) => (
    <Box bg="gray.0" mih="100vh" py={{ base: 'md', sm: 'xl' }}>
      <Container size="sm" px={{ base: 'xs', sm: 'md' }}>
        <Paper withBorder p={{ base: 'md', sm: 'xl' }} radius="md">
          {children}
        </Paper>
      </Container>
    </Box>
  );

  if (form.isPending) return shell(<Skeleton h={320} />);
  if (form.isError)
    return shell(
      <Stack align="center" ta="center" py="xl" gap="sm" data-testid="form-notice">
        <IconLinkOff size={48} stroke={1.4} color="var(--mantine-color-gray-6)" aria-hidden />
        <Title order={1} size="h2">
          {t.processes.publicNotFound}
        </Title>
        <Text c="dimmed">{t.processes.publicNotFoundHint}</Text>
      </Stack>,
    );
  const f = form.data;
  if (thanks)
    return shell(
      <Stack align="center" ta="center" py="xl" gap="sm" data-testid="form-thanks">
        <IconCircleCheck size={48} stroke={1.4} color="var(--mantine-color-green-6)" aria-hidden />
        <Text size="lg" style={{ whiteSpace: 'pre-line' }}>
          {thanks}
        </Text>
      </Stack>,
    );

  const input = (key: (typeof ASK_KEYS)[number], mask?: (s: string) => string) => {
    const level = f.ask[key];
    if (level === 'off') return null;
    const common = {
      label: t.processes[key],
      required: level === 'required',
      value: values[key] ?? '',
      error: errors[key],
    };
    if (key === 'message')
      return (
        <Textarea
          key={key}
          {...common}
          autosize
          minRows={3}
          onChange={(e) => setValues({ ...values, [key]: e.currentTarget.value })}
        />
      );
    return (
      <TextInput
        key={key}
        {...common}
        type={key === 'email' ? 'email' : key === 'phone' ? 'tel' : 'text'}
        inputMode={key === 'phone' ? 'tel' : undefined}
        autoComplete={key === 'name' ? 'name' : key === 'email' ? 'email' : key === 'phone' ? 'tel' : 'off'}
        onChange={(e) => {
          const v = e.currentTarget.value;
          setValues({ ...values, [key]: mask ? mask(v) : v });
        }}
      />
    );
  };

  return shell(
    <form noValidate onSubmit={submitWith(() => send.mutate())}>
      <Stack>
        <div>
          <Text size="xs" c="dimmed">
            {t.processes.sentBy(f.officeName)}
          </Text>
          <Title order={1} size="h2">
            {f.title}
          </Title>
          {f.intro && (
            <Text c="dimmed" mt={4} style={{ whiteSpace: 'pre-line' }}>
              {f.intro}
            </Text>
          )}
        </div>
        <FormAlert error={formError} />
        {input('name')}
        {input('email')}
        {input('phone', maskPhoneInput)}
        {input('document', maskDocumentInput)}
        <CardFieldInputs
          fields={f.fields}
          values={fields}
          onChange={(k, v) => setFields((x) => ({ ...x, [k]: v }))}
          errors={errors as Record<string, string | undefined>}
        />
        {input('message')}
        {/* Honeypot: off-screen and out of the tab order; a person never fills it. */}
        <Box
          aria-hidden
          style={{ position: 'absolute', left: '-10000px', width: 1, height: 1, overflow: 'hidden' }}
        >
          <TextInput
            label={t.processes.honeypot}
            name="website"
            tabIndex={-1}
            autoComplete="off"
            value={website}
            onChange={(e) => setWebsite(e.currentTarget.value)}
          />
        </Box>
        <Button type="submit" loading={send.isPending} size="md">
          {t.processes.publicSend}
        </Button>
      </Stack>
    </form>,
  );
}

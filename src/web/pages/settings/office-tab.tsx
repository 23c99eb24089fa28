import { Grid, Paper, Select, Stack, TagsInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { updateOfficeBody } from '../../../shared/schemas/platform.js';
import { http, isApiError, ok, oneOf } from '../../api/client.js';
import type { Office, OfficePatch } from '../../api/models.js';
import { useOffice, useUpdateSessionOffice } from '../../api/queries.js';
import { FormAlert } from '../../components/form-footer.js';
import { FullPageLoader } from '../../components/full-page-loader.js';
import { LimitedTextInput } from '../../components/limited-input.js';
import { QueryError } from '../../components/query-error.js';
import { SubmitRow } from '../../components/submit-row.js';
import { useT } from '../../i18n/index.js';
import { BRAZIL_TIME_ZONES, UFS } from '../../lib/constants.js';
import { mapServerErrors, schemaErrors } from '../../lib/form-errors.js';
import { formatCnpj, maskCnpjInput, normalizeDocument } from '../../lib/format.js';
import { notifySuccess } from '../../lib/notify.js';
import { submitWith } from '../../lib/submit-with.js';
import { useServerErrors } from '../../lib/use-server-errors.js';

function OfficeForm({ office }: { office: Office }) {
  const t = useT();
  const updateSession = useUpdateSessionOffice();
  const [name, setName] = useState(office.name);
  const [cnpj, setCnpj] = useState(office.cnpj ? formatCnpj(office.cnpj) : '');
  const [timeZone, setTimeZone] = useState(office.timeZone);
  const [state, setState] = useState<string | null>(office.state);
  const [city, setCity] = useState(office.city ?? '');
  const [clientClasses, setClientClasses] = useState(office.clientClasses);
  const { errors, setErrors, formError, setFormError, checkWith } = useServerErrors();

  const zones = BRAZIL_TIME_ZONES.some((z) => z.value === office.timeZone)
    ? BRAZIL_TIME_ZONES
    : [{ value: office.timeZone, label: office.timeZone }, ...BRAZIL_TIME_ZONES];

  const save = useMutation({
    mutationFn: (patch: OfficePatch) => ok(http.PATCH('/api/office', { body: patch })),
    onSuccess: (saved) => {
      updateSession(saved);
      notifySuccess(t.office.saved);
    },
    onError: (error) => {
      if (!isApiError(error)) return;
      const { fields, unmatched } = mapServerErrors(error);
      setErrors(fields);
      setFormError(unmatched[0] ?? null);
    },
  });

  const submit = submitWith(() => {
    const body: OfficePatch = {
      name: name.trim(),
      cnpj: cnpj.trim() ? normalizeDocument(cnpj) : null,
      timeZone,
      state: oneOf(UFS, state) ?? null,
      city: city.trim() || null,
      clientClasses: clientClasses.map((c) => c.trim()).filter(Boolean),
    };
    // The same schema the server checks: each field gets the sentence the server would answer.
    if (checkWith(updateOfficeBody, body)) save.mutate(body);
  });

  /** The CNPJ's own error as soon as the field is left. */
  const checkCnpj = () => {
    const value = cnpj.trim() ? normalizeDocument(cnpj) : null;
    const found = schemaErrors(updateOfficeBody.shape.cnpj, value, () => 'cnpj');
    setErrors((x) => ({ ...x, cnpj: found.cnpj ?? '' }));
  };

  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} maw={860}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={3}>{t.office.title}</Title>
          <FormAlert error={formError} />
          <Grid>
            <Grid.Col span={{ base: 12, sm: 8 }}>
              <LimitedTextInput
                field={updateOfficeBody.shape.name}
                label={t.office.name}
                required
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                error={errors.name}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <LimitedTextInput
                field={updateOfficeBody.shape.cnpj}
                label={t.office.cnpj}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                value={cnpj}
                onChange={(e) => setCnpj(maskCnpjInput(e.currentTarget.value))}
                onBlur={checkCnpj}
                error={errors.cnpj || undefined}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Select
                label={t.office.timeZone}
                data={zones}
                value={timeZone}
                onChange={(v) => v && setTimeZone(v)}
                allowDeselect={false}
                searchable
                error={errors.timeZone}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 4, sm: 2 }}>
              <Select
                label={t.office.state}
                data={[...UFS]}
                value={state}
                onChange={setState}
                searchable
                clearable
                error={errors.state}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 8, sm: 4 }}>
              <LimitedTextInput
                field={updateOfficeBody.shape.city}
                label={t.office.city}
                value={city}
                onChange={(e) => setCity(e.currentTarget.value)}
                error={errors.city}
              />
            </Grid.Col>
            <Grid.Col span={12}>
              <TagsInput
                label={t.office.classes}
                description={t.office.classesHint}
                value={clientClasses}
                onChange={setClientClasses}
                error={errors.clientClasses}
                acceptValueOnBlur
                clearable
              />
            </Grid.Col>
          </Grid>
          <SubmitRow saving={save.isPending} />
        </Stack>
      </form>
    </Paper>
  );
}

export function OfficeTab() {
  const office = useOffice();
  if (office.isPending) return <FullPageLoader />;
  if (office.isError) return <QueryError error={office.error} onRetry={() => void office.refetch()} />;
  return <OfficeForm office={office.data} />;
}

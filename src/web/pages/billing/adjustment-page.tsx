/**
 * Reajuste anual (/billing/adjustment): the index tables (IPCA, IGP-M, INPC month by month, for a year),
 * the salário mínimo by year, and the preview of the adjustments due up to a date — the new value of each
 * contract, what is missing to compute it, the letter to the client — then apply.
 */
import { Badge, Button, Card, Group, Modal, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { billingInvalidations, parsePeriodInput } from '../../api/billing.js';
import { http, ok } from '../../api/client.js';
import type { Answer, Body, Item } from '../../api/models.js';
import { useSession } from '../../api/queries.js';
import { DateTextInput } from '../../components/date-text-input.js';
import { FormAlert } from '../../components/form-footer.js';
import { PageHeader } from '../../components/page-header.js';
import { PeriodInput } from '../../components/period-input.js';
import { QueryError } from '../../components/query-error.js';
import { TableHead } from '../../components/table-head.js';
import { useT } from '../../i18n/index.js';
import type { FieldErrors } from '../../lib/form-errors.js';
import { addDays, formatIsoDate, formatMoney, parseBrDate, todayIn } from '../../lib/format.js';
import { notifySuccess } from '../../lib/notify.js';
import { submitWith } from '../../lib/submit-with.js';
import { useServerErrors } from '../../lib/use-server-errors.js';
import { MoneyInput, toCents } from './invoice-parts.js';

type IndexCode = Body<'/api/billing/adjustment/rates', 'put'>['index'];
type Preview = Item<Answer<'/api/billing/adjustment/preview'>>;
const INDEXES = ['IPCA', 'IGPM', 'INPC'] as const satisfies readonly IndexCode[];
const INDEX_LABEL: Record<IndexCode, string> = { IPCA: 'IPCA', IGPM: 'IGP-M', INPC: 'INPC' };
const tablesKey = ['adjustment-tables'] as const;

/** ratePpm is in hundredths of a basis point: 5600 = 0,56%. */
const ppmToPercent = (ppm: number) =>
  (ppm / 10_000).toLocaleString('pt-BR', { minimumFractionDigits: 2, maximumFractionDigits: 4 });

function parsePercent(input: string): number | null {
  const s = input.trim().replace(/\s|%/g, '').replace(',', '.');
  if (!/^-?\d+(\.\d{1,4})?$/.test(s)) return null;
  return Math.round(Number(s) * 10_000);
}

function useTables() {
  return useQuery({
    queryKey: tablesKey,
    queryFn: ({ signal }) => ok(http.GET('/api/billing/adjustment/tables', { signal })),
  });
}

/**
 * A table's entry form (a month's rate, a year's salário mínimo): its errors, and the save that refreshes
 * the tables. `record(found, body)` shows the fields' errors, or sends the body when there are none.
 */
function useTableEntry<B>(put: (body: B) => Promise<unknown>, saved: string, onSaved?: () => void) {
  const queryClient = useQueryClient();
  const form = useServerErrors();
  const save = useMutation({
    mutationFn: put,
    ...form.formSave,
    onSuccess: () => {
      notifySuccess(saved);
      onSaved?.();
      void queryClient.invalidateQueries({ queryKey: tablesKey });
    },
  });
  const record = (found: FieldErrors, body: () => B) => {
    form.setErrors(found);
    if (Object.keys(found).length === 0) save.mutate(body());
  };
  return { ...form, save, record };
}

/** The entry form under a table (admins only): the form's own error, the fields, "Registrar". */
function EntryForm({
  entry,
  onSubmit,
  children,
}: {
  entry: { formError: string | null; save: { isPending: boolean } };
  onSubmit: (e: FormEvent) => void;
  children: ReactNode;
}) {
  const a = useT().boletos.adjustment;
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <FormAlert error={entry.formError} />
        <Group align="flex-start">
          {children}
          <Button type="submit" mt={25} loading={entry.save.isPending}>
            {a.record}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function IndexesCard({ isAdmin }: { isAdmin: boolean }) {
  const t = useT();
  const a = t.boletos.adjustment;
  const tables = useTables();
  const { office } = useSession();
  const thisYear = Number(todayIn(office.timeZone).slice(0, 4));
  const [year, setYear] = useState(String(thisYear));
  const [index, setIndex] = useState<IndexCode>('IPCA');
  const [month, setMonth] = useState('');
  const [rate, setRate] = useState('');
  const entry = useTableEntry(
    (body: Body<'/api/billing/adjustment/rates', 'put'>) =>
      ok(http.PUT('/api/billing/adjustment/rates', { body })),
    a.rateSaved,
    () => setRate(''),
  );
  const { errors } = entry;
  const submit = submitWith(() => {
    const found: FieldErrors = {};
    const period = parsePeriodInput(month);
    if (!period) found.month = t.billing.invalidPeriod;
    const ppm = parsePercent(rate);
    if (ppm === null) found.ratePpm = t.billing.invalidAmount;
    entry.record(found, () => ({ index, month: period!, ratePpm: ppm! }));
  });

  const rates = tables.data?.rates ?? [];
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  const years = [...new Set([thisYear + 1, thisYear, ...rates.map((r) => Number(r.month.slice(0, 4)))])]
    .sort((x, y) => y - x)
    .map(String);
  const rateOf = (code: IndexCode, m: string) => rates.find((r) => r.index === code && r.month === m);

  return (
    <Card withBorder>
      <Stack>
        <Group justify="space-between">
          <Text fw={600}>{a.indexesTitle}</Text>
          <Select
            aria-label={a.year}
            data={years}
            value={year}
            onChange={(v) => v && setYear(v)}
            allowDeselect={false}
            w={110}
          />
        </Group>
        {tables.isError && <QueryError error={tables.error} onRetry={() => void tables.refetch()} />}
        <Table.ScrollContainer minWidth={720}>
          <Table aria-label={a.indexesTitle} withColumnBorders>
            <TableHead labels={[a.index]}>
              {months.map((m) => (
                <Table.Th key={m} ta="right">
                  {m.slice(5)}/{m.slice(2, 4)}
                </Table.Th>
              ))}
            </TableHead>
            <Table.Tbody>
              {INDEXES.map((code) => (
                <Table.Tr key={code}>
                  <Table.Td fw={500}>{INDEX_LABEL[code]}</Table.Td>
                  {months.map((m) => {
                    const r = rateOf(code, m);
                    return (
                      <Table.Td key={m} ta="right" fz="sm" c={r ? undefined : 'dimmed'}>
                        {r ? ppmToPercent(r.ratePpm) : '—'}
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {isAdmin && (
          <EntryForm entry={entry} onSubmit={submit}>
            <Select
              label={a.index}
              data={INDEXES.map((c) => ({ value: c, label: INDEX_LABEL[c] }))}
              value={index}
              onChange={(v) => v && setIndex(v as IndexCode)}
              allowDeselect={false}
              w={120}
              error={errors.index}
            />
            <PeriodInput
              label={a.month}
              placeholder={a.monthPlaceholder}
              value={month}
              onChange={setMonth}
              error={errors.month}
              w={130}
            />
            <TextInput
              label={a.rate}
              placeholder="0,56"
              value={rate}
              onChange={(e) => setRate(e.currentTarget.value)}
              error={errors.ratePpm}
              w={130}
            />
          </EntryForm>
        )}
      </Stack>
    </Card>
  );
}

function WagesCard({ isAdmin }: { isAdmin: boolean }) {
  const t = useT();
  const a = t.boletos.adjustment;
  const tables = useTables();
  const [year, setYear] = useState('');
  const [amount, setAmount] = useState<number | string>('');
  const entry = useTableEntry(
    (body: Body<'/api/billing/adjustment/minimum-wages', 'put'>) =>
      ok(http.PUT('/api/billing/adjustment/minimum-wages', { body })),
    a.wageSaved,
  );
  const { errors } = entry;
  const submit = submitWith(() => {
    const found: FieldErrors = {};
    if (!/^\d{4}$/.test(year)) found.year = t.billing.invalidPeriod;
    const cents = toCents(amount);
    if (!cents) found.amountCents = t.billing.invalidAmount;
    entry.record(found, () => ({ year: Number(year), amountCents: cents! }));
  });
  const wages = [...(tables.data?.minimumWages ?? [])].sort((x, y) => y.year - x.year);
  return (
    <Card withBorder>
      <Stack>
        <Text fw={600}>{a.wagesTitle}</Text>
        <Table aria-label={a.wagesTitle}>
          <TableHead labels={[a.year]}>
            <Table.Th ta="right">{a.amount}</Table.Th>
          </TableHead>
          <Table.Tbody>
            {wages.map((w) => (
              <Table.Tr key={w.year}>
                <Table.Td>{w.year}</Table.Td>
                <Table.Td ta="right">{formatMoney(w.amountCents)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {isAdmin && (
          <EntryForm entry={entry} onSubmit={submit}>
            <TextInput
              label={a.year}
              inputMode="numeric"
              maxLength={4}
              value={year}
              onChange={(e) => setYear(e.currentTarget.value.replace(/\D/g, ''))}
              error={errors.year}
              w={100}
            />
            <MoneyInput label={a.amount} value={amount} onChange={setAmount} error={errors.amountCents} />
          </EntryForm>
        )}
      </Stack>
    </Card>
  );
}

function PreviewCard({ isAdmin }: { isAdmin: boolean }) {
  const t = useT();
  const a = t.boletos.adjustment;
  const queryClient = useQueryClient();
  const { office } = useSession();
  const [until, setUntil] = useState(formatIsoDate(addDays(todayIn(office.timeZone), 60)));
  const [untilError, setUntilError] = useState<string | null>(null);
  const [letter, setLetter] = useState<Preview | null>(null);
  const preview = useMutation({
    mutationFn: (date: string) =>
      ok(http.GET('/api/billing/adjustment/preview', { params: { query: { until: date } } })),
  });
  const apply = useMutation({
    mutationFn: () => ok(http.POST('/api/billing/adjustment/apply')),
    onSuccess: (res) => {
      notifySuccess(a.applied(res.applied));
      for (const key of billingInvalidations) void queryClient.invalidateQueries({ queryKey: key });
      const date = parseBrDate(until);
      if (date) preview.mutate(date);
    },
  });
  const run = submitWith(() => {
    const date = parseBrDate(until);
    if (!date) return setUntilError(t.validation.date);
    setUntilError(null);
    preview.mutate(date);
  });
  const items = preview.data?.items ?? [];
  const canApply = items.some((p) => p.status === 'previewed');
  return (
    <Card withBorder>
      <Stack>
        <Text fw={600}>{a.previewTitle}</Text>
        <form onSubmit={run} noValidate>
          <Group align="flex-start">
            <DateTextInput label={a.until} value={until} onChange={setUntil} error={untilError} />
            <Button type="submit" mt={25} loading={preview.isPending}>
              {a.preview}
            </Button>
            {isAdmin && canApply && (
              <Button mt={25} color="teal" loading={apply.isPending} onClick={() => apply.mutate()}>
                {a.apply}
              </Button>
            )}
          </Group>
        </form>
        {preview.isError && <QueryError error={preview.error} />}
        {preview.isSuccess && items.length === 0 && (
          <Text size="sm" c="dimmed">
            {a.previewEmpty}
          </Text>
        )}
        {items.length > 0 && (
          <Table aria-label={a.previewTitle}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{a.client}</Table.Th>
                <Table.Th>{a.effectiveOn}</Table.Th>
                <Table.Th>{a.method}</Table.Th>
                <Table.Th ta="right">{a.oldNew}</Table.Th>
                <Table.Th>{a.status}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((p) => (
                <Table.Tr key={`${p.contractId}-${p.effectiveOn}`}>
                  <Table.Td>{p.clientName}</Table.Td>
                  <Table.Td>{formatIsoDate(p.effectiveOn)}</Table.Td>
                  <Table.Td>{a.methods[p.method]}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {formatMoney(p.oldAmountCents)} →{' '}
                    {p.newAmountCents === null ? '—' : formatMoney(p.newAmountCents)}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" tt="none" color={p.status === 'incomplete' ? 'orange' : undefined}>
                      {a.statuses[p.status]}
                    </Badge>
                    {p.missing.length > 0 && (
                      <Text size="xs" c="orange">
                        {a.missing(p.missing.join(', '))}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {p.letter && (
                      <Button size="xs" variant="subtle" onClick={() => setLetter(p)}>
                        {a.letter}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      {letter?.letter && (
        <Modal opened onClose={() => setLetter(null)} title={a.letterTitle(letter.clientName)} size="lg">
          <Stack>
            <Text fw={600}>{letter.letter.subject}</Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {letter.letter.body}
            </Text>
          </Stack>
        </Modal>
      )}
    </Card>
  );
}

export function AdjustmentPage() {
  const t = useT();
  const { isAdmin } = useSession();
  return (
    <Stack>
      <PageHeader title={t.boletos.adjustment.title} />
      <Text c="dimmed">{t.boletos.adjustment.hint}</Text>
      <IndexesCard isAdmin={isAdmin} />
      <WagesCard isAdmin={isAdmin} />
      <PreviewCard isAdmin={isAdmin} />
    </Stack>
  );
}

/**
 * Remessa e retorno (/billing/cnab): for one bank account, choose the boletos awaiting registration and
 * generate the CNAB remessa (downloaded to upload at the bank); upload the bank's retorno and see what
 * became of each line — or, for a file refused whole, every issue with its line and position; the list of
 * files generated and received.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  FileButton,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { IconDownload, IconUpload } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { cnabFormatsByBank } from '../../../shared/br/boleto/cnab-formats.js';
import { billingInvalidations, formatPeriod, useBankAccounts } from '../../api/billing.js';
import { apiUrl, http, isApiError, ok } from '../../api/client.js';
import type { Answer, Item } from '../../api/models.js';
import { useSession } from '../../api/queries.js';
import { IconButton } from '../../components/icon-button.js';
import { PageHeader } from '../../components/page-header.js';
import { QueryError } from '../../components/query-error.js';
import { SmallTable } from '../../components/small-table.js';
import { TableHead } from '../../components/table-head.js';
import { useLang, useT } from '../../i18n/index.js';
import { formatDateTime, formatIsoDate, formatMoney } from '../../lib/format.js';
import { errorMessage, notifySuccess } from '../../lib/notify.js';

type RetornoResult = Answer<'/api/billing/bank-accounts/{id}/retornos', 'post'>;
type RetornoLine = RetornoResult['lines'][number];
type CnabFile = Item<Answer<'/api/billing/cnab-files'>>;
/** One issue of a refused file (the `issues` of a 422 `billing.cnab_invalid`). */
interface CnabIssue {
  line: number | null;
  position: number | null;
  field: string | null;
  code: string;
  messages: { 'pt-BR': string; en: string };
}

const RESULT_COLOR: Record<RetornoLine['result'], string> = {
  applied: 'teal',
  duplicate: 'gray',
  unmatched: 'orange',
  paid_twice: 'red',
  ignored: 'gray',
};

const cnabFilesKey = ['cnab-files'] as const;
const downloadUrl = (id: string) => apiUrl('/api/billing/cnab-files/{id}/download', { id });

function RemessaCard({ accountId, bankCode }: { accountId: string; bankCode: string }) {
  const t = useT();
  const queryClient = useQueryClient();
  const candidates = useQuery({
    queryKey: ['remessa-candidates', accountId],
    queryFn: ({ signal }) =>
      ok(
        http.GET('/api/billing/remessa-candidates', {
          params: { query: { bankAccountId: accountId } },
          signal,
        }),
      ),
  });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [generated, setGenerated] = useState<CnabFile | null>(null);
  const formats = cnabFormatsByBank[bankCode] ?? ['240'];
  const [format, setFormat] = useState<'240' | '400'>(formats[0]!);
  const items = candidates.data?.items ?? [];
  const chosen = items.filter((c) => selected.has(c.boletoId));
  const generate = useMutation({
    mutationFn: () =>
      ok(
        http.POST('/api/billing/remessas', {
          body: { bankAccountId: accountId, boletoIds: chosen.map((c) => c.boletoId), format },
        }),
      ),
    onSuccess: (file) => {
      notifySuccess(t.boletos.generated(file.fileName));
      setGenerated(file);
      setSelected(new Set());
      void queryClient.invalidateQueries({ queryKey: ['remessa-candidates'] });
      void queryClient.invalidateQueries({ queryKey: cnabFilesKey });
    },
  });
  const toggle = (id: string, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const selectAll = (
    <Checkbox
      aria-label={t.boletos.selectAll}
      checked={chosen.length === items.length}
      indeterminate={chosen.length > 0 && chosen.length < items.length}
      onChange={(e) =>
        setSelected(e.currentTarget.checked ? new Set(items.map((c) => c.boletoId)) : new Set())
      }
    />
  );

  return (
    <Card withBorder>
      <Stack>
        <Text fw={600}>{t.boletos.remessaTitle}</Text>
        <SmallTable
          query={candidates}
          empty={items.length === 0}
          emptyText={t.boletos.candidatesEmpty}
          label={t.boletos.remessaTitle}
          labels={[
            { label: selectAll, w: 40 },
            t.billing.client,
            t.billing.period,
            t.boletos.nossoNumero,
            t.billing.dueDate,
            { label: t.boletos.amount, ta: 'right' },
          ]}
        >
          {items.map((c) => (
            <Table.Tr key={c.boletoId}>
              <Table.Td>
                <Checkbox
                  aria-label={t.boletos.selectBoleto(c.clientName)}
                  checked={selected.has(c.boletoId)}
                  onChange={(e) => toggle(c.boletoId, e.currentTarget.checked)}
                />
              </Table.Td>
              <Table.Td>{c.clientName}</Table.Td>
              <Table.Td>{formatPeriod(c.period)}</Table.Td>
              <Table.Td ff="monospace">{c.nossoNumero}</Table.Td>
              <Table.Td>{formatIsoDate(c.dueDate)}</Table.Td>
              <Table.Td ta="right">{formatMoney(c.amountCents)}</Table.Td>
            </Table.Tr>
          ))}
        </SmallTable>
        <Group>
          {formats.length > 1 && (
            <SegmentedControl
              aria-label={t.boletos.layout}
              data={formats.map((f) => ({ value: f, label: `CNAB ${f}` }))}
              value={format}
              onChange={(v) => setFormat(v as '240' | '400')}
            />
          )}
          <Button
            disabled={chosen.length === 0}
            loading={generate.isPending}
            onClick={() => generate.mutate()}
          >
            {t.boletos.generate(chosen.length)}
          </Button>
          {generated && (
            <IconButton
              component="a"
              href={downloadUrl(generated.id)}
              download={generated.fileName}
              variant="light"
              icon={IconDownload}
            >
              {t.boletos.download} {generated.fileName}
            </IconButton>
          )}
        </Group>
      </Stack>
    </Card>
  );
}

function RetornoCard({ accountId }: { accountId: string }) {
  const t = useT();
  const [lang] = useLang();
  const queryClient = useQueryClient();
  const [result, setResult] = useState<RetornoResult | null>(null);
  const [refused, setRefused] = useState<{ issues: CnabIssue[]; count: number; detail: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const upload = useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      // The route takes multipart/form-data; its body has no JSON schema to type.
      return ok(
        http.POST('/api/billing/bank-accounts/{id}/retornos', {
          params: { path: { id: accountId } },
          body: form as never,
          bodySerializer: () => form,
        }),
      );
    },
    meta: { silent: true },
    onMutate: () => {
      setResult(null);
      setRefused(null);
      setError(null);
    },
    onSuccess: (res) => {
      notifySuccess(t.boletos.retornoDone(res.file.fileName));
      setResult(res);
      for (const key of billingInvalidations) void queryClient.invalidateQueries({ queryKey: key });
      void queryClient.invalidateQueries({ queryKey: cnabFilesKey });
      void queryClient.invalidateQueries({ queryKey: ['invoice-boleto'] });
    },
    onError: (e) => {
      const problem = isApiError(e) ? (e.problem as { issues?: CnabIssue[]; issueCount?: number }) : null;
      if (problem?.issues?.length) {
        setRefused({
          issues: problem.issues,
          count: problem.issueCount ?? problem.issues.length,
          detail: isApiError(e) ? e.detail : '',
        });
      } else setError(errorMessage(e, t));
    },
  });

  return (
    <Card withBorder>
      <Stack>
        <Group justify="space-between">
          <Text fw={600}>{t.boletos.retornoTitle}</Text>
          <FileButton onChange={(f) => f && upload.mutate(f)} accept=".ret,.RET,.txt,text/plain">
            {(props) => (
              <IconButton {...props} loading={upload.isPending} icon={IconUpload}>
                {t.boletos.retornoUpload}
              </IconButton>
            )}
          </FileButton>
        </Group>
        {error && <Alert color="red">{error}</Alert>}
        {refused && (
          <Alert color="red" title={t.boletos.retornoRefused(refused.count)}>
            <Stack gap={4}>
              {refused.issues.map((i, n) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: issues have no id; the list never reorders
                <Text key={n} size="sm" data-testid="retorno-issue">
                  {i.messages[lang]}
                </Text>
              ))}
            </Stack>
          </Alert>
        )}
        {result && (
          <Table.ScrollContainer minWidth={760}>
            <Table aria-label={t.boletos.retornoTitle}>
              <TableHead
                labels={[
                  t.boletos.lineColumns.line,
                  t.boletos.lineColumns.nossoNumero,
                  t.boletos.lineColumns.client,
                  t.boletos.lineColumns.event,
                  t.boletos.lineColumns.result,
                  t.boletos.lineColumns.amounts,
                ]}
              />
              <Table.Tbody>
                {result.lines.map((l) => (
                  <Table.Tr key={`${l.line}-${l.occurrence}`}>
                    <Table.Td>{l.line}</Table.Td>
                    <Table.Td ff="monospace">{l.nossoNumero}</Table.Td>
                    <Table.Td>{l.clientName ?? '—'}</Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {l.occurrence} — {l.words[lang]}
                        {l.occurredOn ? ` (${formatIsoDate(l.occurredOn)})` : ''}
                      </Text>
                      {l.reasons.map((r) => (
                        <Text key={r.code} size="xs" c="red">
                          {r.code}: {r.words[lang]}
                        </Text>
                      ))}
                    </Table.Td>
                    <Table.Td>
                      <Badge color={RESULT_COLOR[l.result]} variant="light" tt="none">
                        {t.boletos.results[l.result]}
                      </Badge>
                    </Table.Td>
                    <Table.Td fz="sm">
                      {l.outcome === 'paid'
                        ? t.boletos.paidAmounts(
                            formatMoney(l.paidCents),
                            formatMoney(l.tariffCents),
                            formatMoney(l.interestCents + l.fineCents),
                          )
                        : ''}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Card>
  );
}

function FilesCard({ accountId }: { accountId: string }) {
  const t = useT();
  const { office } = useSession();
  const files = useQuery({
    queryKey: cnabFilesKey,
    queryFn: ({ signal }) => ok(http.GET('/api/billing/cnab-files', { signal })),
  });
  const items = (files.data?.items ?? []).filter((f) => f.bankAccountId === accountId);
  return (
    <Card withBorder>
      <Stack>
        <Text fw={600}>{t.boletos.filesTitle}</Text>
        <SmallTable
          query={files}
          empty={items.length === 0}
          emptyText={t.boletos.filesEmpty}
          label={t.boletos.filesTitle}
          labels={[
            t.boletos.fileColumns.name,
            t.boletos.fileColumns.kind,
            { label: t.boletos.fileColumns.records, ta: 'right' },
            { label: t.boletos.fileColumns.applied, ta: 'right' },
            t.boletos.fileColumns.date,
          ]}
        >
          {items.map((f) => (
            <Table.Tr key={f.id}>
              <Table.Td>
                <Anchor href={downloadUrl(f.id)} download={f.fileName} size="sm">
                  {f.fileName}
                </Anchor>
              </Table.Td>
              <Table.Td>
                {t.boletos.kinds[f.kind]} · CNAB {f.format}
              </Table.Td>
              <Table.Td ta="right">{f.recordCount}</Table.Td>
              <Table.Td ta="right">{f.kind === 'retorno' ? f.appliedCount : '—'}</Table.Td>
              <Table.Td>{formatDateTime(f.createdAt, office.timeZone)}</Table.Td>
            </Table.Tr>
          ))}
        </SmallTable>
      </Stack>
    </Card>
  );
}

export function CnabPage() {
  const t = useT();
  const accounts = useBankAccounts();
  const active = accounts.data?.items.filter((a) => a.active) ?? [];
  const [picked, setPicked] = useState<string | null>(null);
  const accountId = picked ?? active.find((a) => a.isDefault)?.id ?? active[0]?.id ?? null;
  return (
    <Stack>
      <PageHeader title={t.boletos.cnabTitle} />
      <Text c="dimmed">{t.boletos.cnabHint}</Text>
      {accounts.isError && <QueryError error={accounts.error} onRetry={() => void accounts.refetch()} />}
      {accounts.isSuccess && active.length === 0 && <Alert color="yellow">{t.boletos.noAccounts}</Alert>}
      {active.length > 0 && (
        <Select
          label={t.boletos.chooseAccount}
          data={active.map((a) => ({ value: a.id, label: `${a.label} (${a.bankCode} — ${a.bankName})` }))}
          value={accountId}
          onChange={setPicked}
          allowDeselect={false}
          maw={420}
        />
      )}
      {accountId && (
        <>
          <RemessaCard
            key={`r-${accountId}`}
            accountId={accountId}
            bankCode={active.find((a) => a.id === accountId)?.bankCode ?? ''}
          />
          <RetornoCard key={`t-${accountId}`} accountId={accountId} />
          <FilesCard accountId={accountId} />
        </>
      )}
    </Stack>
  );
}

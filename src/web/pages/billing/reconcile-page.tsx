/**
 * Conciliação por extrato (/billing/reconciliation): upload an OFX statement, see each credit with the
 * invoice proposed for it (PIX txid, nosso número, or amount and date), confirm or dismiss each.
 */
import { Alert, Badge, Button, Card, FileButton, Group, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { http, ok } from '../../api/client.js';
import type { paths } from '../../api/schema.js';
import { PageHeader } from '../../components/page-header.js';
import { TableHead } from '../../components/table-head.js';
import { useT } from '../../i18n/index.js';
import { formatIsoDate, formatMoney } from '../../lib/format.js';

type Imported = paths['/api/billing/statements']['post']['responses'][201]['content']['application/json'];
type Line =
  paths['/api/billing/statements/{id}/lines']['get']['responses'][200]['content']['application/json']['items'][number];

export function ReconcilePage() {
  const t = useT();
  const [imported, setImported] = useState<Imported | null>(null);
  const [lines, setLines] = useState<Line[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async (id: string) =>
    setLines((await ok(http.GET('/api/billing/statements/{id}/lines', { params: { path: { id } } }))).items);

  const upload = async (file: File | null) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      // The route takes multipart/form-data; its body has no JSON schema to type.
      const res = await ok(
        http.POST('/api/billing/statements', { body: form as never, bodySerializer: () => form }),
      );
      setImported(res);
      await load(res.id);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const decide = async (line: Line, action: 'confirm' | 'dismiss') => {
    setError(null);
    try {
      if (action === 'confirm') {
        await ok(
          http.POST('/api/billing/statement-lines/{id}/confirm', {
            params: { path: { id: line.id } },
            body: {},
          }),
        );
      } else {
        await ok(
          http.POST('/api/billing/statement-lines/{id}/dismiss', { params: { path: { id: line.id } } }),
        );
      }
      if (imported) await load(imported.id);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <Stack>
      <PageHeader title={t.billing.reconcileTitle} />
      <Text c="dimmed">{t.billing.reconcileHint}</Text>
      <Group>
        <FileButton onChange={(f) => void upload(f)} accept=".ofx,application/x-ofx,text/plain">
          {(props) => (
            <Button {...props} loading={busy}>
              {t.billing.reconcileUpload}
            </Button>
          )}
        </FileButton>
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      {imported && <Text>{t.billing.reconcileImported(imported.creditCount, imported.proposedCount)}</Text>}
      {imported && (
        <Card p={0}>
          {lines.length === 0 ? (
            <Text p="md">{t.billing.reconcileEmpty}</Text>
          ) : (
            <Table>
              <TableHead
                labels={[t.billing.reconcileCredit, t.billing.reconcileInvoice, t.billing.status, '']}
              />
              <Table.Tbody>
                {lines.map((l) => (
                  <Table.Tr key={l.id}>
                    <Table.Td>
                      <Text size="sm">
                        {formatIsoDate(l.postedOn)} — {formatMoney(l.amountCents)}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {l.memo}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {l.clientName && (
                        <Text size="sm">
                          {l.clientName} — {l.invoicePeriod} — {formatMoney(l.invoiceAmountCents ?? 0)}
                        </Text>
                      )}
                      {l.matchReason && (
                        <Text size="xs" c="dimmed">
                          {t.billing.reconcileReasons[l.matchReason]}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" tt="none">
                        {t.billing.reconcileStatuses[l.status]}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {(l.status === 'proposed' || l.status === 'unmatched') && (
                        <Group gap="xs" wrap="nowrap">
                          {l.status === 'proposed' && (
                            <Button size="xs" onClick={() => void decide(l, 'confirm')}>
                              {t.billing.reconcileConfirm}
                            </Button>
                          )}
                          <Button size="xs" variant="subtle" onClick={() => void decide(l, 'dismiss')}>
                            {t.billing.reconcileDismiss}
                          </Button>
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
      )}
    </Stack>
  );
}

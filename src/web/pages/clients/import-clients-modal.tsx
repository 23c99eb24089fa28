import {
  Alert,
  Anchor,
  Button,
  FileInput,
  Group,
  Modal,
  ScrollArea,
  Stack,
  Table,
  Text,
  ThemeIcon,
} from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconFileSpreadsheet } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { http, ok } from '../../api/client.js';
import { useT } from '../../i18n/index.js';
import { CLIENT_CSV_HEADER } from '../../lib/constants.js';

const TEMPLATE = `${CLIENT_CSV_HEADER}
Padaria Exemplo Ltda;Padaria Exemplo;11.222.333/0001-81;123.456.789.110;financeiro@exemplo.com.br;(11) 98765-4321;(11) 3333-4444;01310-100;Av. Paulista;1000;Sala 1;Bela Vista;São Paulo;SP;ativo;Simples Nacional;padaria,varejo;;sim;não
`;

/** Upload a CSV of clients and show the server's per-row report. */
export function ImportClientsModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);

  // A blob URL for the template; revoked when the modal goes away.
  const templateUrl = useMemo(
    () => (opened ? URL.createObjectURL(new Blob([`\uFEFF${TEMPLATE}`], { type: 'text/csv' })) : null),
    [opened],
  );
  useEffect(() => () => (templateUrl ? URL.revokeObjectURL(templateUrl) : undefined), [templateUrl]);

  const upload = useMutation({
    mutationFn: async (csv: File) =>
      ok(
        http.POST('/api/clients/import', {
          body: await csv.text(),
          // Sent as the CSV text it is, not as JSON.
          bodySerializer: (text) => text,
          headers: { 'Content-Type': 'text/csv' },
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['clients'] });
      // The first-run checklist's "Importar clientes" step.
      void queryClient.invalidateQueries({ queryKey: ['onboarding'] });
    },
  });

  const reset = () => {
    setFile(null);
    setFileError(null);
    upload.reset();
  };

  const close = () => {
    reset();
    onClose();
  };

  const submit = () => {
    if (!file?.name.toLowerCase().endsWith('.csv')) {
      setFileError(t.importCsv.notCsv);
      return;
    }
    upload.mutate(file);
  };

  const result = upload.data;

  return (
    <Modal opened={opened} onClose={close} title={t.importCsv.title} size="xl">
      {!result ? (
        <Stack>
          <Text size="sm" c="dimmed">
            {t.importCsv.intro}
          </Text>
          <Text size="xs" ff="monospace" c="dimmed" style={{ wordBreak: 'break-all' }}>
            {CLIENT_CSV_HEADER}
          </Text>
          {templateUrl && (
            <Anchor href={templateUrl} download="modelo-clientes.csv" size="sm" w="fit-content">
              {t.importCsv.template}
            </Anchor>
          )}
          <FileInput
            label={t.importCsv.file}
            placeholder={t.importCsv.filePlaceholder}
            accept=".csv,text/csv"
            leftSection={<IconFileSpreadsheet size={16} aria-hidden />}
            value={file}
            onChange={(f) => {
              setFile(f);
              setFileError(null);
            }}
            error={fileError}
            clearable
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t.common.cancel}
            </Button>
            <Button onClick={submit} loading={upload.isPending} disabled={!file}>
              {t.importCsv.submit}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          <Group gap="sm" wrap="nowrap">
            <ThemeIcon
              size={40}
              radius="xl"
              variant="light"
              color={result.invalid.length === 0 ? 'green' : 'orange'}
              aria-hidden
            >
              {result.invalid.length === 0 ? <IconCircleCheck size={24} /> : <IconAlertTriangle size={22} />}
            </ThemeIcon>
            <div>
              <Text fw={700} size="lg" data-testid="import-summary">
                {t.importCsv.summary(result.imported, result.total)}
              </Text>
              {result.invalid.length === 0 && (
                <Text size="sm" c="dimmed">
                  {t.importCsv.allGood}
                </Text>
              )}
            </div>
          </Group>
          {result.invalid.length > 0 && (
            <Alert
              color="orange"
              variant="light"
              title={t.importCsv.invalidTitle(result.invalid.length)}
              p="sm"
            >
              <ScrollArea.Autosize mah={320}>
                <Table
                  withRowBorders
                  verticalSpacing={6}
                  fz="sm"
                  aria-label={t.importCsv.invalidTitle(result.invalid.length)}
                >
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={70}>{t.importCsv.colLine}</Table.Th>
                      <Table.Th w={140}>{t.importCsv.colField}</Table.Th>
                      <Table.Th>{t.importCsv.colReason}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {result.invalid.map((row) => (
                      <Table.Tr key={`${row.line}-${row.field ?? ''}-${row.reason}`}>
                        <Table.Td ff="monospace">{row.line}</Table.Td>
                        <Table.Td ff="monospace">{row.field ?? '—'}</Table.Td>
                        <Table.Td>{row.reason}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollArea.Autosize>
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={reset}>
              {t.importCsv.again}
            </Button>
            <Button onClick={close}>{t.common.close}</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

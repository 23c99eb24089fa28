import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconAlertTriangle, IconKey, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { createTokenBody } from '../../../shared/schemas/platform.js';
import { http, ok } from '../../api/client.js';
import type { ApiToken } from '../../api/models.js';
import { keys, useSession } from '../../api/queries.js';
import { useConfirmDelete } from '../../components/confirm-modal.js';
import { CopyIconButton } from '../../components/copy-icon-button.js';
import { DataTable } from '../../components/data-table.js';
import { FormFooter } from '../../components/form-footer.js';
import { LimitedTextInput } from '../../components/limited-input.js';
import { ListToolbar } from '../../components/list-toolbar.js';
import { useNameField } from '../../components/use-name-field.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { submitWith } from '../../lib/submit-with.js';

/** Name the token, then show its plaintext exactly once. */
function CreateTokenModal({ onClose }: { onClose: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const name = useNameField(createTokenBody);
  const create = useMutation({
    mutationFn: () => ok(http.POST('/api/tokens', { body: { name: name.value.trim() } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: keys.tokens }),
    onError: name.showServerError,
  });
  const submit = submitWith(() => name.check() && create.mutate());
  const created = create.data;

  return (
    <Modal
      opened
      onClose={onClose}
      title={created ? t.tokens.createdTitle : t.tokens.new}
      size="lg"
      closeOnClickOutside={!created}
    >
      {created ? (
        <Stack>
          <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />}>
            {t.tokens.createdWarning}
          </Alert>
          <Group gap="xs" wrap="nowrap" align="center">
            <Code
              block
              style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}
              data-testid="new-token"
            >
              {created.token}
            </Code>
            <CopyIconButton
              value={created.token}
              label={t.tokens.copyToken}
              variant="light"
              color="brand"
              size="lg"
              iconSize={18}
            />
          </Group>
          <Group justify="flex-end">
            <Button onClick={onClose}>{t.common.close}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <LimitedTextInput
              field={createTokenBody.shape.name}
              label={t.tokens.name}
              placeholder={t.tokens.namePlaceholder}
              required
              {...name.input}
              data-autofocus
            />
            <FormFooter onCancel={onClose} saving={create.isPending} submitLabel={t.common.create} />
          </Stack>
        </form>
      )}
    </Modal>
  );
}

export function TokensTab() {
  const t = useT();
  const { office } = useSession();
  const [creating, setCreating] = useState(false);
  const tokens = useQuery({
    queryKey: keys.tokens,
    queryFn: ({ signal }) => ok(http.GET('/api/tokens', { signal })),
  });
  const revoke = useConfirmDelete({
    remove: (token: ApiToken) => ok(http.DELETE('/api/tokens/{id}', { params: { path: { id: token.id } } })),
    queryKey: keys.tokens,
    message: (token) => t.tokens.revokeConfirm(token.name),
    done: t.tokens.revokedDone,
    label: t.tokens.revoke,
    closeOnError: true,
  });

  return (
    <Paper withBorder p="md">
      {/* The tab is an administrator's only. */}
      <ListToolbar newLabel={t.tokens.new} onNew={() => setCreating(true)} canEdit align="flex-start">
        <Text size="sm" c="dimmed" maw={560}>
          {t.tokens.intro}
        </Text>
      </ListToolbar>
      <DataTable
        query={tokens}
        label={t.settings.tabTokens}
        minWidth={760}
        labels={[
          t.common.name,
          t.tokens.colPrefix,
          t.tokens.colCreated,
          t.tokens.colLastUsed,
          t.tokens.colStatus,
          { label: t.common.actions, w: 60 },
        ]}
        row={(token) => (
          <Table.Tr key={token.id} opacity={token.revokedAt ? 0.6 : 1}>
            <Table.Td fw={600} fz="sm">
              {token.name}
            </Table.Td>
            <Table.Td>
              <Code>{token.prefix}…</Code>
            </Table.Td>
            <Table.Td fz="sm">{formatDateTime(token.createdAt, office.timeZone)}</Table.Td>
            <Table.Td fz="sm">
              {token.lastUsedAt ? formatDateTime(token.lastUsedAt, office.timeZone) : t.tokens.never}
            </Table.Td>
            <Table.Td>
              {token.revokedAt ? (
                <Tooltip label={formatDateTime(token.revokedAt, office.timeZone)}>
                  <Badge color="gray">{t.tokens.revoked}</Badge>
                </Tooltip>
              ) : (
                <Badge color="green">{t.tokens.active}</Badge>
              )}
            </Table.Td>
            <Table.Td>
              {!token.revokedAt && (
                <ActionIcon
                  color="red"
                  aria-label={t.tokens.revokeLabel(token.name)}
                  onClick={() => revoke.ask(token)}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              )}
            </Table.Td>
          </Table.Tr>
        )}
        empty={{ icon: IconKey, title: t.tokens.empty }}
      />
      {creating && <CreateTokenModal onClose={() => setCreating(false)} />}
      {revoke.dialog}
    </Paper>
  );
}

import { Button, Card, Group, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconLink, IconLinkOff, IconRotateClockwise } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { getQuery } from '../../api/client.js';
import {
  collectionKeys,
  deleteClientSkip,
  issueContactLink,
  revokeContactLink,
  useClientSkips,
} from '../../api/collection.js';
import { keys } from '../../api/queries.js';
import { ConfirmTarget } from '../../components/confirm-target.js';
import { CopyIconButton } from '../../components/copy-icon-button.js';
import { IconButton } from '../../components/icon-button.js';
import { QueryError } from '../../components/query-error.js';
import { useT } from '../../i18n/index.js';
import { formatIsoDate, formatPhone } from '../../lib/format.js';
import { notifySuccess } from '../../lib/notify.js';

/**
 * The client's contacts, each with its own link to the client's page (issue — which revokes the previous
 * one — or revoke), and the items the client asked not to be asked for again, which the office may put back.
 */
export function RequestContactsTab({ clientId }: { clientId: string }) {
  const t = useT();
  const c = t.collection;
  const queryClient = useQueryClient();
  const client = useQuery({
    ...getQuery(keys.client(clientId), '/api/clients/{id}', { params: { path: { id: clientId } } }),
  });
  const skips = useClientSkips(clientId);
  const [links, setLinks] = useState<Record<string, string>>({});
  const [toRevoke, setToRevoke] = useState<{ id: string; name: string } | null>(null);

  const issue = useMutation({
    mutationFn: (contactId: string) => issueContactLink(contactId),
    onSuccess: (link, contactId) => {
      setLinks((all) => ({ ...all, [contactId]: new URL(link.url, window.location.origin).toString() }));
      notifySuccess(c.linkIssued);
    },
  });
  const revoke = useMutation({
    mutationFn: (contactId: string) => revokeContactLink(contactId),
    onSuccess: (_, contactId) => {
      setLinks((all) => {
        const { [contactId]: _gone, ...rest } = all;
        return rest;
      });
      setToRevoke(null);
      notifySuccess(c.linkRevoked);
    },
  });
  const askAgain = useMutation({
    mutationFn: (itemKey: string) => deleteClientSkip(clientId, itemKey),
    onSuccess: () => {
      notifySuccess(c.askedAgain);
      void queryClient.invalidateQueries({ queryKey: collectionKeys.skips(clientId) });
    },
  });

  const contacts = client.data?.contacts ?? [];
  return (
    <Stack>
      <Card>
        <Title order={3}>{c.contactsTitle}</Title>
        <Text size="sm" c="dimmed" mb="md">
          {c.contactsHint}
        </Text>
        {client.isPending && <Skeleton h={80} />}
        {client.isError && <QueryError error={client.error} onRetry={() => void client.refetch()} />}
        {client.isSuccess && contacts.length === 0 && (
          <Text size="sm" c="dimmed">
            {c.contactsEmpty}
          </Text>
        )}
        <Stack gap="sm">
          {contacts.map((contact) => {
            const url = links[contact.id];
            return (
              <Stack key={contact.id} gap={6} data-contact={contact.name}>
                <Group justify="space-between" gap="sm">
                  <div>
                    <Text size="sm" fw={600}>
                      {contact.name}
                      {contact.role && (
                        <Text span size="xs" c="dimmed" ml={6}>
                          {contact.role}
                        </Text>
                      )}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {[contact.email, contact.whatsapp ? formatPhone(contact.whatsapp) : null]
                        .filter(Boolean)
                        .join(' · ') || '—'}
                    </Text>
                  </div>
                  <Group gap="xs">
                    <Button
                      size="xs"
                      variant="light"
                      leftSection={
                        url ? (
                          <IconRotateClockwise size={14} aria-hidden />
                        ) : (
                          <IconLink size={14} aria-hidden />
                        )
                      }
                      loading={issue.isPending && issue.variables === contact.id}
                      onClick={() => issue.mutate(contact.id)}
                    >
                      {url ? c.reissueLink : c.issueLink}
                    </Button>
                    <IconButton
                      icon={IconLinkOff}
                      iconSize={14}
                      size="xs"
                      variant="subtle"
                      color="red"
                      onClick={() => setToRevoke({ id: contact.id, name: contact.name })}
                    >
                      {c.revokeLink}
                    </IconButton>
                  </Group>
                </Group>
                {url && (
                  <TextInput
                    readOnly
                    value={url}
                    aria-label={c.copyLink}
                    data-testid="contact-link"
                    onFocus={(e) => e.currentTarget.select()}
                    rightSection={<CopyIconButton value={url} label={c.copyLink} />}
                  />
                )}
              </Stack>
            );
          })}
        </Stack>
      </Card>

      <Card>
        <Title order={3} mb="sm">
          {c.skipsTitle}
        </Title>
        {skips.isPending && <Skeleton h={40} />}
        {skips.isError && <QueryError error={skips.error} onRetry={() => void skips.refetch()} />}
        {skips.isSuccess && skips.data.length === 0 && (
          <Text size="sm" c="dimmed">
            {c.skipsEmpty}
          </Text>
        )}
        {skips.isSuccess && skips.data.length > 0 && (
          <Table>
            <Table.Tbody>
              {skips.data.map((s) => (
                <Table.Tr key={s.itemKey}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {s.itemName}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {s.templateName} · {c.skipSince(formatIsoDate(s.since.slice(0, 10)), s.by)}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Button
                      size="xs"
                      variant="default"
                      loading={askAgain.isPending && askAgain.variables === s.itemKey}
                      onClick={() => askAgain.mutate(s.itemKey)}
                    >
                      {c.askAgain}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>

      <ConfirmTarget
        target={toRevoke}
        title={c.revokeLink}
        message={(contact) => c.revokeConfirm(contact.name)}
        confirmLabel={c.revokeLink}
        loading={revoke.isPending}
        onConfirm={(contact) => revoke.mutate(contact.id)}
        onClose={() => setToRevoke(null)}
      />
    </Stack>
  );
}

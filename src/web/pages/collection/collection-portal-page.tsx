import { Alert, Box, Container, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import {
  IconAlertTriangle,
  IconChecklist,
  IconLinkOff,
  IconMailCheck,
  IconReceipt,
} from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useParams } from 'react-router';
import { isApiError } from '../../api/client.js';
import { requestPortalReceipt, usePortal } from '../../api/collection.js';
import { IconButton } from '../../components/icon-button.js';
import { useT } from '../../i18n/index.js';
import { errorMessage } from '../../lib/notify.js';
import { PortalCompanies } from './portal-view.js';

function Notice({
  icon: Icon,
  color,
  title,
  text,
}: {
  icon: typeof IconLinkOff;
  color: string;
  title: string;
  text: string;
}) {
  return (
    <Stack align="center" ta="center" py={48} gap="sm" data-testid="portal-notice">
      <Icon size={48} stroke={1.4} color={`var(--mantine-color-${color}-6)`} aria-hidden />
      <Title order={1} size="h2">
        {title}
      </Title>
      <Text c="dimmed" maw={420}>
        {text}
      </Text>
    </Stack>
  );
}

/**
 * The client's upload page, `/portal/arquivos/:token` (no login, phone first): the contact's open requests
 * of every company it answers for, per item an upload or one of the three answers, and at the end the
 * receipt by e-mail. An unknown link, an expired or revoked one, and nothing left to send each get their
 * own clear page.
 */
export function CollectionPortalPage() {
  const t = useT();
  const p = t.collection.portal;
  const { token = '' } = useParams();
  const portal = usePortal(token);
  const receipt = useMutation({
    mutationFn: () => requestPortalReceipt(token),
    meta: { silent: true },
  });

  useEffect(() => {
    document.title = p.pageTitle;
  }, [p.pageTitle]);

  const view = portal.data;
  const error = portal.error;
  const pending = view?.companies.some((c) => c.requests.length > 0) ?? false;

  return (
    <Box mih="100vh" bg="var(--mantine-color-gray-0)" py="md">
      <Container size={640} px="sm">
        <Group justify="space-between" mb="md" wrap="nowrap">
          <Text fw={700} size="lg" truncate="end">
            {view?.office.name ?? p.pageTitle}
          </Text>
        </Group>

        {portal.isPending && (
          <Stack>
            <Skeleton h={80} />
            <Skeleton h={220} />
          </Stack>
        )}

        {portal.isError &&
          (isApiError(error) && (error.status === 404 || error.status === 400) ? (
            <Notice icon={IconLinkOff} color="red" title={p.invalidTitle} text={p.invalidText} />
          ) : isApiError(error) && error.status === 410 ? (
            <Notice icon={IconLinkOff} color="orange" title={p.expiredTitle} text={p.expiredText} />
          ) : (
            <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={p.errorTitle}>
              {errorMessage(error, t)}
            </Alert>
          ))}

        {view && !pending && (
          <Notice icon={IconChecklist} color="teal" title={p.nothingTitle} text={p.nothingText} />
        )}

        {view && pending && (
          <Stack gap="lg">
            <div>
              <Title order={1} size="h2">
                {p.hello(view.contact.name)}
              </Title>
              <Text size="sm" c="dimmed" mt={4}>
                {p.intro(view.office.name)}
              </Text>
            </div>

            <PortalCompanies view={view} token={token} />

            <Stack gap="xs">
              {receipt.isSuccess && (
                <Alert
                  color="teal"
                  variant="light"
                  icon={<IconMailCheck aria-hidden />}
                  data-testid="receipt-sent"
                >
                  {p.receiptSent(receipt.data.sentTo, receipt.data.files)}
                </Alert>
              )}
              {receipt.isError && (
                <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} role="alert">
                  {errorMessage(receipt.error, t)}
                </Alert>
              )}
              <IconButton
                icon={IconReceipt}
                iconSize={20}
                size="lg"
                fullWidth
                h="auto"
                py="sm"
                styles={{ inner: { height: 'auto' }, label: { whiteSpace: 'normal', overflow: 'visible' } }}
                loading={receipt.isPending}
                onClick={() => receipt.mutate()}
              >
                {p.receiptButton}
              </IconButton>
              <Text size="xs" c="dimmed" ta="center">
                {p.receiptHint}
              </Text>
            </Stack>
            <Text size="xs" c="dimmed" ta="center">
              {p.footer}
            </Text>
          </Stack>
        )}
      </Container>
    </Box>
  );
}

import { Alert, Modal, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconEye } from '@tabler/icons-react';
import { useTemplatePreview } from '../../api/collection.js';
import { QueryError } from '../../components/query-error.js';
import { useT } from '../../i18n/index.js';
import { PortalCompanies } from './portal-view.js';

/** The client's page for a fictitious client, as the server builds it from the model's latest version. */
export function TemplatePreviewModal({
  templateId,
  name,
  onClose,
}: {
  templateId: string;
  name: string;
  onClose: () => void;
}) {
  const t = useT();
  const preview = useTemplatePreview(templateId, true);
  const view = preview.data;
  return (
    <Modal opened onClose={onClose} title={t.collection.previewTitle} size={480}>
      <Stack gap="md">
        <Alert variant="light" icon={<IconEye aria-hidden />}>
          {t.collection.previewHint}
        </Alert>
        {preview.isPending && <Skeleton h={240} />}
        {preview.isError && <QueryError error={preview.error} onRetry={() => void preview.refetch()} />}
        {view && (
          <Stack gap="md" bg="var(--mantine-color-gray-0)" p="sm" style={{ borderRadius: 8 }}>
            <div>
              <Text fw={700}>{view.office.name}</Text>
              <Title order={3} mt={4}>
                {t.collection.portal.hello(view.contact.name)}
              </Title>
              <Text size="sm" c="dimmed">
                {name}
              </Text>
            </div>
            <PortalCompanies view={view} token={null} />
          </Stack>
        )}
      </Stack>
    </Modal>
  );
}

import { Alert, Button, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { IconEye } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { routineKeys, routinesApi } from '../../api/routines.js';
import { IconButton } from '../../components/icon-button.js';
import { useT } from '../../i18n/index.js';
import { errorMessage, notifySuccess } from '../../lib/notify.js';

/**
 * "Executar agora" asks first: the dry run of the saved settings (the same the run uses) counts the
 * messages that will really go out, and the preview is one click away.
 */
export function ConfirmRunModal({
  kind,
  pool,
  title,
  onClose,
  onPreview,
  onQueued,
}: {
  kind: string;
  pool: string;
  title: string;
  onClose: () => void;
  /** Opens the routine's preview; without it, the preview button is not offered. */
  onPreview?: () => void;
  /** After the run was queued (the modal closes itself). */
  onQueued?: () => void;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const dryRun = useQuery({
    queryKey: ['routines', 'confirm-run', kind],
    queryFn: () => routinesApi.preview(kind, {}),
    gcTime: 0,
    meta: { silent: true },
  });
  const run = useMutation({
    mutationFn: () => routinesApi.run(kind, { pool }),
    onSuccess: () => {
      notifySuccess(t.routines.runQueued);
      void queryClient.invalidateQueries({ queryKey: routineKeys.runs(kind) });
      void queryClient.invalidateQueries({ queryKey: ['runs'] });
      onClose();
      onQueued?.();
    },
  });
  const queued = dryRun.data?.messages.queued ?? 0;

  return (
    <Modal opened onClose={onClose} title={`${t.routines.confirmRunTitle} — ${title}`} size="md">
      <Stack gap="md" data-testid="confirm-run">
        {dryRun.isPending && (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm">{t.routines.confirmRunCounting}</Text>
          </Group>
        )}
        {dryRun.isError && (
          <Alert color="red" variant="light">
            {errorMessage(dryRun.error, t)}
          </Alert>
        )}
        {dryRun.data && (
          <>
            <Text fw={600} data-testid="confirm-run-count">
              {queued > 0 ? t.routines.confirmRunMessages(queued) : t.routines.confirmRunNoMessages}
            </Text>
            <Text size="sm" c="dimmed">
              {t.routines.confirmRunRecords(dryRun.data.records)} {dryRun.data.summary}
            </Text>
          </>
        )}
        <Group justify={onPreview ? 'space-between' : 'flex-end'}>
          {onPreview && (
            <IconButton
              icon={IconEye}
              variant="subtle"
              onClick={() => {
                onClose();
                onPreview();
              }}
            >
              {t.routines.confirmRunPreview}
            </IconButton>
          )}
          <Group gap="xs">
            <Button variant="default" onClick={onClose}>
              {t.routines.cancel}
            </Button>
            <Button
              color={queued > 0 ? 'orange' : undefined}
              disabled={!dryRun.data && !dryRun.isError}
              loading={run.isPending}
              onClick={() => run.mutate()}
            >
              {queued > 0 ? t.routines.confirmRunSubmitCount(queued) : t.routines.confirmRunSubmit}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}

import { ActionIcon, Anchor, Group, Skeleton, Table, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconDownload, IconFile, IconFolderOpen, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { http, ok } from '../../api/client.js';
import { useSession } from '../../api/queries.js';
import {
  type Ticket,
  type TicketFile,
  ticketKeys,
  uploadTicketFiles,
  useTicketFiles,
} from '../../api/tickets.js';
import { useConfirmDelete } from '../../components/confirm-modal.js';
import { EmptyNote } from '../../components/empty-note.js';
import { QueryError } from '../../components/query-error.js';
import { TableHead } from '../../components/table-head.js';
import { TicketFileDropzone } from '../../components/ticket-file-dropzone.js';
import { TitledCard } from '../../components/titled-card.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { errorMessage, notifySuccess } from '../../lib/notify.js';
import { refreshTicket } from './ticket-outcome.js';
import { formatFileSize } from './ticket-rules.js';

/** Aba Arquivos: drop or browse to attach; list, download and delete. */
export function TicketFilesTab({ ticket }: { ticket: Ticket }) {
  const t = useT();
  const queryClient = useQueryClient();
  const { office } = useSession();
  const files = useTicketFiles(ticket.id);
  const [errors, setErrors] = useState<string[]>([]);

  const upload = useMutation({
    mutationFn: (list: File[]) => uploadTicketFiles(ticket.id, list),
    // The server's refusal (size, type, content) is shown under the drop area.
    meta: { silent: true },
    onSuccess: (data) => {
      // The valid files are attached; each refused one stays listed under the drop area with its reason.
      setErrors(data.refused.map((r) => r.reason));
      notifySuccess(t.tickets.filesUploaded(data.items.length));
      void queryClient.invalidateQueries({ queryKey: ticketKeys.files(ticket.id) });
      refreshTicket(queryClient, ticket.id);
    },
    onError: (error) => setErrors([errorMessage(error, t)]),
  });

  // The ticket's list row and history change with its files: refreshed once the file is gone.
  const remove = useConfirmDelete({
    remove: (file: TicketFile) =>
      ok(
        http.DELETE('/api/tickets/{id}/files/{fileId}', {
          params: { path: { id: ticket.id, fileId: file.id } },
        }),
      ).then(() => refreshTicket(queryClient, ticket.id)),
    queryKey: ticketKeys.files(ticket.id),
    message: (file) => t.tickets.deleteFileConfirm(file.name),
    done: t.tickets.fileDeleted,
  });

  const items = files.data ?? [];
  return (
    <TitledCard title={t.tickets.tabFiles}>
      <TicketFileDropzone
        onFiles={(list) => {
          setErrors([]);
          if (list.length > 0) upload.mutate(list);
        }}
        onReject={setErrors}
        errors={errors}
        loading={upload.isPending}
      />

      {files.isError && <QueryError error={files.error} onRetry={() => void files.refetch()} />}
      {files.isPending && <Skeleton h={80} mt="md" />}
      {files.isSuccess && items.length === 0 && (
        <EmptyNote icon={IconFolderOpen}>{t.tickets.filesEmpty}</EmptyNote>
      )}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={560} mt="md">
          <Table aria-label={t.tickets.filesLabel} highlightOnHover>
            <TableHead labels={[t.tickets.fileName, t.tickets.fileSize, t.tickets.fileBy, t.tickets.fileAt]}>
              <Table.Th w={90}>
                <VisuallyHidden>{t.common.actions}</VisuallyHidden>
              </Table.Th>
            </TableHead>
            <Table.Tbody>
              {items.map((file) => {
                const href = `/api/tickets/${ticket.id}/files/${file.id}`;
                return (
                  <Table.Tr key={file.id}>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <IconFile size={16} aria-hidden style={{ flexShrink: 0 }} />
                        <Anchor
                          href={href}
                          download={file.name}
                          size="sm"
                          style={{ overflowWrap: 'anywhere' }}
                        >
                          {file.name}
                        </Anchor>
                      </Group>
                    </Table.Td>
                    <Table.Td fz="sm" className="nowrap">
                      {formatFileSize(file.size)}
                    </Table.Td>
                    <Table.Td fz="sm">{file.uploadedBy ?? t.tickets.fileByClient}</Table.Td>
                    <Table.Td fz="sm" className="nowrap">
                      {formatDateTime(file.at, office.timeZone)}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={2} wrap="nowrap">
                        <Tooltip label={t.tickets.download(file.name)}>
                          <ActionIcon
                            component="a"
                            href={href}
                            download={file.name}
                            aria-label={t.tickets.download(file.name)}
                          >
                            <IconDownload size={16} />
                          </ActionIcon>
                        </Tooltip>
                        <Tooltip label={t.tickets.deleteFile(file.name)}>
                          <ActionIcon
                            color="red"
                            aria-label={t.tickets.deleteFile(file.name)}
                            onClick={() => remove.ask(file)}
                          >
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Tooltip>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      {remove.dialog}
    </TitledCard>
  );
}

import { Alert, Group, Stack, Text } from '@mantine/core';
import { Dropzone, type FileRejection } from '@mantine/dropzone';
import { IconAlertTriangle, IconCloudUpload, IconFileX, IconUpload } from '@tabler/icons-react';
import { useT } from '../i18n/index.js';
import { formatFileSize } from '../pages/tickets/ticket-rules.js';

/** The tickets module's upload limits (src/server/modules/tickets/file-limits.ts): 10 MiB, 10 files at a time. */
export const TICKET_FILE_MAX_BYTES = 10 * 1024 * 1024;
export const TICKET_FILE_MAX_COUNT = 10;

/**
 * The types the server takes (PDF, images, Office and OpenDocument files, XML, TXT, CSV, ZIP), by MIME type
 * and extension, so the file picker offers only those and a wrong one is refused before uploading.
 */
export const TICKET_FILE_ACCEPT: Record<string, string[]> = {
  'application/pdf': ['.pdf'],
  'image/png': ['.png'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/gif': ['.gif'],
  'image/webp': ['.webp'],
  'image/tiff': ['.tif', '.tiff'],
  'application/msword': ['.doc'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['.docx'],
  'application/vnd.ms-excel': ['.xls'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['.xlsx'],
  'application/vnd.ms-powerpoint': ['.ppt'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['.pptx'],
  'application/vnd.oasis.opendocument.text': ['.odt'],
  'application/vnd.oasis.opendocument.spreadsheet': ['.ods'],
  'application/vnd.oasis.opendocument.presentation': ['.odp'],
  'application/xml': ['.xml'],
  'text/xml': ['.xml'],
  'text/plain': ['.txt'],
  'text/csv': ['.csv'],
  'application/zip': ['.zip'],
  'application/x-zip-compressed': ['.zip'],
};

/** Why each refused file was refused, in the user's words. */
export function rejectionMessages(
  rejections: FileRejection[],
  t: ReturnType<typeof useT>,
  maxBytes = TICKET_FILE_MAX_BYTES,
): string[] {
  return rejections.map(({ file, errors }) => {
    const code = errors[0]?.code;
    if (code === 'file-too-large') return t.tickets.fileTooLarge(file.name, formatFileSize(maxBytes));
    if (code === 'file-invalid-type') return t.tickets.fileInvalidType(file.name);
    if (code === 'too-many-files') return t.tickets.fileTooMany(file.name);
    return t.tickets.fileRejected(file.name);
  });
}

/**
 * Drag-and-drop (or browse) area for a ticket's attachments, with the refused files' reasons listed
 * under it. Size is checked here first; the server checks again and its refusals are shown by the caller.
 */
export function TicketFileDropzone({
  onFiles,
  onReject,
  errors,
  loading,
  maxBytes = TICKET_FILE_MAX_BYTES,
}: {
  onFiles: (files: File[]) => void;
  onReject: (messages: string[]) => void;
  errors: string[];
  loading?: boolean;
  maxBytes?: number;
}) {
  const t = useT();
  return (
    <Stack gap="xs">
      <Dropzone
        onDrop={onFiles}
        onReject={(rejections: FileRejection[]) => onReject(rejectionMessages(rejections, t, maxBytes))}
        maxSize={maxBytes}
        accept={TICKET_FILE_ACCEPT}
        maxFiles={TICKET_FILE_MAX_COUNT}
        loading={loading}
        multiple
        data-testid="ticket-dropzone"
        inputProps={{ 'aria-label': t.tickets.dropTitle }}
      >
        <Group justify="center" gap="lg" mih={110} style={{ pointerEvents: 'none' }}>
          <Dropzone.Accept>
            <IconUpload size={40} stroke={1.4} color="var(--mantine-primary-color-filled)" aria-hidden />
          </Dropzone.Accept>
          <Dropzone.Reject>
            <IconFileX size={40} stroke={1.4} color="var(--mantine-color-red-6)" aria-hidden />
          </Dropzone.Reject>
          <Dropzone.Idle>
            <IconCloudUpload size={40} stroke={1.4} color="var(--mantine-color-gray-5)" aria-hidden />
          </Dropzone.Idle>
          <div>
            <Text size="md" fw={600}>
              <Dropzone.Idle>{t.tickets.dropTitle}</Dropzone.Idle>
              <Dropzone.Accept>{t.tickets.dropAccept}</Dropzone.Accept>
              <Dropzone.Reject>{t.tickets.dropReject}</Dropzone.Reject>
            </Text>
            <Text size="sm" c="dimmed" mt={4}>
              {t.tickets.dropHint(formatFileSize(maxBytes))}
            </Text>
          </div>
        </Group>
      </Dropzone>
      {errors.length > 0 && (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertTriangle aria-hidden />}
          title={t.tickets.dropReject}
          data-testid="file-errors"
        >
          {errors.map((m) => (
            <Text size="sm" key={m}>
              {m}
            </Text>
          ))}
        </Alert>
      )}
    </Stack>
  );
}

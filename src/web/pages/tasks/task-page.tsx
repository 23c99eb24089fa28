import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Menu,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { IconCheck, IconEdit, IconRotate } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { http, ok } from '../../api/client.js';
import { useSession } from '../../api/queries.js';
import { type TaskDetail, taskKeys, useTask } from '../../api/tasks.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import {
  BackLink,
  DeleteMenuItem,
  DetailFallback,
  DetailHeader,
  Field,
  MoreActionsMenu,
} from '../../components/detail-shell.js';
import { SubmitRow } from '../../components/submit-row.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { notifySuccess } from '../../lib/notify.js';
import { TaskFormModal } from './task-form-modal.js';
import { DueCell } from './tasks-page.js';

/** A task: its details, the link to its item and client, done/undone, and its comments. */
export function TaskPage() {
  const t = useT();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { office } = useSession();
  const task = useTask(id);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [comment, setComment] = useState('');
  const back = <BackLink to="/tasks" label={t.tasks.back} />;

  const apply = (saved: TaskDetail) => {
    queryClient.setQueryData(taskKeys.task(id), saved);
    void queryClient.invalidateQueries({ queryKey: taskKeys.all });
  };
  const done = useMutation({
    mutationFn: (value: boolean) =>
      ok(http.PUT('/api/tasks/{id}/done', { params: { path: { id } }, body: { done: value } })),
    onSuccess: apply,
  });
  const addComment = useMutation({
    mutationFn: (body: string) =>
      ok(http.POST('/api/tasks/{id}/comments', { params: { path: { id } }, body: { body } })),
    onSuccess: (saved) => {
      apply(saved);
      setComment('');
    },
  });
  const remove = useMutation({
    mutationFn: () => ok(http.DELETE('/api/tasks/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      notifySuccess(t.tasks.deleted);
      void queryClient.invalidateQueries({ queryKey: taskKeys.all });
      navigate('/tasks');
    },
  });

  if (task.isPending || task.isError)
    return <DetailFallback query={task} back={back} title={t.tasks.title} />;
  const data = task.data;
  const isDone = data.status === 'done';
  const submitComment = (event: FormEvent) => {
    event.preventDefault();
    if (comment.trim()) addComment.mutate(comment.trim());
  };

  return (
    <>
      <DetailHeader
        back={back}
        title={data.title}
        badges={
          <Badge
            variant="light"
            color={isDone ? 'green' : data.overdue ? 'red' : 'blue'}
            data-testid="task-status"
          >
            {data.overdue && !isDone ? t.tasks.overdue : t.tasks.statuses[data.status]}
          </Badge>
        }
        actions={
          <>
            <Button
              color={isDone ? 'gray' : 'green'}
              variant={isDone ? 'default' : 'filled'}
              leftSection={
                isDone ? <IconRotate size={16} aria-hidden /> : <IconCheck size={16} aria-hidden />
              }
              loading={done.isPending}
              onClick={() => done.mutate(!isDone)}
            >
              {isDone ? t.tasks.markOpen : t.tasks.markDone}
            </Button>
            <MoreActionsMenu>
              <Menu.Item leftSection={<IconEdit size={16} aria-hidden />} onClick={() => setEditing(true)}>
                {t.tasks.edit}
              </Menu.Item>
              <DeleteMenuItem label={t.tasks.delete} onClick={() => setDeleting(true)} />
            </MoreActionsMenu>
          </>
        }
      >
        {isDone && data.doneAt && (
          <Text size="sm" c="dimmed">
            {t.tasks.doneBy(data.doneBy?.name ?? '—', formatDateTime(data.doneAt, office.timeZone))}
          </Text>
        )}
      </DetailHeader>

      <Stack gap="lg">
        <Card withBorder radius="md" padding="lg">
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="lg">
            <Field label={t.tasks.fieldResponsible}>{data.responsible.name}</Field>
            <Field label={t.tasks.fieldDue}>
              <DueCell task={data} />
            </Field>
            <Field label={t.tasks.fieldClient}>
              {data.client ? (
                <Anchor component={Link} to={`/clients/${data.client.id}`} size="sm">
                  {data.client.name}
                </Anchor>
              ) : (
                '—'
              )}
            </Field>
            <Field label={t.tasks.item}>
              {data.item ? (
                data.item.path ? (
                  <Anchor component={Link} to={data.item.path} size="sm">
                    {data.item.title}
                  </Anchor>
                ) : (
                  data.item.title
                )
              ) : (
                '—'
              )}
            </Field>
            <Field label={t.tasks.createdBy}>
              {data.createdBy?.name ?? (data.ruleRunId ? t.tasks.byRule : '—')}
            </Field>
          </SimpleGrid>
          {data.description && (
            <Text size="sm" mt="lg" style={{ whiteSpace: 'pre-wrap' }}>
              {data.description}
            </Text>
          )}
        </Card>

        <Card withBorder radius="md" padding="lg">
          <Title order={2} size="h4" mb="sm">
            {t.tasks.comments}
          </Title>
          <Stack gap="sm">
            {data.comments.length === 0 && (
              <Text size="sm" c="dimmed">
                {t.tasks.noComments}
              </Text>
            )}
            {data.comments.map((c) => (
              <div key={c.id}>
                <Group gap="xs">
                  <Text size="sm" fw={600}>
                    {c.author?.name ?? '—'}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {formatDateTime(c.createdAt, office.timeZone)}
                  </Text>
                </Group>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {c.body}
                </Text>
              </div>
            ))}
            <form onSubmit={submitComment}>
              <Stack gap="xs">
                <Textarea
                  aria-label={t.tasks.comment}
                  placeholder={t.tasks.commentPlaceholder}
                  autosize
                  minRows={2}
                  maxLength={5000}
                  value={comment}
                  onChange={(e) => setComment(e.currentTarget.value)}
                />
                <SubmitRow saving={addComment.isPending} disabled={!comment.trim()}>
                  {t.tasks.comment}
                </SubmitRow>
              </Stack>
            </form>
          </Stack>
        </Card>
      </Stack>

      {editing && <TaskFormModal task={data} onClose={() => setEditing(false)} />}
      <ConfirmModal
        opened={deleting}
        message={t.tasks.deleteConfirm(data.title)}
        confirmLabel={t.tasks.delete}
        loading={remove.isPending}
        onConfirm={() => remove.mutate()}
        onClose={() => setDeleting(false)}
      />
    </>
  );
}

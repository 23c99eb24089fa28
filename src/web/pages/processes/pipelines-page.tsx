import { Badge, Paper, Table, Text } from '@mantine/core';
import { IconLayoutKanban, IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { createPipeline, processKeys, usePipelines } from '../../api/processes.js';
import { useSession } from '../../api/queries.js';
import { DataTable } from '../../components/data-table.js';
import { FormModal } from '../../components/form-footer.js';
import { IconButton } from '../../components/icon-button.js';
import { PageHeader } from '../../components/page-header.js';
import { useT } from '../../i18n/index.js';
import { notifySuccess } from '../../lib/notify.js';
import { submitWith } from '../../lib/submit-with.js';
import { useFormState } from '../../lib/use-form-state.js';
import { PipelineTextInputs } from './pipeline-settings.js';

function NewPipelineModal({ onClose }: { onClose: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useFormState(() => ({ name: '', description: '' }));
  const { formError, formSave } = form;
  const create = useMutation({
    mutationFn: () => createPipeline({ ...form.values, description: form.values.description || null }),
    ...formSave,
    onSuccess: (p) => {
      notifySuccess(t.processes.created(p.name));
      void queryClient.invalidateQueries({ queryKey: processKeys.all });
      navigate(`/processes/${p.id}/settings`);
    },
  });
  return (
    <FormModal
      title={t.processes.newPipeline}
      onClose={onClose}
      onSubmit={submitWith(() => create.mutate())}
      error={formError}
      saving={create.isPending}
      submitLabel={t.common.create}
    >
      <PipelineTextInputs form={form} autoFocus />
    </FormModal>
  );
}

/** Processos: the office's pipelines, each opening its kanban; admins create new ones. */
export function PipelinesPage() {
  const t = useT();
  const { isAdmin } = useSession();
  const pipelines = usePipelines();
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        title={t.processes.title}
        subtitle={t.processes.subtitle}
        actions={
          isAdmin && (
            <IconButton icon={IconPlus} onClick={() => setCreating(true)}>
              {t.processes.newPipeline}
            </IconButton>
          )
        }
      />
      <Paper withBorder p="md">
        <DataTable
          query={pipelines}
          items={pipelines.data}
          label={t.processes.title}
          minWidth={560}
          labels={[t.processes.colName, t.processes.colStages, t.processes.colOpenCards]}
          row={(p) => (
            <Table.Tr key={p.id} data-pipeline={p.name}>
              <Table.Td>
                <Text component={Link} to={`/processes/${p.id}`} size="sm" fw={600} c="inherit">
                  {p.name}
                </Text>
                {!p.active && (
                  <Badge ml={8} size="xs" color="gray" variant="light">
                    {t.processes.inactive}
                  </Badge>
                )}
                {p.description && (
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {p.description}
                  </Text>
                )}
              </Table.Td>
              <Table.Td fz="sm">{p.stageCount}</Table.Td>
              <Table.Td fz="sm">{p.openCards}</Table.Td>
            </Table.Tr>
          )}
          empty={{
            icon: IconLayoutKanban,
            title: t.processes.noPipelines,
            hint: t.processes.noPipelinesHint,
          }}
        />
      </Paper>
      {creating && <NewPipelineModal onClose={() => setCreating(false)} />}
    </>
  );
}

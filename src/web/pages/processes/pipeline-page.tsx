import { Paper } from '@mantine/core';
import { IconLayoutKanban, IconList, IconPlus, IconSettings } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { createCard, type Pipeline, processKeys, usePipeline } from '../../api/processes.js';
import { useSession } from '../../api/queries.js';
import { BackLink, DetailFallback, DetailHeader } from '../../components/detail-shell.js';
import { FormModal } from '../../components/form-footer.js';
import { IconButton } from '../../components/icon-button.js';
import { TabPanels } from '../../components/tab-panels.js';
import { useT } from '../../i18n/index.js';
import { notifySuccess } from '../../lib/notify.js';
import { submitWith } from '../../lib/submit-with.js';
import { useServerErrors } from '../../lib/use-server-errors.js';
import { CardInputs, cardBody, useCardDraft } from './card-fields.js';
import { CardsList } from './cards-list.js';
import { PipelineSettings } from './pipeline-settings.js';
import { ProcessesBoard } from './processes-board.js';

const TABS = ['board', 'list', 'settings'] as const;
type Tab = (typeof TABS)[number];

function NewCardModal({ pipeline, onClose }: { pipeline: Pipeline; onClose: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const { user } = useSession();
  const card = useCardDraft(() => ({
    draft: { title: '', clientId: null, responsibleId: user.id, value: '', dueDate: '' },
    fields: {},
  }));
  const { errors, formError, formSave } = useServerErrors();
  const create = useMutation({
    mutationFn: () =>
      createCard({
        pipelineId: pipeline.id,
        ...cardBody(card.draft),
        fields: Object.fromEntries(
          Object.entries(card.fields).filter(([, v]) => v !== null && v !== undefined),
        ),
      }),
    ...formSave,
    onSuccess: () => {
      notifySuccess(t.processes.cardCreated);
      void queryClient.invalidateQueries({ queryKey: processKeys.all });
      onClose();
    },
  });
  return (
    <FormModal
      title={t.processes.newCard}
      onClose={onClose}
      onSubmit={submitWith(() => create.mutate())}
      error={formError}
      saving={create.isPending}
      submitLabel={t.common.create}
    >
      <CardInputs pipeline={pipeline} card={card} errors={errors} autoFocus />
    </FormModal>
  );
}

/** One pipeline: its kanban, its list, and (admins) its settings, as tabs in the URL. */
export function PipelinePage() {
  const t = useT();
  const { id = '', tab } = useParams();
  const navigate = useNavigate();
  const { isAdmin } = useSession();
  const pipeline = usePipeline(id);
  const [creating, setCreating] = useState(false);
  const current: Tab = (TABS as readonly string[]).includes(tab ?? '') ? (tab as Tab) : 'board';
  const back = <BackLink to="/processes" label={t.processes.back} />;
  if (pipeline.isPending || pipeline.isError)
    return <DetailFallback query={pipeline} back={back} title={t.processes.title} />;
  const p = pipeline.data;
  return (
    <>
      <DetailHeader
        back={back}
        title={p.name}
        actions={
          <IconButton icon={IconPlus} onClick={() => setCreating(true)} disabled={!p.active}>
            {t.processes.newCard}
          </IconButton>
        }
      />
      <TabPanels
        value={current}
        onChange={(v) => navigate(v === 'board' ? `/processes/${id}` : `/processes/${id}/${v}`)}
        tabs={[
          {
            value: 'board',
            label: t.processes.tabs.board,
            icon: IconLayoutKanban,
            content: <ProcessesBoard pipelineId={id} />,
          },
          {
            value: 'list',
            label: t.processes.tabs.list,
            icon: IconList,
            content: (
              <Paper withBorder p="md">
                <CardsList pipeline={p} />
              </Paper>
            ),
          },
          ...(isAdmin
            ? [
                {
                  value: 'settings',
                  label: t.processes.tabs.settings,
                  icon: IconSettings,
                  content: <PipelineSettings pipeline={p} />,
                },
              ]
            : []),
        ]}
      />
      {creating && <NewCardModal pipeline={p} onClose={() => setCreating(false)} />}
    </>
  );
}

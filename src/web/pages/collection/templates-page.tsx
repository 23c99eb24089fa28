import { Badge, Group, Paper, SegmentedControl, Table, Text } from '@mantine/core';
import {
  IconCalendarPlus,
  IconCopy,
  IconEye,
  IconFolderDown,
  IconPencil,
  IconPlayerPause,
  IconPlayerPlay,
  IconPlus,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  collectionKeys,
  copyTemplate,
  setTemplateActive,
  type TemplateSummary,
  useTemplates,
} from '../../api/collection.js';
import { useSession } from '../../api/queries.js';
import { ConfirmTarget } from '../../components/confirm-target.js';
import { DataTable, DateTimeCell } from '../../components/data-table.js';
import { IconButton } from '../../components/icon-button.js';
import { PageHeader } from '../../components/page-header.js';
import { RowMenu } from '../../components/row-menu.js';
import { ValueCell } from '../../components/value-cell.js';
import { useT } from '../../i18n/index.js';
import { notifySuccess } from '../../lib/notify.js';
import { CollectionNav } from './collection-nav.js';
import { ScheduleModal } from './schedule-modal.js';
import { TemplatePreviewModal } from './template-preview-modal.js';

/**
 * Processos Modelo: the office's checklists, active or inactive, each with its menu — edit, copy, schedule,
 * preview the client's page, deactivate or reactivate.
 */
export function TemplatesPage() {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { office } = useSession();
  const [active, setActive] = useState(true);
  const templates = useTemplates(active);
  const [toDeactivate, setToDeactivate] = useState<TemplateSummary | null>(null);
  const [scheduling, setScheduling] = useState<TemplateSummary | null>(null);
  const [previewing, setPreviewing] = useState<TemplateSummary | null>(null);

  const refresh = () => void queryClient.invalidateQueries({ queryKey: collectionKeys.all });

  const copy = useMutation({
    mutationFn: (tpl: TemplateSummary) => copyTemplate(tpl.id),
    onSuccess: (created) => {
      notifySuccess(t.collection.copied(created.name));
      refresh();
      navigate(`/collection/templates/${created.id}`);
    },
  });
  const toggle = useMutation({
    mutationFn: (tpl: TemplateSummary) => setTemplateActive(tpl.id, !tpl.active),
    onSuccess: (tpl) => {
      notifySuccess(tpl.active ? t.collection.activated : t.collection.deactivated);
      setToDeactivate(null);
      refresh();
    },
  });

  const items = templates.data ?? [];
  return (
    <>
      <CollectionNav current="templates" />
      <PageHeader
        title={t.collection.templatesTitle}
        subtitle={t.collection.templatesSubtitle}
        actions={
          <IconButton icon={IconPlus} component={Link} to="/collection/templates/new">
            {t.collection.newTemplate}
          </IconButton>
        }
      />
      <Paper withBorder p="md">
        <Group mb="md">
          <SegmentedControl
            aria-label={t.common.status}
            value={active ? 'active' : 'inactive'}
            onChange={(v) => setActive(v === 'active')}
            data={[
              { value: 'active', label: t.collection.showActive },
              { value: 'inactive', label: t.collection.showInactive },
            ]}
          />
        </Group>
        <DataTable
          query={templates}
          items={items}
          label={t.collection.templatesTitle}
          minWidth={720}
          labels={[
            t.collection.colName,
            t.collection.colService,
            t.collection.colItems,
            t.collection.colVersion,
            t.collection.colUpdated,
            { label: null, w: 56 },
          ]}
          row={(tpl) => (
            <Table.Tr key={tpl.id} data-template={tpl.name}>
              <Table.Td>
                <Group gap={8} wrap="nowrap">
                  <Text
                    component={Link}
                    to={`/collection/templates/${tpl.id}`}
                    size="sm"
                    fw={600}
                    c="inherit"
                  >
                    {tpl.name}
                  </Text>
                  {!tpl.active && (
                    <Badge size="xs" color="gray" variant="light">
                      {t.common.inactive}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <ValueCell value={tpl.serviceName} />
              <Table.Td fz="sm">{tpl.itemCount}</Table.Td>
              <Table.Td fz="sm">{t.collection.version(tpl.version)}</Table.Td>
              <DateTimeCell iso={tpl.updatedAt} timeZone={office.timeZone} />
              <Table.Td>
                <RowMenu
                  label={t.collection.templateMenu(tpl.name)}
                  items={[
                    {
                      label: t.collection.edit,
                      icon: IconPencil,
                      onClick: () => navigate(`/collection/templates/${tpl.id}`),
                    },
                    ...(tpl.active
                      ? [
                          {
                            label: t.collection.schedule,
                            icon: IconCalendarPlus,
                            onClick: () => setScheduling(tpl),
                          },
                        ]
                      : []),
                    { label: t.collection.preview, icon: IconEye, onClick: () => setPreviewing(tpl) },
                    { label: t.collection.copy, icon: IconCopy, onClick: () => copy.mutate(tpl) },
                    tpl.active
                      ? {
                          label: t.collection.deactivate,
                          icon: IconPlayerPause,
                          color: 'red',
                          divided: true,
                          onClick: () => setToDeactivate(tpl),
                        }
                      : {
                          label: t.collection.activate,
                          icon: IconPlayerPlay,
                          divided: true,
                          onClick: () => toggle.mutate(tpl),
                        },
                  ]}
                />
              </Table.Td>
            </Table.Tr>
          )}
          empty={{
            icon: IconFolderDown,
            title: active ? t.collection.templatesEmpty : t.collection.inactiveEmpty,
            hint: active ? t.collection.templatesEmptyHint : undefined,
            actions: active && (
              <IconButton icon={IconPlus} component={Link} to="/collection/templates/new" mt="sm">
                {t.collection.newTemplate}
              </IconButton>
            ),
          }}
        />
      </Paper>

      <ConfirmTarget
        target={toDeactivate}
        title={t.collection.deactivate}
        message={(template) => t.collection.deactivateConfirm(template.name)}
        confirmLabel={t.collection.deactivate}
        loading={toggle.isPending}
        onConfirm={(template) => toggle.mutate(template)}
        onClose={() => setToDeactivate(null)}
      />
      {scheduling && <ScheduleModal templateId={scheduling.id} onClose={() => setScheduling(null)} />}
      {previewing && (
        <TemplatePreviewModal
          templateId={previewing.id}
          name={previewing.name}
          onClose={() => setPreviewing(null)}
        />
      )}
    </>
  );
}

import { IconCalendarPlus, IconCalendarRepeat, IconListDetails, IconPlayerPlay } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { IconButton } from '../../components/icon-button.js';
import { PageHeader } from '../../components/page-header.js';
import { TabPanels } from '../../components/tab-panels.js';
import { useT } from '../../i18n/index.js';
import { RunModal } from './run-modal.js';
import { RunsTab } from './runs-tab.js';
import { ScheduleModal } from './schedule-modal.js';
import { SchedulesTab } from './schedules-tab.js';

/** Execuções: the runs grid (`/runs`) and the automatic schedules (`/runs/schedules`). */
export function RunsPage({ tab }: { tab: 'runs' | 'schedules' }) {
  const t = useT();
  const navigate = useNavigate();
  const [runOpen, setRunOpen] = useState(false);
  const [scheduleOpen, setScheduleOpen] = useState(false);

  return (
    <>
      <PageHeader
        title={t.runs.title}
        subtitle={t.runs.subtitle}
        actions={
          <>
            <IconButton icon={IconCalendarPlus} variant="default" onClick={() => setScheduleOpen(true)}>
              {t.schedules.new}
            </IconButton>
            <IconButton icon={IconPlayerPlay} onClick={() => setRunOpen(true)}>
              {t.runs.run}
            </IconButton>
          </>
        }
      />
      <TabPanels
        value={tab}
        onChange={(value) => navigate(value === 'schedules' ? '/runs/schedules' : '/runs')}
        tabs={[
          { value: 'runs', label: t.runs.tabRuns, icon: IconListDetails, content: <RunsTab /> },
          {
            value: 'schedules',
            label: t.runs.tabSchedules,
            icon: IconCalendarRepeat,
            content: <SchedulesTab onNew={() => setScheduleOpen(true)} />,
          },
        ]}
      />

      {runOpen && (
        <RunModal
          opened
          onClose={() => setRunOpen(false)}
          onCreated={() => tab !== 'runs' && navigate('/runs')}
          onSchedule={() => setScheduleOpen(true)}
        />
      )}
      {scheduleOpen && (
        <ScheduleModal
          schedule={null}
          onClose={() => setScheduleOpen(false)}
          onSaved={() => tab !== 'schedules' && navigate('/runs/schedules')}
        />
      )}
    </>
  );
}

import { ActionIcon, Indicator, Tooltip } from '@mantine/core';
import { IconChecklist } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTaskCounts } from '../api/tasks.js';
import { useT } from '../i18n/index.js';

/**
 * The header's task badge: my open tasks, red when some are overdue (grey otherwise); a click opens
 * "Minhas tarefas".
 */
export function TasksBadge() {
  const t = useT();
  const counts = useTaskCounts();
  const open = counts.data?.open ?? 0;
  const overdue = counts.data?.overdue ?? 0;
  const label = t.tasks.badge(open, overdue);
  return (
    <Tooltip label={label}>
      <Indicator
        label={open > 99 ? '99+' : open}
        size={16}
        offset={4}
        color={overdue ? 'red' : 'gray'}
        disabled={open === 0}
        styles={{ indicator: { fontSize: 10, fontWeight: 700 } }}
      >
        <ActionIcon
          component={Link}
          to="/tasks"
          size="lg"
          variant="subtle"
          color="gray"
          aria-label={label}
          data-testid="tasks-badge"
          data-open={open}
          data-overdue={overdue}
          data-loaded={counts.isSuccess}
        >
          <IconChecklist size={20} stroke={1.6} />
        </ActionIcon>
      </Indicator>
    </Tooltip>
  );
}

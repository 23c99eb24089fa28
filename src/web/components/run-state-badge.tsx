import { Badge, type MantineColor } from '@mantine/core';
import type { RunState } from '../api/models.js';
import { useT } from '../i18n/index.js';

export const RUN_STATES: RunState[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'dead'];

export const RUN_STATE_COLORS: Record<RunState, MantineColor> = {
  queued: 'gray',
  running: 'blue',
  succeeded: 'teal',
  failed: 'red',
  cancelled: 'orange',
  dead: 'red',
};

export const isLive = (state: RunState) => state === 'queued' || state === 'running';

/** Na fila, Executando, Concluída, Falhou, Cancelada, Erro permanente — each in its colour. */
export function RunStateBadge({ state, size = 'md' }: { state: RunState; size?: 'sm' | 'md' | 'lg' }) {
  const t = useT();
  return (
    <Badge
      size={size}
      color={RUN_STATE_COLORS[state]}
      variant={state === 'dead' ? 'filled' : 'light'}
      styles={{ label: { overflow: 'visible' } }}
      data-state={state}
    >
      {t.runStates[state]}
    </Badge>
  );
}

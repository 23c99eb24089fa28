import { Group, Progress, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router';
import { useT } from '../../i18n/index.js';

/**
 * The checklist's progress bar (items settled over all items); with `to`, a link to the tracking screen,
 * as the seed has it ("clique na barra de progresso").
 */
export function RequestProgress({
  settled,
  total,
  to,
  label,
  width = 140,
}: {
  settled: number;
  total: number;
  to?: string;
  label?: string;
  width?: number;
}) {
  const t = useT();
  const percent = total > 0 ? Math.round((settled / total) * 100) : 0;
  const text = t.collection.progressLabel(settled, total);
  const bar = (
    <Group gap={8} wrap="nowrap" w={width}>
      <Progress
        value={percent}
        color={settled === total && total > 0 ? 'teal' : 'brand'}
        size="lg"
        radius="xl"
        style={{ flex: 1 }}
        aria-hidden
      />
      <Text size="xs" c="dimmed" className="nowrap" data-testid="progress-text">
        {t.collection.progressShort(settled, total)}
      </Text>
    </Group>
  );
  if (!to) {
    return (
      <Tooltip label={text}>
        <div role="img" aria-label={text}>
          {bar}
        </div>
      </Tooltip>
    );
  }
  return (
    <Tooltip label={text}>
      <UnstyledButton component={Link} to={to} aria-label={label ? `${label}: ${text}` : text}>
        {bar}
      </UnstyledButton>
    </Tooltip>
  );
}

import { Badge } from '@mantine/core';
import { useT } from '../i18n/index.js';

export function StatusBadge({ active }: { active: boolean }) {
  const t = useT();
  return (
    <Badge color={active ? 'green' : 'gray'} variant="light" styles={{ label: { overflow: 'visible' } }}>
      {active ? t.common.active : t.common.inactive}
    </Badge>
  );
}

import { Group, Text } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** One dimmed line of guidance above a view, behind an info icon ("drag a card to move it"). */
export function InfoHint({ children }: { children: ReactNode }) {
  return (
    <Group gap={6} c="dimmed" wrap="nowrap">
      <IconInfoCircle size={16} aria-hidden style={{ flexShrink: 0 }} />
      <Text size="sm">{children}</Text>
    </Group>
  );
}

import { Stack, Text } from '@mantine/core';
import type { Icon } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** A short "nothing here yet" inside a card: a grey icon over one dimmed line. */
export function EmptyNote({
  icon: Glyph,
  children,
  py = 'lg',
}: {
  icon: Icon;
  children: ReactNode;
  py?: string;
}) {
  return (
    <Stack align="center" py={py} gap="xs">
      <Glyph size={36} stroke={1.3} color="var(--mantine-color-gray-5)" aria-hidden />
      <Text size="sm" c="dimmed">
        {children}
      </Text>
    </Stack>
  );
}

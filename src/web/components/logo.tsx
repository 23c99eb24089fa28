import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconBriefcase2 } from '@tabler/icons-react';

export function Logo({ inverted = false }: { inverted?: boolean }) {
  return (
    <Group gap={8} wrap="nowrap">
      <ThemeIcon size={32} radius="md" variant={inverted ? 'white' : 'filled'} aria-hidden>
        <IconBriefcase2 size={19} stroke={1.8} />
      </ThemeIcon>
      <Text fw={750} fz={19} lts={-0.3} c={inverted ? 'white' : undefined}>
        Expediente
      </Text>
    </Group>
  );
}

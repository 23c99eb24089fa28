import { Badge, Button, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link } from 'react-router';
import { type AreaKey, NAV_ITEMS } from '../components/app-layout.js';
import { useT } from '../i18n/index.js';

/** Placeholder for an area that is on the roadmap: what it will do, in one sentence. */
export function ComingSoonPage({ area }: { area: AreaKey }) {
  const t = useT();
  const item = NAV_ITEMS.find((i) => i.key === area);
  const Icon = item?.icon;
  return (
    <Paper withBorder p={{ base: 'xl', sm: 48 }} mt="md" maw={720} mx="auto">
      <Stack align="center" ta="center" gap="md">
        {Icon && (
          <ThemeIcon size={72} radius={36} variant="light" aria-hidden>
            <Icon size={36} stroke={1.5} />
          </ThemeIcon>
        )}
        <Badge size="lg" variant="light" color="orange">
          {t.common.comingSoon}
        </Badge>
        <Title order={1}>{t.nav[area]}</Title>
        <Text size="lg" c="dimmed" maw={560}>
          {t.comingSoon[area]}
        </Text>
        <Button
          component={Link}
          to="/clients"
          variant="light"
          leftSection={<IconArrowLeft size={16} />}
          mt="sm"
        >
          {t.comingSoon.back}
        </Button>
      </Stack>
    </Paper>
  );
}

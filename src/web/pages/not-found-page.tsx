import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useT } from '../i18n/index.js';

export function NotFoundPage() {
  const t = useT();
  return (
    <Paper withBorder p="xl" mt="md" maw={560} mx="auto">
      <Stack align="center" ta="center">
        <Text fz={48} fw={800} c="brand">
          404
        </Text>
        <Title order={2}>{t.errors.notFoundTitle}</Title>
        <Text c="dimmed">{t.errors.notFoundText}</Text>
        <Button component={Link} to="/clients">
          {t.errors.goHome}
        </Button>
      </Stack>
    </Paper>
  );
}

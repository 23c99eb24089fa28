import {
  ActionIcon,
  Anchor,
  Group,
  Paper,
  Progress,
  Stack,
  Text,
  ThemeIcon,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconCheck, IconCircleDashed, IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { http, ok } from '../../api/client.js';
import { useSession } from '../../api/queries.js';
import { useT } from '../../i18n/index.js';

/** Where each step is done. */
const STEP_LINKS = {
  office: '/settings/office',
  email: '/messages/channels',
  whatsapp: '/messages/channels',
  clients: '/clients?import=1',
  routines: '/routines',
} as const;

const onboardingKey = ['onboarding'] as const;

/**
 * "Primeiros passos": the first-run checklist of a new office on the home page, for administrators, until
 * every step is done or they hide it. Each step links to where it is done and ticks itself from the office's
 * real state (GET /api/onboarding), read again whenever the home page shows.
 */
export function FirstSteps() {
  const t = useT();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const isAdmin = user.role === 'admin';
  const onboarding = useQuery({
    queryKey: onboardingKey,
    queryFn: ({ signal }) => ok(http.GET('/api/onboarding', { signal })),
    enabled: isAdmin,
    staleTime: 0,
  });
  const dismiss = useMutation({
    mutationFn: () => ok(http.PUT('/api/onboarding/dismissed', { body: { dismissed: true } })),
    onSuccess: (data) => queryClient.setQueryData(onboardingKey, data),
  });
  const data = onboarding.data;
  if (!isAdmin || !data || data.done || data.dismissedAt) return null;
  const done = data.steps.filter((s) => s.done).length;
  const total = data.steps.length;

  return (
    <Paper withBorder p="lg" mb="lg" component="section" aria-labelledby="first-steps-title">
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="sm">
        <div>
          <Title order={2} size="h3" id="first-steps-title">
            {t.onboarding.title}
          </Title>
          <Text size="sm" c="dimmed">
            {t.onboarding.hint}
          </Text>
        </div>
        <Tooltip label={t.onboarding.dismissLabel}>
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={t.onboarding.dismissLabel}
            onClick={() => dismiss.mutate()}
            loading={dismiss.isPending}
          >
            <IconX size={18} />
          </ActionIcon>
        </Tooltip>
      </Group>
      <Group gap="sm" mb="md" wrap="nowrap">
        <Progress value={(done / total) * 100} flex={1} aria-hidden />
        <Text size="sm" c="dimmed" className="nowrap">
          {t.onboarding.progress(done, total)}
        </Text>
      </Group>
      <Stack gap="sm" component="ol" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {data.steps.map((step) => {
          const texts = t.onboarding.steps[step.key];
          return (
            <Group
              component="li"
              key={step.key}
              gap="sm"
              wrap="nowrap"
              align="flex-start"
              data-step={step.key}
              data-done={step.done}
            >
              <ThemeIcon
                size={26}
                radius="xl"
                color={step.done ? 'teal' : 'gray'}
                variant={step.done ? 'filled' : 'light'}
                aria-hidden
              >
                {step.done ? <IconCheck size={16} /> : <IconCircleDashed size={16} />}
              </ThemeIcon>
              <div style={{ minWidth: 0 }}>
                <Group gap={6} wrap="wrap">
                  <Anchor
                    component={Link}
                    to={STEP_LINKS[step.key]}
                    fw={600}
                    size="sm"
                    td={step.done ? 'line-through' : undefined}
                    c={step.done ? 'dimmed' : undefined}
                  >
                    {texts.title}
                  </Anchor>
                  <Text size="xs" c={step.done ? 'teal' : 'dimmed'}>
                    {step.done ? t.onboarding.done : t.onboarding.todo}
                  </Text>
                </Group>
                <Text size="xs" c="dimmed">
                  {texts.hint}
                </Text>
              </div>
            </Group>
          );
        })}
      </Stack>
    </Paper>
  );
}

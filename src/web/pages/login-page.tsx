import {
  Alert,
  Box,
  Button,
  Center,
  Group,
  List,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { IconAlertCircle, IconCheck } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { http, NO_AUTH_REDIRECT, ok, setCsrfToken } from '../api/client.js';
import { keys, useMe } from '../api/queries.js';
import { FullPageLoader } from '../components/full-page-loader.js';
import { LanguageSwitch } from '../components/language-switch.js';
import { Logo } from '../components/logo.js';
import { useT } from '../i18n/index.js';
import { isValidEmail } from '../lib/documents.js';
import { errorMessage } from '../lib/notify.js';

/** Only same-site paths are followed after login. */
function safeNext(next: string | null): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/clients';
  return next;
}

export function LoginPage() {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const me = useMe();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ email?: string; password?: string }>({});

  const login = useMutation({
    mutationFn: () =>
      ok(
        http.POST('/api/auth/login', {
          body: { email: email.trim(), password },
          headers: NO_AUTH_REDIRECT,
        }),
      ),
    meta: { silent: true },
    onSuccess: (data) => {
      setCsrfToken(data.csrfToken);
      queryClient.setQueryData(keys.me, data);
      navigate(next, { replace: true });
    },
  });

  if (me.isPending) return <FullPageLoader />;
  if (me.isSuccess && !login.isPending) return <Navigate to={next} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (!isValidEmail(email)) found.email = email ? t.validation.email : t.validation.required;
    if (!password) found.password = t.validation.required;
    setErrors(found);
    if (!found.email && !found.password) login.mutate();
  };

  return (
    <Box mih="100vh" style={{ display: 'flex' }}>
      <Box
        visibleFrom="md"
        w="44%"
        p={48}
        style={{
          background:
            'linear-gradient(155deg, var(--mantine-color-brand-9) 0%, var(--mantine-color-brand-8) 45%, #0d3f52 100%)',
          color: 'white',
          display: 'flex',
          flexDirection: 'column',
          justifyContent: 'space-between',
        }}
      >
        <Logo inverted />
        <Stack gap="lg" maw={440}>
          <Title order={2} c="white" fz={30} lh={1.2}>
            {t.app.tagline}
          </Title>
          <Text c="brand.0" fz="md">
            {t.app.pitch}
          </Text>
          <List
            spacing="sm"
            c="white"
            icon={
              <ThemeIcon size={22} radius="xl" variant="white" aria-hidden>
                <IconCheck size={14} />
              </ThemeIcon>
            }
          >
            {t.app.highlights.map((h) => (
              <List.Item key={h}>{h}</List.Item>
            ))}
          </List>
        </Stack>
        <Text c="brand.1" size="xs">
          © {new Date().getFullYear()} Expediente
        </Text>
      </Box>

      <Box style={{ flex: 1, display: 'flex', flexDirection: 'column' }} bg="var(--mantine-color-gray-0)">
        <Group justify="space-between" p="md">
          <Box hiddenFrom="md">
            <Logo />
          </Box>
          <Box ml="auto">
            <LanguageSwitch size="sm" />
          </Box>
        </Group>
        <Center style={{ flex: 1 }} px="md" pb={64}>
          <Paper withBorder shadow="sm" p={32} w="100%" maw={420}>
            <form onSubmit={submit} noValidate>
              <Stack>
                <Stack gap={4}>
                  <Title order={2}>{t.auth.loginTitle}</Title>
                  <Text size="sm" c="dimmed">
                    {t.auth.loginSubtitle}
                  </Text>
                </Stack>
                {login.isError && (
                  <Alert
                    color="red"
                    variant="light"
                    title={t.auth.failedTitle}
                    icon={<IconAlertCircle aria-hidden />}
                    role="alert"
                  >
                    {errorMessage(login.error, t)}
                  </Alert>
                )}
                <TextInput
                  label={t.auth.email}
                  type="email"
                  autoComplete="username"
                  required
                  value={email}
                  onChange={(e) => setEmail(e.currentTarget.value)}
                  error={errors.email}
                  autoFocus
                />
                <PasswordInput
                  label={t.auth.password}
                  autoComplete="current-password"
                  required
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                  error={errors.password}
                />
                <Button type="submit" fullWidth size="md" loading={login.isPending} mt="xs">
                  {t.auth.submit}
                </Button>
              </Stack>
            </form>
          </Paper>
        </Center>
      </Box>
    </Box>
  );
}

import { MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import 'dayjs/locale/pt-br';
import { Notifications } from '@mantine/notifications';
import { MutationCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, type ReactNode, Suspense, useMemo } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { isApiError } from './api/client.js';
import { AppLayout } from './components/app-layout.js';
import { FullPageLoader } from './components/full-page-loader.js';
import { RequireAuth } from './components/require-auth.js';
import { I18nProvider, useLang, useT } from './i18n/index.js';
import { notifyError } from './lib/notify.js';
import { LoginPage } from './pages/login-page.js';
import { NotFoundPage } from './pages/not-found-page.js';
import { buildTheme } from './theme.js';

const ClientsPage = lazy(() =>
  import('./pages/clients/clients-page.js').then((m) => ({ default: m.ClientsPage })),
);
const ClientFormPage = lazy(() =>
  import('./pages/clients/client-form-page.js').then((m) => ({ default: m.ClientFormPage })),
);
const ClientPage = lazy(() =>
  import('./pages/clients/client-page.js').then((m) => ({ default: m.ClientPage })),
);
const RunsPage = lazy(() => import('./pages/runs/runs-page.js').then((m) => ({ default: m.RunsPage })));
const RunPage = lazy(() => import('./pages/runs/run-page.js').then((m) => ({ default: m.RunPage })));
const SchedulePage = lazy(() =>
  import('./pages/runs/schedule-page.js').then((m) => ({ default: m.SchedulePage })),
);
const MessagesPage = lazy(() =>
  import('./pages/messages/messages-page.js').then((m) => ({ default: m.MessagesPage })),
);
const TicketsPage = lazy(() =>
  import('./pages/tickets/tickets-page.js').then((m) => ({ default: m.TicketsPage })),
);
const TicketFormPage = lazy(() =>
  import('./pages/tickets/ticket-form-page.js').then((m) => ({ default: m.TicketFormPage })),
);
const TicketPage = lazy(() =>
  import('./pages/tickets/ticket-page.js').then((m) => ({ default: m.TicketPage })),
);
const AdjustmentPage = lazy(() =>
  import('./pages/billing/adjustment-page.js').then((m) => ({ default: m.AdjustmentPage })),
);
const CnabPage = lazy(() => import('./pages/billing/cnab-page.js').then((m) => ({ default: m.CnabPage })));
const ReconcilePage = lazy(() =>
  import('./pages/billing/reconcile-page.js').then((m) => ({ default: m.ReconcilePage })),
);
const BillingPage = lazy(() =>
  import('./pages/billing/billing-page.js').then((m) => ({ default: m.BillingPage })),
);
const RoutinesPage = lazy(() =>
  import('./pages/routines/routines-page.js').then((m) => ({ default: m.RoutinesPage })),
);
const RoutinePage = lazy(() =>
  import('./pages/routines/routine-page.js').then((m) => ({ default: m.RoutinePage })),
);
const TicketPortalPage = lazy(() =>
  import('./pages/tickets/ticket-portal-page.js').then((m) => ({ default: m.TicketPortalPage })),
);
const RequestsPage = lazy(() =>
  import('./pages/collection/requests-page.js').then((m) => ({ default: m.RequestsPage })),
);
const RequestPage = lazy(() =>
  import('./pages/collection/request-page.js').then((m) => ({ default: m.RequestPage })),
);
const TemplatesPage = lazy(() =>
  import('./pages/collection/templates-page.js').then((m) => ({ default: m.TemplatesPage })),
);
const TemplateFormPage = lazy(() =>
  import('./pages/collection/template-form-page.js').then((m) => ({ default: m.TemplateFormPage })),
);
const CollectionPortalPage = lazy(() =>
  import('./pages/collection/collection-portal-page.js').then((m) => ({ default: m.CollectionPortalPage })),
);
const TasksPage = lazy(() => import('./pages/tasks/tasks-page.js').then((m) => ({ default: m.TasksPage })));
const TaskPage = lazy(() => import('./pages/tasks/task-page.js').then((m) => ({ default: m.TaskPage })));
const UpcomingPage = lazy(() =>
  import('./pages/upcoming/upcoming-page.js').then((m) => ({ default: m.UpcomingPage })),
);
const PipelinesPage = lazy(() =>
  import('./pages/processes/pipelines-page.js').then((m) => ({ default: m.PipelinesPage })),
);
const PipelinePage = lazy(() =>
  import('./pages/processes/pipeline-page.js').then((m) => ({ default: m.PipelinePage })),
);
const CardPage = lazy(() => import('./pages/processes/card-page.js').then((m) => ({ default: m.CardPage })));
const PublicFormPage = lazy(() =>
  import('./pages/processes/public-form-page.js').then((m) => ({ default: m.PublicFormPage })),
);
const AutomationPage = lazy(() =>
  import('./pages/automation/automation-page.js').then((m) => ({ default: m.AutomationPage })),
);
const SettingsPage = lazy(() =>
  import('./pages/settings/settings-page.js').then((m) => ({ default: m.SettingsPage })),
);

function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: false,
        // Client errors (4xx) will not get better by asking again.
        retry: (count, error) =>
          !(isApiError(error) && error.status >= 400 && error.status < 500) && count < 2,
      },
    },
    mutationCache: new MutationCache({
      // Every failed write is reported, unless the screen shows the error itself (meta.silent).
      onError: (error, _variables, _context, mutation) => {
        if (mutation.meta?.silent) return;
        if (isApiError(error) && error.status === 401) return;
        notifyError(error);
      },
    }),
  });
}

const queryClient = createQueryClient();

function ThemeProvider({ children }: { children: ReactNode }) {
  const t = useT();
  const [lang] = useLang();
  const theme = useMemo(() => buildTheme(t), [t]);
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      {/* The calendars' month and weekday names follow the app's language; weeks start on Sunday. */}
      <DatesProvider settings={{ locale: lang === 'en' ? 'en' : 'pt-br', firstDayOfWeek: 0 }}>
        {children}
      </DatesProvider>
    </MantineProvider>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <ThemeProvider>
          <Notifications position="top-right" zIndex={1000} />
          <BrowserRouter>
            <Suspense fallback={<FullPageLoader />}>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                <Route path="/portal/tickets/:token" element={<TicketPortalPage />} />
                <Route path="/portal/arquivos/:token" element={<CollectionPortalPage />} />
                <Route path="/formulario/:token" element={<PublicFormPage />} />
                <Route element={<RequireAuth />}>
                  <Route element={<AppLayout />}>
                    <Route index element={<Navigate to="/clients" replace />} />
                    <Route path="clients" element={<ClientsPage />} />
                    <Route path="clients/new" element={<ClientFormPage />} />
                    <Route path="clients/:id" element={<ClientPage />} />
                    <Route path="clients/:id/edit" element={<ClientFormPage />} />
                    <Route path="tickets" element={<TicketsPage />} />
                    <Route path="tickets/new" element={<TicketFormPage />} />
                    <Route path="tickets/:id" element={<TicketPage />} />
                    <Route path="routines" element={<RoutinesPage />} />
                    <Route path="routines/:kind" element={<RoutinePage />} />
                    <Route path="runs" element={<RunsPage tab="runs" />} />
                    <Route path="runs/schedules" element={<RunsPage tab="schedules" />} />
                    <Route path="runs/schedules/:id" element={<SchedulePage />} />
                    <Route path="runs/:id" element={<RunPage />} />
                    <Route path="collection" element={<RequestsPage />} />
                    <Route path="collection/requests/:id" element={<RequestPage />} />
                    <Route path="collection/templates" element={<TemplatesPage />} />
                    <Route path="collection/templates/new" element={<TemplateFormPage />} />
                    <Route path="collection/templates/:id" element={<TemplateFormPage />} />
                    <Route path="document-requests" element={<Navigate to="/collection" replace />} />
                    <Route path="processes" element={<PipelinesPage />} />
                    <Route path="processes/cards/:id" element={<CardPage />} />
                    <Route path="processes/:id/:tab?" element={<PipelinePage />} />
                    <Route path="tasks" element={<TasksPage />} />
                    <Route path="tasks/:id" element={<TaskPage />} />
                    <Route path="upcoming" element={<UpcomingPage />} />
                    <Route path="automacoes" element={<AutomationPage />} />
                    <Route path="automations" element={<Navigate to="/automacoes" replace />} />
                    <Route path="billing" element={<BillingPage />} />
                    <Route path="billing/reconciliation" element={<ReconcilePage />} />
                    <Route path="billing/cnab" element={<CnabPage />} />
                    <Route path="billing/adjustment" element={<AdjustmentPage />} />
                    <Route path="messages/:tab?" element={<MessagesPage />} />
                    <Route path="settings/:tab?" element={<SettingsPage />} />
                    <Route path="*" element={<NotFoundPage />} />
                  </Route>
                </Route>
              </Routes>
            </Suspense>
          </BrowserRouter>
        </ThemeProvider>
      </I18nProvider>
    </QueryClientProvider>
  );
}

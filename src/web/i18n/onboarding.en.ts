import type { onboardingPtBR } from './onboarding.pt-BR.js';

/** The first-run checklist of a new office, in English (typed as the pt-BR one). */
export const onboardingEn: typeof onboardingPtBR = {
  title: 'First steps',
  hint: 'Get the office ready to work. Each item ticks itself once it is done.',
  progress: (done: number, total: number) => `${done} of ${total} done`,
  dismiss: 'Hide',
  dismissLabel: 'Hide the first steps',
  done: 'Done',
  todo: 'To do',
  go: 'Do it now',
  steps: {
    office: {
      title: 'Office data and CNPJ',
      hint: 'The office’s name and CNPJ, printed on invoices and messages.',
    },
    email: {
      title: 'E-mail channel with a test send',
      hint: 'Set up the office’s SMTP server and send a test e-mail.',
    },
    whatsapp: {
      title: 'WhatsApp',
      hint: 'Connect the office’s WhatsApp to notify clients.',
    },
    clients: {
      title: 'Import clients from a CSV',
      hint: 'Bring the client portfolio in from a spreadsheet (CSV).',
    },
    routines: {
      title: 'Switch on the first routines',
      hint: 'Activate automated routines, such as birthdays and certidões.',
    },
  },
};

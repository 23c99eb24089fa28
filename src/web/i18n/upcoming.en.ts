import type { upcomingPtBR } from './upcoming.pt-BR.js';

/** Texts of Próximos envios in English; typed as the pt-BR ones. */
export const upcomingEn: typeof upcomingPtBR = {
  title: 'Upcoming sends',
  subtitle: 'What the office will send over the next days — and where to stop it before it goes.',
  kinds: { routine: 'Routine', collection_reminder: 'Document reminder' },
  channels: { email: 'E-mail', whatsapp: 'WhatsApp', sms: 'SMS' },
  channelFilter: 'Channel',
  responsibleFilter: 'Responsible',
  clientFilter: 'Client',
  previousMonth: 'Previous month',
  nextMonth: 'Next month',
  today: 'Today',
  weekdays: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
  dayCount: (n: number) => `${n} send(s)`,
  dayTitle: (date: string) => `Sends on ${date}`,
  nothingThatDay: 'Nothing scheduled for this day.',
  audience: (n: number, truncated: boolean) => `${truncated ? 'over ' : ''}${n} recipient(s)`,
  contacts: (n: number) => `${n} contact(s)`,
  messages: (n: number) => `${n} message(s)`,
  items: (n: number) => `${n} pending item(s)`,
  noCount: 'count unavailable',
  noChannel: 'internal notice only',
  stopRoutine: 'Open the routine',
  stopReminder: 'Open the scheduled service',
  atTime: (time: string) => `at ${time}`,
  withReminders: "with the day's reminder run",
};

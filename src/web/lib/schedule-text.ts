/**
 * A schedule's recurrence in words, for lists and details: "Todo 5º dia útil do mês às 09:00",
 * "Segundas e quartas às 07:30", "Diariamente às 09:00 e 14:00", "Cron: 0 9 * * 1-5".
 */
import type { ScheduleSpec } from '../api/models.js';
import { en } from '../i18n/en.js';
import type { Lang } from '../i18n/lang.js';
import { type Dictionary, ptBR } from '../i18n/pt-BR.js';
import { formatIsoDate } from './format.js';

const dictionaries: Record<Lang, Dictionary> = { 'pt-BR': ptBR, en };

/** `['a', 'b', 'c']` → `a, b e c`. */
export function joinList(items: string[], and: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
}

const capitalize = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

const sortedUnique = (values: number[]) => [...new Set(values)].sort((a, b) => a - b);

export function describeSpec(spec: ScheduleSpec, lang: Lang = 'pt-BR'): string {
  const t = dictionaries[lang].scheduleText;
  const at = (times: string[]) => t.atTimes(joinList([...new Set(times)].sort(), t.and));

  let main: string;
  switch (spec.type) {
    case 'once':
      main = t.once(formatIsoDate(spec.date), at([spec.time]));
      break;
    case 'daily':
      main = t.daily(at(spec.times));
      break;
    case 'weekly': {
      const days = sortedUnique(spec.weekdays);
      let label: string;
      if (days.length === 7) label = t.everyDay;
      else if (days.join() === '1,2,3,4,5') label = t.mondayToFriday;
      else
        label = joinList(
          days.map((d) => t.weekdaysPlural[d - 1] ?? String(d)),
          t.and,
        );
      main = t.weekly(capitalize(label), at(spec.times));
      break;
    }
    case 'monthly':
      main =
        spec.day.kind === 'day'
          ? t.monthlyDay(spec.day.n, at(spec.times))
          : spec.day.kind === 'business-day'
            ? t.monthlyBusinessDay(spec.day.n, at(spec.times))
            : t.monthlyLastBusinessDay(at(spec.times));
      break;
    case 'yearly':
      main = t.yearly(spec.day, t.months[spec.month - 1] ?? String(spec.month), at(spec.times));
      break;
    case 'cron':
      main = t.cron(spec.expression.trim().replace(/\s+/g, ' '));
      break;
  }

  const extras: string[] = [];
  if (spec.type !== 'once') {
    const start = spec.startDate ? formatIsoDate(spec.startDate) : null;
    const end = spec.endDate ? formatIsoDate(spec.endDate) : null;
    if (start && end) extras.push(t.between(start, end));
    else if (start) extras.push(t.from(start));
    else if (end) extras.push(t.until(end));
  }
  const policy = spec.nonBusinessDay ?? 'keep';
  if (policy !== 'keep') extras.push(t.nonBusinessDay[policy]);
  return [main, ...extras].join(', ');
}

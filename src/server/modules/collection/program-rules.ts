import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { civilDate } from '../br/index.js';
import { addMonths } from './due-date.js';
import { userNames } from './requests.repo.js';

/** Months between two competências a program generates. */
export const step = { monthly: 1, quarterly: 3, yearly: 12 } as const;

/** The name shown for an actor in the history ("Sistema" for a schedule). */
export async function actorName(db: Db, officeId: string, userId: string | null): Promise<string> {
  if (!userId) return 'Sistema';
  return (await userNames(db, officeId, [userId])).get(userId) ?? 'Sistema';
}

/** The civil date a recurring program generates a competência: day `generateDay` of the month before. */
export function generationDate(competencia: string, generateDay: number): string {
  const [y, m] = addMonths(competencia, -1).split('-').map(Number) as [number, number];
  return civilDate(y, m, generateDay);
}

/** Whether a program generates this competência (its start, then every 1, 3 or 12 months). */
export function programCovers(
  p: { frequency: keyof typeof step; start_competencia: string },
  competencia: string,
): boolean {
  const [sy, sm] = p.start_competencia.split('-').map(Number) as [number, number];
  const [y, m] = competencia.split('-').map(Number) as [number, number];
  const diff = (y - sy) * 12 + (m - sm);
  return diff >= 0 && diff % step[p.frequency] === 0;
}

/** The civil date of an instant in the office's time zone (`YYYY-MM-DD`). */
export function officeToday(ctx: AppContext, timeZone: string, at = ctx.clock.now()): string {
  return at.toLocaleDateString('en-CA', { timeZone });
}

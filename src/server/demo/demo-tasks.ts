import type { AppContext } from '../context.js';
import { addDays } from '../modules/br/index.js';
import { type Actor, getOffice } from '../modules/platform/index.js';
import { createTask } from '../modules/tasks/index.js';

/**
 * A few tasks of the demo office: two of the administrator's (one overdue, so the header's badge shows
 * red), one of a colleague's, each about a client.
 */
export async function seedDemoTasks(
  ctx: AppContext,
  actor: Actor & { userId: string },
  colleagueId: string,
  clientIds: string[],
): Promise<void> {
  const office = await getOffice(ctx, actor.officeId);
  const today = ctx.clock.now().toLocaleDateString('en-CA', { timeZone: office.timeZone });
  const tasks = [
    {
      title: 'Conferir o fechamento contábil de novembro',
      description: 'Conciliar bancos e fornecedores antes de emitir o balancete.',
      responsibleId: actor.userId,
      due: { kind: 'businessDays' as const, days: 3 },
      clientId: clientIds[0] ?? null,
    },
    {
      title: 'Retificar a DCTFWeb',
      description: 'A folha foi reprocessada: enviar a declaração retificadora.',
      responsibleId: actor.userId,
      due: { kind: 'date' as const, date: addDays(today, -2) },
      clientId: clientIds[1] ?? null,
    },
    {
      title: 'Ligar para o cliente sobre o parcelamento',
      description: '',
      responsibleId: colleagueId,
      due: { kind: 'businessDays' as const, days: 1 },
      clientId: clientIds[2] ?? null,
    },
  ];
  for (const t of tasks) await createTask(ctx, actor, { ...t, item: null });
}

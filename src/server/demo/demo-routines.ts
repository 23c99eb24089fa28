/**
 * Demo data for Rotinas automatizadas: a contact whose birthday is today in the office's time zone (so
 * Aniversariantes do dia has someone to greet whenever the demo starts), complementary data on the clients
 * (employees, revenue, monthly fee, purchases) and the class transition configured with example rules,
 * inactive. No routine is active and no schedule is created: the office switches them on.
 */
import type { AppContext } from '../context.js';
import { writeTransaction } from '../db/group-commit.js';
import { createContact, setClientExtra } from '../modules/clients/index.js';
import { type Actor, getOffice } from '../modules/platform/index.js';
import { referenceDate, saveRoutine } from '../modules/routines/index.js';

export async function seedDemoRoutines(ctx: AppContext, actor: Actor, clientIds: string[]): Promise<void> {
  const office = await getOffice(ctx, actor.officeId);
  const now = ctx.clock.now();
  const today = referenceDate(now, office.timeZone);
  const [first] = clientIds;
  if (first) {
    await createContact(ctx, actor, first, {
      name: 'Beatriz Aniversariante',
      role: 'Sócia',
      email: 'beatriz.aniversario@exemplo.com.br',
      whatsapp: '+5511987650001',
      birthday: `1988-${today.slice(5)}`,
      emailOptOut: false,
      whatsappOptIn: true,
    });
  }

  await writeTransaction(ctx, async (trx) => {
    for (const [i, clientId] of clientIds.entries()) {
      const employees = [2, 4, 8, 15, 30, 60, 120][i % 7]!;
      await setClientExtra(
        trx,
        actor.officeId,
        clientId,
        {
          employees,
          revenueCents: employees * 18_000_000,
          feeCents: 60_000 + (i % 9) * 55_000,
          purchaseCount: 3 + (i % 13),
          accumulatedCents: (3 + (i % 13)) * 95_000,
          lastPurchaseDate: referenceDate(new Date(now.getTime() - (i % 40) * 86_400_000), office.timeZone),
        },
        now,
      );
    }
  });

  await saveRoutine(ctx, actor, 'clients.class-transition', {
    active: false,
    settings: { professionId: null, channels: [], templates: {}, audience: { kind: 'all' } },
    config: {
      rules: [
        { toClass: 'A', field: 'feeCents', op: '>=', value: 400_000 },
        { toClass: 'B', field: 'employees', op: 'between', value: 10, valueTo: 100 },
        { toClass: 'C', field: 'employees', op: '<', value: 10 },
      ],
      notifyResponsible: true,
      includeInactiveClients: false,
    },
    schedule: null,
    pool: 'default',
  });
}

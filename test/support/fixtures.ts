import { beforeAll } from 'vitest';
import type { AppContext } from '../../src/server/context.js';
import {
  type Actor,
  createOffice,
  createUser,
  getProfessions,
} from '../../src/server/modules/platform/index.js';

export const PASSWORD = 'correct-horse-battery';

/** An office with an admin and a staff user; returns their ids and the profession ids by name. */
export async function seedOffice(ctx: AppContext, name = 'Escritório Teste', emailDomain = 'teste.com.br') {
  const office = await createOffice(ctx, { name, state: 'SP', city: 'São Paulo' });
  const professions = new Map((await getProfessions(ctx, office.id)).map((p) => [p.name, p.id]));
  const system: Actor = { officeId: office.id, userId: null };
  const admin = await createUser(ctx, system, {
    name: 'Ana Admin',
    email: `admin@${emailDomain}`,
    role: 'admin',
    supervisorId: null,
    professionIds: [professions.get('Contador')!],
    password: PASSWORD,
    active: true,
  });
  const staff = await createUser(ctx, system, {
    name: 'Bruno Staff',
    email: `staff@${emailDomain}`,
    role: 'staff',
    supervisorId: admin.id,
    professionIds: [professions.get('Analista Fiscal')!],
    password: PASSWORD,
    active: true,
  });
  return { office, admin, staff, professions, actor: { officeId: office.id, userId: admin.id } as Actor };
}

export type SeededOffice = Awaited<ReturnType<typeof seedOffice>>;

/** `seedOffice` in a `beforeAll` registered where this is called (after the context's); answers what it fills in. */
export function useOffice(ctx: AppContext, name?: string, emailDomain?: string): SeededOffice {
  const seed = {} as SeededOffice;
  beforeAll(async () => {
    Object.assign(seed, await seedOffice(ctx, name, emailDomain));
  });
  return seed;
}

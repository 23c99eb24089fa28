import pino from 'pino';
import { systemClock } from '../../src/server/clock.js';
import { loadConfig } from '../../src/server/config.js';
import type { AppContext } from '../../src/server/context.js';
import { openDatabase } from '../../src/server/db/database.js';
import { newId } from '../../src/server/ids.js';
import { cnpjCheckDigits } from '../../src/server/modules/br/index.js';
import { newClientRow } from '../../src/server/modules/clients/clients.service.js';
import { PASSWORD, seedOffice } from './fixtures.js';

/** The office's date today (its time zone is São Paulo's): the birthdays routine's reference date. */
export function officeToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(now);
}

export interface ClusterSeed {
  officeId: string;
  adminEmail: string;
  password: string;
  clientIds: string[];
}

/**
 * The cluster's office: an admin, `clients` clients and `contacts` contacts spread over them, every contact
 * with an e-mail address and a birthday today (the Aniversariantes do dia routine then sends `contacts`
 * e-mails), and the e-mail channel pointed at the SMTP sink (plain, no login).
 */
export async function seedCluster(
  databaseUrl: string,
  secretKey: string,
  smtpPort: number,
  counts: { clients: number; contacts: number },
): Promise<ClusterSeed> {
  const handle = openDatabase({ databaseUrl, poolSize: 2 });
  try {
    const ctx: AppContext = {
      db: handle.db,
      dialect: handle.dialect,
      clock: systemClock,
      config: loadConfig({ LOG_LEVEL: 'silent', SECRET_KEY: secretKey, DATABASE_URL: databaseUrl }),
      log: pino({ level: 'silent' }),
    };
    const seed = await seedOffice(ctx, 'Escritório Cluster', 'cluster.com.br');
    const officeId = seed.office.id;
    const now = new Date();
    const clients = Array.from({ length: counts.clients }, (_, i) => {
      const base = `${String(i + 1).padStart(8, '0')}0001`;
      return newClientRow(
        officeId,
        {
          legalName: `Cliente Cluster ${i + 1} Ltda`,
          document: { kind: 'cnpj', value: base + cnpjCheckDigits(base) },
          emails: [`financeiro${i + 1}@cliente-cluster.com.br`],
          status: 'active',
        },
        now,
      );
    });
    await handle.db.insertInto('clients').values(clients).execute();
    const birthday = `1990-${officeToday(now).slice(5)}`;
    for (let from = 0; from < counts.contacts; from += 1000) {
      const rows = [];
      for (let i = from; i < Math.min(counts.contacts, from + 1000); i++) {
        rows.push({
          id: newId(),
          office_id: officeId,
          client_id: clients[i % clients.length]!.id,
          name: `Contato ${i + 1}`,
          role: null,
          email: `contato${i + 1}@cliente-cluster.com.br`,
          whatsapp: null,
          birthday,
          email_opt_out: 0,
          whatsapp_opt_in: 0,
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
        });
      }
      await handle.db.insertInto('contacts').values(rows).execute();
    }
    await handle.db
      .insertInto('channel_settings')
      .values({
        office_id: officeId,
        channel: 'email',
        settings: JSON.stringify({
          host: '127.0.0.1',
          port: smtpPort,
          security: 'none',
          user: null,
          passwordEnc: null,
          fromName: 'Escritório Cluster',
          fromAddress: 'contato@cluster.com.br',
          replyTo: null,
        }),
        updated_at: now.toISOString(),
      })
      .execute();
    return {
      officeId,
      adminEmail: 'admin@cluster.com.br',
      password: PASSWORD,
      clientIds: clients.map((c) => c.id),
    };
  } finally {
    await handle.destroy();
  }
}

import type { Kysely } from 'kysely';
import type { DialectName } from '../../src/server/db/database.js';
import type { ClientRow, Database } from '../../src/server/db/schema.js';
import { lastNames } from '../../src/server/demo/names.js';
import { generateCnpj } from '../../src/server/modules/br/index.js';
import type { CreateClientInput } from '../../src/server/modules/clients/clients.schema.js';
import { newClientRow } from '../../src/server/modules/clients/clients.service.js';
import { pickFrom, seededRandom } from '../../src/shared/seeded-random.js';

const kinds = [
  'Padaria',
  'Mercado',
  'Auto Peças',
  'Farmácia',
  'Construtora',
  'Transportadora',
  'Clínica',
  'Restaurante',
  'Oficina',
  'Comércio de Roupas',
] as const;
/** The demo office's surnames and two more, in the order the data sets were always drawn from. */
const names = [...lastNames, 'Dias', 'Nascimento'];
const places = [
  'Central',
  'do Bairro',
  'São João',
  'Boa Vista',
  'Estrela',
  'Nova Era',
  'Ipiranga',
  'Aurora',
] as const;
const suffixes = ['Ltda', 'ME', 'EIRELI', 'S.A.', 'Ltda EPP'] as const;
const cities = [
  ['São Paulo', 'SP'],
  ['Campinas', 'SP'],
  ['Rio de Janeiro', 'RJ'],
  ['Belo Horizonte', 'MG'],
  ['Curitiba', 'PR'],
  ['Porto Alegre', 'RS'],
  ['Recife', 'PE'],
  ['Salvador', 'BA'],
] as const;
export const benchTags = [
  'Simples Nacional',
  'Lucro Presumido',
  'MEI',
  'Lucro Real',
  'Folha',
  'Prioritário',
] as const;

export interface ClientDataOptions {
  count: number;
  seed?: number;
  /** Share of clients with status `inactive` (default 0.2). */
  inactiveShare?: number;
  /** Share of clients with tags (default 0.1). */
  taggedShare?: number;
}

export interface ClientData {
  rows: ClientRow[];
  tags: { client_id: string; office_id: string; tag: string }[];
}

/**
 * A deterministic data set of `count` clients of one office, built with the app's own `newClientRow`
 * (so `name_key`/`search_text` are exactly what the API would write): unique valid CNPJs (half of them
 * alphanumeric), ~10 % "Padaria …" names, ~20 % inactive, classes A/B/C/none, creation dates spread
 * over five years, and tags on ~10 % of the clients.
 */
export function buildClientData(officeId: string, opts: ClientDataOptions): ClientData {
  const random = seededRandom(opts.seed ?? 20261123);
  const inactiveShare = opts.inactiveShare ?? 0.2;
  const taggedShare = opts.taggedShare ?? 0.1;
  const seen = new Set<string>();
  const rows: ClientRow[] = [];
  const tags: ClientData['tags'] = [];
  const start = Date.parse('2021-01-01T00:00:00Z');
  const span = 5 * 365 * 86_400_000;
  while (rows.length < opts.count) {
    const cnpj = generateCnpj({ alphanumeric: random() < 0.5, random });
    if (seen.has(cnpj)) continue;
    seen.add(cnpj);
    const i = rows.length;
    const family = pickFrom(names, random);
    const legalName = `${pickFrom(kinds, random)} ${family} ${pickFrom(places, random)} ${i} ${pickFrom(suffixes, random)}`;
    const [city, state] = pickFrom(cities, random);
    const classRoll = random();
    const input: CreateClientInput = {
      legalName,
      tradeName: random() < 0.5 ? `${family} ${pickFrom(places, random)}` : null,
      document: { kind: 'cnpj', value: cnpj },
      emails: [`contato${i}@cliente.com.br`],
      whatsapp: `+55119${String(10_000_000 + Math.floor(random() * 89_999_999))}`,
      cep: String(10_000_000 + Math.floor(random() * 89_999_999)),
      street: 'Rua das Flores',
      number: String(1 + Math.floor(random() * 2000)),
      city,
      state,
      status: random() < inactiveShare ? 'inactive' : 'active',
      class: classRoll < 0.3 ? 'A' : classRoll < 0.6 ? 'B' : classRoll < 0.9 ? 'C' : null,
    };
    const row = newClientRow(officeId, input, new Date(start + Math.floor(random() * span)));
    rows.push(row);
    if (random() < taggedShare) {
      const first = pickFrom(benchTags, random);
      const second = pickFrom(benchTags, random);
      for (const tag of new Set([first, second])) tags.push({ client_id: row.id, office_id: officeId, tag });
    }
  }
  return { rows, tags };
}

/**
 * Bulk-inserts the data set with multi-row INSERTs inside transactions: 500 rows a statement on SQLite
 * (its limit is 32,766 bound parameters; a client row has 26), 1,000 on PostgreSQL (limit 65,535).
 */
export async function insertClientData(
  db: Kysely<Database>,
  dialect: DialectName,
  data: ClientData,
): Promise<void> {
  const perStatement = dialect === 'sqlite' ? 500 : 1000;
  const perTransaction = 10_000;
  for (let t = 0; t < data.rows.length; t += perTransaction) {
    const slice = data.rows.slice(t, t + perTransaction);
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < slice.length; i += perStatement) {
        await trx
          .insertInto('clients')
          .values(slice.slice(i, i + perStatement))
          .execute();
      }
    });
  }
  const tagsPerStatement = dialect === 'sqlite' ? 5000 : 10_000;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < data.tags.length; i += tagsPerStatement) {
      await trx
        .insertInto('client_tags')
        .values(data.tags.slice(i, i + tagsPerStatement))
        .execute();
    }
  });
}

import { pickFrom, seededRandom } from '../../shared/seeded-random.js';
import type { AppContext } from '../context.js';
import { writeTransaction } from '../db/group-commit.js';
import { generateCnpj, generateCpf } from '../modules/br/index.js';
import { createCatalogService, createContact, insertClient } from '../modules/clients/index.js';
import { type Actor, createOffice, createUser, getProfessions } from '../modules/platform/index.js';
import { seedDemoBilling } from './demo-billing.js';
import { seedDemoCertificates } from './demo-certificates.js';
import { seedDemoCollection } from './demo-collection.js';
import { seedDemoProcesses } from './demo-processes.js';
import { seedDemoRoutines } from './demo-routines.js';
import { seedDemoTasks } from './demo-tasks.js';
import { seedDemoTickets } from './demo-tickets.js';
import { firstNames, lastNames } from './names.js';

export const DEMO_LOGIN = { email: 'admin@demo.expediente.app', password: 'expediente-demo' } as const;

const businesses: [string, string][] = [
  ['Padaria', 'Pão Dourado'],
  ['Auto Peças', 'São Jorge'],
  ['Restaurante', 'Sabor Mineiro'],
  ['Clínica Odontológica', 'Sorriso'],
  ['Transportadora', 'Rota Sul'],
  ['Farmácia', 'Vida Nova'],
  ['Construtora', 'Alicerce'],
  ['Mercado', 'Bom Preço'],
  ['Escola', 'Pequeno Príncipe'],
  ['Academia', 'Corpo em Forma'],
  ['Pet Shop', 'Amigo Fiel'],
  ['Oficina Mecânica', 'Pistão'],
  ['Livraria', 'Páginas'],
  ['Confecções', 'Fio de Ouro'],
  ['Agropecuária', 'Campo Verde'],
  ['Tecnologia', 'Nuvem Azul'],
  ['Imobiliária', 'Chave Certa'],
  ['Laboratório', 'Diagnóstico Preciso'],
  ['Sorveteria', 'Gelato'],
  ['Distribuidora', 'Norte Nordeste'],
  ['Hotel', 'Vista Mar'],
  ['Marcenaria', 'Madeira Nobre'],
  ['Gráfica', 'Impressão Rápida'],
  ['Ótica', 'Visão Clara'],
  ['Floricultura', 'Jardim Encantado'],
  ['Açougue', 'Boi de Ouro'],
  ['Papelaria', 'Lápis de Cor'],
  ['Vidraçaria', 'Cristal'],
  ['Consultoria', 'Horizonte'],
  ['Estúdio', 'Foco Fotografia'],
  ['Cafeteria', 'Grão Especial'],
  ['Lavanderia', 'Lava Bem'],
  ['Serralheria', 'Ferro Forte'],
  ['Móveis', 'Casa Bela'],
  ['Eletrônica', 'Circuito'],
  ['Calçados', 'Passo Firme'],
  ['Buffet', 'Festa Feliz'],
  ['Pousada', 'Recanto da Serra'],
  ['Informática', 'Bit a Bit'],
  ['Cosméticos', 'Beleza Natural'],
];
const suffixes = ['Ltda', 'Ltda', 'ME', 'EIRELI', 'S.A.', 'Ltda'];
const cities = [
  ['São Paulo', 'SP', '01310100', 'Avenida Paulista'],
  ['Campinas', 'SP', '13010111', 'Rua Barão de Jaguara'],
  ['Belo Horizonte', 'MG', '30130010', 'Avenida Afonso Pena'],
  ['Rio de Janeiro', 'RJ', '20040020', 'Avenida Rio Branco'],
  ['Curitiba', 'PR', '80020310', 'Rua XV de Novembro'],
  ['Porto Alegre', 'RS', '90010150', 'Rua dos Andradas'],
  ['Salvador', 'BA', '40020000', 'Avenida Sete de Setembro'],
  ['Recife', 'PE', '50030230', 'Rua do Bom Jesus'],
] as const;
const roles = ['Sócio-administrador', 'Financeiro', 'Gerente', 'Assistente administrativo', 'Proprietária'];
const ddds = ['11', '19', '31', '21', '41', '51', '71', '81'];

const services = [
  ['Contabilidade mensal', 'Escrituração contábil, balancetes e demonstrações.', 120000, 'Contábil'],
  ['Folha de pagamento', 'Folha, pró-labore, eSocial e encargos.', 45000, 'Departamento Pessoal'],
  ['Apuração de impostos', 'Simples Nacional, Lucro Presumido e obrigações acessórias.', 60000, 'Fiscal'],
  ['Abertura de empresa', 'Contrato social, CNPJ, inscrições e alvarás.', 150000, 'Societário'],
  ['Alteração contratual', 'Mudança de sócios, endereço ou atividade.', 90000, 'Societário'],
  ['Declaração de IRPF', 'Imposto de renda de pessoa física.', 35000, 'Fiscal'],
  ['Certificado digital', 'Emissão e renovação de certificado A1/A3.', 22000, 'Atendimento'],
  ['Consultoria tributária', 'Planejamento tributário e revisão de regime.', 250000, 'Fiscal'],
] as const;

/**
 * Creates the demo office: five users with professions, a service catalog and about 50 clients with
 * valid numeric and alphanumeric CNPJs, CPFs, contacts and birthdays. Deterministic.
 */
export async function seedDemoOffice(ctx: AppContext): Promise<{ officeId: string }> {
  // Deterministic, so every demo office looks the same.
  const rnd = seededRandom(2026);
  const pick = <T>(list: readonly T[]): T => pickFrom(list, rnd);
  const office = await createOffice(ctx, {
    name: 'Escritório Contábil Exemplo',
    cnpj: '11222333000181',
    state: 'SP',
    city: 'São Paulo',
    clientClasses: ['A', 'B', 'C'],
  });
  const professions = new Map((await getProfessions(ctx, office.id)).map((p) => [p.name, p.id]));
  const system: Actor = { officeId: office.id, userId: null };

  const admin = await createUser(ctx, system, {
    name: 'Mariana Costa',
    email: DEMO_LOGIN.email,
    role: 'admin',
    supervisorId: null,
    professionIds: [professions.get('Contador')!],
    password: DEMO_LOGIN.password,
    active: true,
  });
  const staffSpecs = [
    ['Ricardo Almeida', 'ricardo@demo.expediente.app', 'Analista Fiscal'],
    ['Juliana Pereira', 'juliana@demo.expediente.app', 'Analista de Departamento Pessoal'],
    ['Fernando Lima', 'fernando@demo.expediente.app', 'Analista Contábil'],
    ['Camila Rocha', 'camila@demo.expediente.app', 'Atendimento'],
  ] as const;
  const staff: { id: string }[] = [];
  for (const [name, email, profession] of staffSpecs) {
    staff.push(
      await createUser(ctx, system, {
        name,
        email,
        role: 'staff',
        supervisorId: admin.id,
        professionIds: [professions.get(profession)!],
        password: DEMO_LOGIN.password,
        active: true,
      }),
    );
  }
  const actor: Actor = { officeId: office.id, userId: admin.id };

  for (const [name, description, cents, department] of services) {
    await createCatalogService(ctx, actor, {
      name,
      description,
      defaultValueCents: cents,
      department,
      active: true,
    });
  }

  const today = ctx.clock.now();
  const clientIds: string[] = [];
  await writeTransaction(ctx, async (trx) => {
    for (let i = 0; i < 50; i++) {
      const isPerson = i % 10 === 9;
      const [kind, brand] = businesses[i % businesses.length]!;
      const [city, state, cep, street] = pick(cities);
      const ddd = pick(ddds);
      const person = `${pick(firstNames)} ${pick(lastNames)}`;
      const legalName = isPerson ? `${person} ${pick(lastNames)}` : `${kind} ${brand} ${pick(suffixes)}`;
      const document = isPerson
        ? generateCpf({ random: rnd })
        : generateCnpj({ alphanumeric: i % 3 === 0, random: rnd });
      const slug = brand
        .normalize('NFD')
        .replace(/\p{Diacritic}/gu, '')
        .toLowerCase()
        .replace(/\W+/g, '');
      const client = await insertClient(
        trx,
        actor,
        {
          legalName,
          tradeName: isPerson ? null : brand,
          document: { kind: isPerson ? 'cpf' : 'cnpj', value: document },
          stateRegistration: isPerson ? null : String(100000000 + Math.floor(rnd() * 899999999)),
          emails: i % 12 === 5 ? [] : [`contato@${slug}${i}.com.br`],
          whatsapp: `+55${ddd}9${String(10000000 + Math.floor(rnd() * 89999999))}`,
          phone: `+55${ddd}3${String(1000000 + Math.floor(rnd() * 8999999))}`,
          cep,
          street,
          number: String(10 + Math.floor(rnd() * 2000)),
          complement: rnd() < 0.3 ? `Sala ${Math.floor(rnd() * 900) + 100}` : null,
          district: 'Centro',
          city,
          state,
          status: i % 11 === 7 ? 'inactive' : 'active',
          class: pick(['A', 'B', 'B', 'C', 'C', 'C']),
          tags: rnd() < 0.4 ? [pick(['Simples Nacional', 'Lucro Presumido', 'MEI', 'Lucro Real'])] : [],
          notes: null,
          // Realistic consent: most clients agreed to WhatsApp, a few declined informative e-mail. From `i`,
          // not `rnd()`, so the rest of the demo data stays what it was.
          whatsappOptIn: i % 5 !== 3,
          emailOptOut: i % 23 === 9,
          responsibles: [
            { professionId: professions.get('Contador')!, userId: admin.id },
            { professionId: professions.get('Analista Fiscal')!, userId: staff[0]!.id },
            { professionId: professions.get('Analista de Departamento Pessoal')!, userId: staff[1]!.id },
          ],
        },
        today,
      );
      clientIds.push(client.id);
    }
  });

  // Contacts, with birthdays spread over the year and a few today.
  for (const [i, clientId] of clientIds.entries()) {
    const contacts = 1 + (i % 3 === 0 ? 1 : 0);
    for (let c = 0; c < contacts; c++) {
      const name = `${pick(firstNames)} ${pick(lastNames)}`;
      const birthday =
        i % 17 === 0
          ? `1985-${today.toISOString().slice(5, 10)}`
          : `${1960 + Math.floor(rnd() * 40)}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
      const email = `${name
        .split(' ')[0]!
        .toLowerCase()
        .normalize('NFD')
        .replace(/\p{Diacritic}/gu, '')}.${i}${c}@exemplo.com.br`;
      await createContact(ctx, actor, clientId, {
        name,
        role: pick(roles),
        email,
        whatsapp: `+55${pick(ddds)}9${String(10000000 + Math.floor(rnd() * 89999999))}`,
        birthday,
        emailOptOut: i % 19 === 4,
        whatsappOptIn: rnd() < 0.7,
      });
    }
  }
  await seedDemoBilling(ctx, actor, clientIds);
  await seedDemoCertificates(ctx, office.id, actor);
  await seedDemoRoutines(ctx, actor, clientIds);
  await seedDemoTickets(ctx, actor, clientIds);
  await seedDemoCollection(ctx, actor, clientIds);
  await seedDemoProcesses(ctx, actor, clientIds);
  await seedDemoTasks(ctx, { officeId: office.id, userId: admin.id }, staff[0]!.id, clientIds);
  return { officeId: office.id };
}

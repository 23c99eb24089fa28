/**
 * The world of the routines simulation (simulation.test.ts): one office in São Paulo whose twenty clients
 * give every routine kind something to do between 2027-01-01 and 2027-03-31, the events of those months
 * (payments, tickets, certidões, a renewed certificate, a new ERP export, a new fee contract), and the
 * machinery that drives it on the fake clock:
 *
 * - a **process** is what `expediente start` runs: a scheduler tick and a worker, on a database connection
 *   of its own. It can be stopped gracefully, or **crash** at a chosen point of a routine run — before the
 *   run's batch commits, or after it commits and before the job is finished — after which it is dead: its
 *   connection answers nothing, nothing ticks, and only a new process (with a new connection) goes on;
 * - the **driver** moves the clock from one schedule occurrence to the next (30 s after it, within the
 *   scheduler's grace), ticks and drains the worker, and applies each event at its instant.
 *
 * Everything here goes through the product's own services (createClient, saveRoutine, payInvoice…); the
 * expected notices are computed independently, in the test, from the specs below.
 */
import { join } from 'node:path';
import {
  InsertQueryNode,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import type { AppContext } from '../../src/server/context.js';
import { type DatabaseHandle, openDatabase } from '../../src/server/db/database.js';
import { feeContractBody } from '../../src/server/modules/billing/billing.schema.js';
import { payInvoice, saveFeeContract, savePixSettings } from '../../src/server/modules/billing/index.js';
import { createCertidaoBody } from '../../src/server/modules/certificates/certidoes.schema.js';
import { createCertidao, setRequiredTypes } from '../../src/server/modules/certificates/certidoes.service.js';
import { createCertificateBody } from '../../src/server/modules/certificates/certificates.schema.js';
import { createCertificate } from '../../src/server/modules/certificates/certificates.service.js';
import {
  createClient,
  createClientBody,
  createContact,
  createContactBody,
} from '../../src/server/modules/clients/index.js';
import { schedulerTick, Worker } from '../../src/server/modules/engine/index.js';
import { encryptSecret } from '../../src/server/modules/messaging/index.js';
import { storeChannelSettings } from '../../src/server/modules/messaging/messaging.service.js';
import { saveRoutine, saveRoutineBody } from '../../src/server/modules/routines/index.js';
import { uploadRoutineFile } from '../../src/server/modules/routines/routines.service.js';
import { createTicket, createTicketBody, postChat } from '../../src/server/modules/tickets/index.js';
import { makePfx } from '../certificates/helpers.js';
import { cnpj } from '../http/helpers.js';
import { seedOffice } from '../support/fixtures.js';
import type { TestContext } from '../support/test-db.js';
import type { WhatsAppStandIn } from '../support/whatsapp-standin.js';

// ---------------------------------------------------------------- time

/** São Paulo has had no daylight saving since 2019: civil time is UTC−3 all year. */
export const sp = (date: string, time: string): string => new Date(`${date}T${time}:00-03:00`).toISOString();

export const WINDOW = { from: '2027-01-01', to: '2027-03-31' } as const;
/** Fixtures are registered here; the clients exist from this instant. */
export const SETUP_AT = sp('2026-12-01', '09:00');
/** The office switches every routine on, on New Year's Eve. */
export const ACTIVATE_AT = sp('2026-12-31', '20:00');
/** The simulation ends after the last day's runs and deliveries. */
export const END_AT = sp('2027-03-31', '23:00');

/** Restart 1: a graceful one (deploy), between two days' runs. */
export const GRACEFUL_RESTART_AT = sp('2027-01-15', '12:00');
/** Restart 2: the process dies during the 08:00 certificates run, after its batch committed. */
export const CRASH_AFTER_COMMIT = { armAt: sp('2027-01-28', '07:50'), restartAt: sp('2027-01-28', '08:05') };
/**
 * Restart 3, the misfire: the process dies during the 09:00 birthdays run of Carnaval Tuesday, before its
 * batch commits, and the office stays down until the Monday after — six days without a tick.
 */
export const CRASH_BEFORE_COMMIT = { armAt: sp('2027-02-09', '08:45'), restartAt: sp('2027-02-15', '05:45') };
/** The ERP export the office uploads on 1 February (v2) is first read by the 06:00 run of the 2nd. */
export const ERP_V2_UPLOADED_AT = sp('2027-02-01', '12:00');

// ---------------------------------------------------------------- the clients

export type CertidaoType = 'federal' | 'fgts' | 'trabalhista' | 'estadual' | 'municipal';
export type CertidaoStatus = 'negativa' | 'positiva_efeitos_negativa' | 'positiva';

export interface ContactSpec {
  handle: string;
  name: string;
  birthday: string | null;
  /** Default: an e-mail address. */
  email?: boolean;
  whatsapp?: string;
  whatsappOptIn?: boolean;
  emailOptOut?: boolean;
}

export interface CertificateSpec {
  handle: string;
  /** The A1's notAfter instant. */
  notAfter: string;
  /** When the office uploads it (default: at setup). */
  registeredAt?: string;
}

export interface CertidaoSpec {
  handle: string;
  type: CertidaoType;
  status: CertidaoStatus;
  issuedOn: string;
  validUntil: string;
  registeredAt?: string;
}

export interface ContractSpec {
  amountCents: number;
  dueRule: 'day' | 'business_day';
  dueDay: number;
  startPeriod: string;
  /** When the contract is registered (default: at setup). */
  signedAt?: string;
}

export interface TicketSpec {
  handle: string;
  subject: string;
  openedAt: string;
  /** The responsible (and creator): the staff user (supervised by the admin) or the admin. */
  by: 'staff' | 'admin';
  /** Internal chat messages by the responsible, each an instant. */
  chats: string[];
}

export interface ClientSpec {
  handle: string;
  legalName: string;
  n: number;
  email: boolean;
  /** The staff user is the client's Analista Fiscal (fiscal notices go to them; otherwise to the admin). */
  fiscalStaff: boolean;
  classAtStart: string | null;
  /** Monthly fee in the ERP export (v1), and in v2 when it changes. */
  feeV1: number;
  feeV2?: number;
  /** The ERP's v2 export says "inativo". */
  inactiveInV2?: boolean;
  contacts: ContactSpec[];
  certificates: CertificateSpec[];
  /** The certidão types the client must keep ('default': all five for a CNPJ). */
  requiredCertidoes: CertidaoType[] | 'default';
  certidoes: CertidaoSpec[];
  contract?: ContractSpec;
  /** Competência → the day the client pays it (18:00). Absent: never paid. */
  payments?: Record<string, string>;
  tickets: TicketSpec[];
}

const c = (
  spec: Partial<ClientSpec> & Pick<ClientSpec, 'handle' | 'legalName' | 'n' | 'classAtStart' | 'feeV1'>,
): ClientSpec => ({
  email: true,
  fiscalStaff: false,
  contacts: [],
  certificates: [],
  requiredCertidoes: [],
  certidoes: [],
  tickets: [],
  ...spec,
});

const validAll = (handle: string, status: Partial<Record<CertidaoType, CertidaoStatus>> = {}) =>
  (['federal', 'fgts', 'trabalhista', 'estadual', 'municipal'] as const).map(
    (type): CertidaoSpec => ({
      handle: `${handle}-${type}`,
      type,
      status: status[type] ?? 'negativa',
      issuedOn: '2026-11-20',
      validUntil: type === 'estadual' ? '2027-04-30' : '2027-12-31',
    }),
  );

export const CLIENTS: ClientSpec[] = [
  c({
    handle: 'padaria',
    legalName: 'Padaria Estrela Ltda',
    n: 5001,
    fiscalStaff: true,
    classAtStart: 'B',
    feeV1: 150_000,
    contacts: [
      {
        handle: 'carla',
        name: 'Carla Souza',
        birthday: '1980-01-14',
        whatsapp: '(11) 98765-0001',
        whatsappOptIn: true,
      },
      { handle: 'diego', name: 'Diego Lima', birthday: '1990-03-03', emailOptOut: true },
    ],
    certificates: [{ handle: 'padaria-a1', notAfter: '2027-02-20T15:00:00.000Z' }],
    requiredCertidoes: ['federal', 'fgts'],
    certidoes: [
      {
        handle: 'padaria-federal',
        type: 'federal',
        status: 'negativa',
        issuedOn: '2026-11-10',
        validUntil: '2027-06-30',
      },
      {
        handle: 'padaria-fgts',
        type: 'fgts',
        status: 'negativa',
        issuedOn: '2026-11-10',
        validUntil: '2027-05-31',
      },
    ],
    contract: { amountCents: 150_000, dueRule: 'day', dueDay: 20, startPeriod: '2027-01' },
    payments: { '2027-01': '2027-01-20', '2027-02': '2027-02-22', '2027-03': '2027-03-20' },
    tickets: [
      {
        handle: 't1',
        subject: 'Alteração contratual',
        openedAt: sp('2027-01-04', '10:00'),
        by: 'staff',
        chats: [],
      },
    ],
  }),
  c({
    handle: 'mercado',
    legalName: 'Mercado Bom Preço Ltda',
    n: 5002,
    classAtStart: 'B',
    feeV1: 250_000,
    feeV2: 350_000,
    contacts: [{ handle: 'eva', name: 'Eva Rocha', birthday: '1975-02-14' }],
    contract: { amountCents: 250_000, dueRule: 'day', dueDay: 10, startPeriod: '2027-01' },
    payments: { '2027-01': '2027-01-25', '2027-02': '2027-02-16', '2027-03': '2027-03-10' },
  }),
  c({
    handle: 'oficina',
    legalName: 'Oficina Pistão Ltda',
    n: 5003,
    classAtStart: 'B', // its fee says C: moved on the first run
    feeV1: 80_000,
    contacts: [{ handle: 'rui', name: 'Rui Alves', birthday: '1988-02-11' }],
    contract: { amountCents: 80_000, dueRule: 'day', dueDay: 8, startPeriod: '2027-01' },
  }),
  c({
    handle: 'alfa',
    legalName: 'Consultoria Alfa S/A',
    n: 5004,
    classAtStart: null, // no class yet: A on the first run
    feeV1: 500_000,
    contacts: [{ handle: 'helena', name: 'Helena Prado', birthday: '1970-01-01' }],
    certificates: [{ handle: 'alfa-a1', notAfter: '2026-12-20T15:00:00.000Z' }],
    contract: { amountCents: 500_000, dueRule: 'business_day', dueDay: 5, startPeriod: '2027-01' },
    payments: { '2027-01': '2027-01-08', '2027-02': '2027-02-05', '2027-03': '2027-03-05' },
  }),
  c({
    handle: 'sem-email',
    legalName: 'Sem E-mail Comércio Ltda',
    n: 5005,
    email: false,
    classAtStart: 'C',
    feeV1: 60_000,
    contacts: [
      {
        handle: 'ivo',
        name: 'Ivo Neves',
        birthday: '1992-03-17',
        email: false,
        whatsapp: '(11) 98888-0001',
        whatsappOptIn: true,
      },
    ],
    contract: { amountCents: 60_000, dueRule: 'day', dueDay: 15, startPeriod: '2027-01' },
    payments: { '2027-01': '2027-01-15', '2027-02': '2027-02-15', '2027-03': '2027-03-15' },
  }),
  c({
    handle: 'clinica',
    legalName: 'Clínica Nova Ltda',
    n: 5006,
    classAtStart: 'C',
    feeV1: 90_000,
    // Signed on 20 February for February already: its February invoice is made after its due date.
    contract: {
      amountCents: 120_000,
      dueRule: 'day',
      dueDay: 10,
      startPeriod: '2027-02',
      signedAt: sp('2027-02-20', '12:00'),
    },
    payments: { '2027-02': '2027-02-26' },
  }),
  c({
    handle: 'parada',
    legalName: 'Oficina Parada Ltda',
    n: 5007,
    classAtStart: 'C',
    feeV1: 70_000,
    inactiveInV2: true,
    contacts: [
      { handle: 'jonas', name: 'Jonas Reis', birthday: '1983-01-20' },
      { handle: 'lia', name: 'Lia Reis', birthday: '1985-02-20' },
    ],
    certificates: [{ handle: 'parada-a1', notAfter: '2027-03-10T15:00:00.000Z' }],
  }),
  c({
    handle: 'transportes',
    legalName: 'Transportes Rápido Ltda',
    n: 5008,
    fiscalStaff: true,
    classAtStart: 'B',
    feeV1: 200_000,
    // 07:00 in São Paulo on the 10th: expired by the time the 08:00 run of that day looks.
    certificates: [{ handle: 'transportes-a1', notAfter: '2027-01-10T10:00:00.000Z' }],
    requiredCertidoes: 'default',
    certidoes: validAll('transportes', { estadual: 'positiva' }),
  }),
  c({
    handle: 'construtora',
    legalName: 'Construtora Horizonte Ltda',
    n: 5009,
    classAtStart: 'B',
    feeV1: 120_000,
    certificates: [{ handle: 'construtora-a1', notAfter: '2027-02-26T18:00:00.000Z' }],
  }),
  c({
    handle: 'farmacia',
    legalName: 'Farmácia Saúde Ltda',
    n: 5010,
    fiscalStaff: true,
    classAtStart: 'C',
    feeV1: 95_000,
    certificates: [{ handle: 'farmacia-a1', notAfter: '2027-02-12T15:00:00.000Z' }],
  }),
  c({
    handle: 'editora',
    legalName: 'Editora Página Ltda',
    n: 5011,
    classAtStart: 'A',
    feeV1: 300_000,
    contacts: [{ handle: 'wagner', name: 'Wagner Paz', birthday: null }],
    certificates: [{ handle: 'editora-a1', notAfter: '2027-04-20T15:00:00.000Z' }],
  }),
  c({
    handle: 'agro',
    legalName: 'Agro Campo Verde Ltda',
    n: 5012,
    classAtStart: 'B',
    feeV1: 180_000,
    certificates: [
      { handle: 'agro-a1', notAfter: '2027-03-05T15:00:00.000Z' },
      // Renewed on 25 February: the old one goes quiet before its 5-day warning.
      {
        handle: 'agro-a1-novo',
        notAfter: '2028-03-05T15:00:00.000Z',
        registeredAt: sp('2027-02-25', '12:00'),
      },
    ],
  }),
  c({
    handle: 'escola',
    legalName: 'Escola Aprender Ltda',
    n: 5013,
    classAtStart: 'B',
    feeV1: 110_000,
    requiredCertidoes: ['federal', 'fgts', 'trabalhista'],
    certidoes: [
      {
        handle: 'escola-federal',
        type: 'federal',
        status: 'negativa',
        issuedOn: '2026-07-19',
        validUntil: '2027-01-15',
      },
      {
        handle: 'escola-trab',
        type: 'trabalhista',
        status: 'negativa',
        issuedOn: '2026-10-01',
        validUntil: '2027-09-30',
      },
      {
        handle: 'escola-federal-2',
        type: 'federal',
        status: 'negativa',
        issuedOn: '2027-01-19',
        validUntil: '2027-07-18',
        registeredAt: sp('2027-01-20', '12:00'),
      },
      {
        handle: 'escola-fgts',
        type: 'fgts',
        status: 'negativa',
        issuedOn: '2027-01-19',
        validUntil: '2027-02-20',
        registeredAt: sp('2027-01-20', '12:00'),
      },
      {
        handle: 'escola-fgts-2',
        type: 'fgts',
        status: 'negativa',
        issuedOn: '2027-03-01',
        validUntil: '2027-08-31',
        registeredAt: sp('2027-03-01', '12:00'),
      },
    ],
  }),
  c({
    handle: 'restaurante',
    legalName: 'Restaurante Sabor Ltda',
    n: 5014,
    classAtStart: 'C',
    feeV1: 85_000,
    requiredCertidoes: 'default',
  }),
  c({
    handle: 'studio',
    legalName: 'Studio Foco Ltda',
    n: 5015,
    classAtStart: 'C',
    feeV1: 40_000,
    contacts: [
      { handle: 'nara', name: 'Nara Lopes', birthday: '1996-02-29' },
      { handle: 'otto', name: 'Otto Lopes', birthday: '1960-12-25' },
    ],
  }),
  c({
    handle: 'livraria',
    legalName: 'Livraria Ler Ltda',
    n: 5016,
    classAtStart: 'C',
    feeV1: 65_000,
    contacts: [
      { handle: 'paula', name: 'Paula Mendes', birthday: '1985-02-09' },
      { handle: 'quim', name: 'Quim Barros', birthday: '1979-03-31' },
    ],
  }),
  c({
    handle: 'petshop',
    legalName: 'Pet Shop Amigo Ltda',
    n: 5017,
    classAtStart: 'C',
    feeV1: 75_000,
    contacts: [{ handle: 'sara', name: 'Sara Dias', birthday: '1991-01-31', whatsapp: '(11) 97777-0001' }],
  }),
  c({
    handle: 'academia',
    legalName: 'Academia Forma Ltda',
    n: 5018,
    classAtStart: 'B',
    feeV1: 130_000,
    tickets: [
      {
        handle: 't2',
        subject: 'Folha de pagamento',
        openedAt: sp('2027-01-20', '10:00'),
        by: 'staff',
        chats: [sp('2027-01-26', '14:00')],
      },
    ],
  }),
  c({
    handle: 'grafica',
    legalName: 'Gráfica Cor Ltda',
    n: 5019,
    classAtStart: 'B',
    feeV1: 210_000,
    certificates: [{ handle: 'grafica-a1', notAfter: '2027-06-30T15:00:00.000Z' }], // far from expiring
    tickets: [
      { handle: 't3', subject: 'Parcelamento', openedAt: sp('2027-02-05', '11:00'), by: 'admin', chats: [] },
    ],
  }),
  c({
    handle: 'otica',
    legalName: 'Ótica Visão Ltda',
    n: 5020,
    classAtStart: 'C',
    feeV1: 50_000,
    contacts: [{ handle: 'tania', name: 'Tânia Luz', birthday: '1982-04-01' }],
  }),
];

export const clientSpec = (handle: string): ClientSpec => CLIENTS.find((x) => x.handle === handle)!;

// ---------------------------------------------------------------- the routines

/** Class transition rules: A from R$ 3.000, B from R$ 1.000, C below. */
export const CLASS_RULES = [
  { toClass: 'A', field: 'feeCents', op: '>=', value: 300_000 },
  { toClass: 'B', field: 'feeCents', op: 'between', value: 100_000, valueTo: 300_000 },
  { toClass: 'C', field: 'feeCents', op: '<', value: 100_000 },
] as const;

export interface RoutineSpec {
  kind: string;
  /** Fire time (São Paulo). */
  time: string;
  /** ISO weekdays it runs on (default every day). */
  weekdays?: number[];
  channels: ('email' | 'whatsapp')[];
  profession: 'Analista Fiscal' | null;
  config: Record<string, unknown>;
}

/**
 * Every kind of the catalog, active, with its natural schedule. Each has its own time, so a day's runs
 * happen in a known order (the ERP import before the class transition that reads its figures). A kind
 * added to the catalog must be added here: the catalog test fails until it is.
 */
export const ROUTINES: RoutineSpec[] = [
  { kind: 'clients.erp-import', time: '06:00', channels: [], profession: null, config: { source: 'csv' } },
  {
    kind: 'clients.class-transition',
    time: '06:30',
    channels: [],
    profession: null,
    config: { rules: CLASS_RULES, notifyResponsible: true },
  },
  {
    kind: 'billing.monthly-fees',
    time: '07:00',
    channels: ['email', 'whatsapp'],
    profession: null,
    config: { daysBeforeDue: 5 },
  },
  {
    kind: 'billing.overdue-fees',
    time: '07:30',
    channels: ['email', 'whatsapp'],
    profession: null,
    config: { reminderDays: [1, 5, 10] },
  },
  {
    kind: 'billing.fee-adjustment',
    time: '07:40',
    channels: ['email'],
    profession: null,
    config: { daysBefore: 30 },
  },
  {
    kind: 'routines.daily-digest',
    time: '07:45',
    channels: [],
    profession: null,
    config: { daysAhead: 7 },
  },
  {
    kind: 'certificates.expiring',
    time: '08:00',
    channels: ['email', 'whatsapp'],
    profession: 'Analista Fiscal',
    config: { thresholds: [30, 15, 5], notifyOnExpiry: true },
  },
  {
    kind: 'certidoes.expired',
    time: '08:30',
    channels: ['email', 'whatsapp'],
    profession: 'Analista Fiscal',
    config: { daysBefore: 10 },
  },
  {
    kind: 'contacts.birthdays',
    time: '09:00',
    channels: ['email', 'whatsapp'],
    profession: null,
    config: {},
  },
  {
    kind: 'tickets.stalled',
    time: '09:30',
    weekdays: [1, 2, 3, 4, 5],
    channels: [],
    profession: null,
    config: { businessDays: 3, notifySupervisor: true },
  },
  {
    kind: 'clients.idle-accounts',
    time: '10:00',
    weekdays: [1],
    channels: [],
    profession: null,
    config: { days: 45 },
  },
];

// ---------------------------------------------------------------- the world as registered

export interface World {
  seed: Awaited<ReturnType<typeof seedOffice>>;
  officeId: string;
  clients: Record<string, string>;
  documents: Record<string, string>;
  contacts: Record<string, string>;
  certificates: Record<string, string>;
  certidoes: Record<string, string>;
  tickets: Record<string, string>;
  routines: Record<string, { id: string; scheduleId: string }>;
}

const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

const clientEmail = (spec: ClientSpec) => `financeiro@${spec.handle.replace(/-/g, '')}.com.br`;

function erpCsv(version: 1 | 2): string {
  const money = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
  const rows = CLIENTS.map((s) => {
    const fee = version === 2 && s.feeV2 !== undefined ? s.feeV2 : s.feeV1;
    const status = version === 2 && s.inactiveInV2 ? 'inativo' : 'ativo';
    return `${cnpj(s.n)};${s.legalName};${status};${money(fee)}`;
  });
  // v2 carries a line with an invalid CNPJ: reported by line, never stopping the others.
  if (version === 2) rows.push('11.111.111/1111-11;Fantasma Ltda;ativo;1,00');
  return ['cnpj_cpf;razao_social;status;honorarios', ...rows].join('\n');
}

async function uploadErp(ctx: TestContext, version: 1 | 2) {
  return uploadRoutineFile(ctx, 'clients.erp-import', Buffer.from(erpCsv(version)), `contas-v${version}.csv`);
}

async function registerCertificate(ctx: TestContext, w: World, client: ClientSpec, cert: CertificateSpec) {
  const file = makePfx({
    holder: client.legalName.toUpperCase(),
    document: w.documents[client.handle]!,
    notAfter: cert.notAfter,
    notBefore: '2026-01-10T12:00:00Z',
    password: 'senha-a1',
    serial: (client.n * 100 + Object.keys(w.certificates).length).toString(16).padStart(12, '0'),
  });
  const { certificate } = await createCertificate(
    ctx,
    w.seed.actor,
    w.clients[client.handle]!,
    createCertificateBody.parse({ kind: 'a1', file: file.toString('base64'), password: 'senha-a1' }),
  );
  w.certificates[cert.handle] = certificate.id;
}

async function registerCertidao(ctx: TestContext, w: World, client: ClientSpec, spec: CertidaoSpec) {
  const certidao = await createCertidao(
    ctx,
    w.seed.actor,
    w.clients[client.handle]!,
    createCertidaoBody.parse({
      type: spec.type,
      status: spec.status,
      issuedOn: spec.issuedOn,
      validUntil: spec.validUntil,
    }),
  );
  w.certidoes[spec.handle] = certidao.id;
}

async function signContract(ctx: TestContext, w: World, client: ClientSpec) {
  const k = client.contract!;
  await saveFeeContract(
    ctx,
    w.seed.actor,
    w.clients[client.handle]!,
    feeContractBody.parse({
      amountCents: k.amountCents,
      dueRule: k.dueRule,
      dueDay: k.dueDay,
      startPeriod: k.startPeriod,
    }),
  );
}

/** The office, its users, channels and clients as they stand on 1 December 2026. */
export async function seedWorld(ctx: TestContext, wa: WhatsAppStandIn): Promise<World> {
  ctx.clock.set(SETUP_AT);
  const seed = await seedOffice(ctx);
  const officeId = seed.office.id;
  const w: World = {
    seed,
    officeId,
    clients: {},
    documents: {},
    contacts: {},
    certificates: {},
    certidoes: {},
    tickets: {},
    routines: {},
  };
  await savePixSettings(ctx, seed.actor, {
    keyKind: 'email',
    key: 'financeiro@escritorio.com.br',
    merchantName: 'Escritório Teste',
    merchantCity: 'São Paulo',
  });
  // WhatsApp against the local stand-in of the Cloud API, with the birthday template approved by "Meta".
  wa.approved.set('expediente_aniversario', 2);
  await storeChannelSettings(
    ctx,
    seed.actor,
    'whatsapp',
    {
      baseUrl: wa.baseUrl,
      apiVersion: 'v21.0',
      phoneNumberId: wa.phoneNumberId,
      tokenEnc: encryptSecret(wa.token, ctx.config.secretKey),
      appSecretEnc: encryptSecret(wa.appSecret, ctx.config.secretKey),
      verifyToken: 'verificacao-simulacao',
      language: 'pt_BR',
    },
    { before: null, after: { configured: true } },
  );

  const fiscal = seed.professions.get('Analista Fiscal')!;
  for (const spec of CLIENTS) {
    const client = await createClient(
      ctx,
      seed.actor,
      createClientBody.parse({
        legalName: spec.legalName,
        document: cnpj(spec.n),
        emails: spec.email ? [clientEmail(spec)] : [],
        class: spec.classAtStart,
        responsibles: spec.fiscalStaff ? [{ professionId: fiscal, userId: seed.staff.id }] : [],
      }),
    );
    w.clients[spec.handle] = client.id;
    w.documents[spec.handle] = client.document;
    for (const contact of spec.contacts) {
      const made = await createContact(
        ctx,
        seed.actor,
        client.id,
        createContactBody.parse({
          name: contact.name,
          email:
            contact.email === false
              ? null
              : `${slug(contact.name.split(' ')[0]!)}@${spec.handle.replace(/-/g, '')}.com.br`,
          whatsapp: contact.whatsapp ?? null,
          whatsappOptIn: contact.whatsappOptIn ?? false,
          emailOptOut: contact.emailOptOut ?? false,
          birthday: contact.birthday,
        }),
      );
      w.contacts[contact.handle] = made.id;
    }
    for (const cert of spec.certificates)
      if (!cert.registeredAt) await registerCertificate(ctx, w, spec, cert);
    await setRequiredTypes(
      ctx,
      seed.actor,
      client.id,
      spec.requiredCertidoes === 'default' ? null : spec.requiredCertidoes,
    );
    for (const certidao of spec.certidoes)
      if (!certidao.registeredAt) await registerCertidao(ctx, w, spec, certidao);
    if (spec.contract && !spec.contract.signedAt) await signContract(ctx, w, spec);
  }
  return w;
}

/** On New Year's Eve the office configures every routine of the catalog and switches it on. */
export async function activateRoutines(ctx: TestContext, w: World) {
  ctx.clock.set(ACTIVATE_AT);
  const file = await uploadErp(ctx, 1);
  for (const r of ROUTINES) {
    const detail = await saveRoutine(
      ctx,
      w.seed.actor,
      r.kind,
      saveRoutineBody.parse(routineInput(w, r, file)),
    );
    w.routines[r.kind] = { id: detail.id!, scheduleId: detail.schedule!.id! };
  }
}

function routineInput(w: World, r: RoutineSpec, file: unknown) {
  return {
    active: true,
    settings: {
      professionId: r.profession ? w.seed.professions.get(r.profession)! : null,
      channels: r.channels,
    },
    config: r.kind === 'clients.erp-import' ? { ...r.config, file } : r.config,
    schedule: r.weekdays
      ? { type: 'weekly', weekdays: r.weekdays, times: [r.time] }
      : { type: 'daily', times: [r.time] },
  };
}

// ---------------------------------------------------------------- processes

/** Thrown by every query of a process that has crashed. */
export class ProcessDied extends Error {
  constructor(readonly process: string) {
    super(`process ${process} died`);
  }
}

/**
 * Kills a process at a chosen point of a routine run, seen from its database connection:
 * - `before-commit`: at the run's first message insert — the batch's transaction rolls back;
 * - `after-commit`: at the first run-log line written after messages were inserted — the batch committed
 *   (messages and their deliveries queued), the job is not finished.
 * From then on every query of the process fails: it is dead, as after a kill -9.
 */
class CrashSwitch implements KyselyPlugin {
  mode: 'off' | 'before-commit' | 'after-commit' = 'off';
  dead = false;
  #sawMessage = false;
  constructor(readonly process: string) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.dead) throw new ProcessDied(this.process);
    const node = args.node;
    if (this.mode !== 'off' && InsertQueryNode.is(node)) {
      const table = node.into?.table.identifier.name;
      if (table === 'messages') {
        if (this.mode === 'before-commit') this.#die();
        this.#sawMessage = true;
      } else if (table === 'job_logs' && this.#sawMessage) {
        this.#die();
      }
    }
    return node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }

  #die(): never {
    this.dead = true;
    throw new ProcessDied(this.process);
  }
}

/** One `expediente start`: its own database connection, a scheduler tick and a worker. */
export class SimProcess {
  readonly app: AppContext;
  readonly worker: Worker;
  readonly crash: CrashSwitch;
  readonly #handle: DatabaseHandle;
  ticks = 0;

  constructor(
    ctx: TestContext,
    readonly name: string,
  ) {
    this.#handle =
      ctx.dialect === 'sqlite'
        ? openDatabase({ sqliteFile: join(ctx.config.dataDir, 'test.sqlite') })
        : openDatabase({ databaseUrl: ctx.config.databaseUrl, poolSize: 3 });
    this.crash = new CrashSwitch(name);
    this.app = {
      db: this.#handle.db.withPlugin(this.crash),
      dialect: ctx.dialect,
      clock: ctx.clock,
      config: ctx.config,
      log: ctx.log,
    };
    // One job at a time: the day's runs happen in a known order, as in a small office's single process.
    this.worker = new Worker(this.app, { id: name, concurrency: 1 });
  }

  get dead(): boolean {
    return this.crash.dead;
  }

  /** A scheduler pass, then the worker runs everything due (runs, then their deliveries). */
  async tickAndDrain(): Promise<void> {
    if (this.dead) return;
    this.ticks++;
    await schedulerTick(this.app);
    try {
      await this.worker.runOnce();
    } catch (err) {
      if (!(err instanceof ProcessDied)) throw err;
    }
  }

  /** Graceful: the worker drains and leaves; the connection is closed. A dead process just goes away. */
  async stop(): Promise<void> {
    if (!this.dead) await this.worker.stop();
    await this.#handle.destroy();
  }
}

// ---------------------------------------------------------------- the driver

export interface TimelineEvent {
  at: string;
  label: string;
  run(sim: Simulation): Promise<void>;
}

export class Simulation {
  proc: SimProcess;
  readonly processes: string[] = [];
  #n = 0;

  constructor(
    readonly ctx: TestContext,
    readonly world: World,
  ) {
    this.proc = this.#spawn();
  }

  #spawn(): SimProcess {
    const p = new SimProcess(this.ctx, `processo-${++this.#n}`);
    this.processes.push(p.name);
    return p;
  }

  /** The earliest next occurrence of an active schedule, as the scheduler will see it. */
  async #nextFireAt(): Promise<number | null> {
    const r = await this.ctx.db
      .selectFrom('schedules')
      .select((eb) => eb.fn.min('next_fire_at').as('next'))
      .where('paused', '=', 0)
      .executeTakeFirst();
    return r?.next ? Date.parse(r.next as string) : null;
  }

  /** Moves the clock to `target`, ticking 30 s after each occurrence on the way (none while down). */
  async advanceTo(target: string): Promise<void> {
    const end = Date.parse(target);
    for (;;) {
      const next = this.proc.dead ? null : await this.#nextFireAt();
      const at = next === null ? null : Math.max(next + 30_000, this.ctx.clock.now().getTime());
      if (at === null || at > end) {
        this.ctx.clock.set(new Date(end));
        return;
      }
      this.ctx.clock.set(new Date(at));
      await this.proc.tickAndDrain();
    }
  }

  /** A new process replaces the current one (stopped gracefully, or already dead), and ticks at once. */
  async restart(): Promise<void> {
    await this.proc.stop();
    this.proc = this.#spawn();
    await this.proc.tickAndDrain();
  }

  async run(events: TimelineEvent[], until: string): Promise<void> {
    for (const e of [...events].sort((a, b) => a.at.localeCompare(b.at))) {
      await this.advanceTo(e.at);
      await e.run(this);
    }
    await this.advanceTo(until);
    await this.proc.tickAndDrain();
    await this.proc.stop();
  }
}

// ---------------------------------------------------------------- the months' events

/** What happens in the office between New Year and the end of March, beside the routines. */
export function timeline(ctx: TestContext, w: World): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  const at = (instant: string, label: string, run: (sim: Simulation) => Promise<void>) =>
    events.push({ at: instant, label, run });
  const actorOf = (who: 'staff' | 'admin') => ({
    officeId: w.officeId,
    userId: who === 'staff' ? w.seed.staff.id : w.seed.admin.id,
  });

  at(GRACEFUL_RESTART_AT, 'deploy: graceful restart', (sim) => sim.restart());
  at(CRASH_AFTER_COMMIT.armAt, 'the next run will die after its commit', async (sim) => {
    sim.proc.crash.mode = 'after-commit';
  });
  at(CRASH_AFTER_COMMIT.restartAt, 'restart after the crash', (sim) => sim.restart());
  at(CRASH_BEFORE_COMMIT.armAt, 'the next run will die before its commit', async (sim) => {
    sim.proc.crash.mode = 'before-commit';
  });
  at(CRASH_BEFORE_COMMIT.restartAt, 'restart after six days down', (sim) => sim.restart());
  at(ERP_V2_UPLOADED_AT, 'the office uploads the new ERP export', async () => {
    const file = await uploadErp(ctx, 2);
    const r = ROUTINES.find((x) => x.kind === 'clients.erp-import')!;
    await saveRoutine(ctx, w.seed.actor, r.kind, saveRoutineBody.parse(routineInput(w, r, file)));
  });

  for (const spec of CLIENTS) {
    for (const cert of spec.certificates) {
      if (cert.registeredAt)
        at(cert.registeredAt, `${spec.handle}: certificate ${cert.handle}`, () =>
          registerCertificate(ctx, w, spec, cert),
        );
    }
    for (const certidao of spec.certidoes) {
      if (certidao.registeredAt)
        at(certidao.registeredAt, `${spec.handle}: certidão ${certidao.handle}`, () =>
          registerCertidao(ctx, w, spec, certidao),
        );
    }
    if (spec.contract?.signedAt)
      at(spec.contract.signedAt, `${spec.handle}: fee contract`, () => signContract(ctx, w, spec));
    for (const [period, on] of Object.entries(spec.payments ?? {})) {
      at(sp(on, '18:00'), `${spec.handle}: pays ${period}`, async () => {
        const invoice = await ctx.db
          .selectFrom('invoices')
          .select('id')
          .where('client_id', '=', w.clients[spec.handle]!)
          .where('period', '=', period)
          .where('status', '=', 'open')
          .executeTakeFirst();
        if (!invoice) throw new Error(`${spec.handle} has no open invoice for ${period} on ${on}`);
        await payInvoice(ctx, w.seed.actor, invoice.id, { note: null });
      });
    }
    for (const t of spec.tickets) {
      at(t.openedAt, `${spec.handle}: opens ${t.handle}`, async () => {
        const actor = actorOf(t.by);
        const ticket = await createTicket(
          ctx,
          actor,
          createTicketBody.parse({
            clientId: w.clients[spec.handle]!,
            subject: t.subject,
            responsibleId: actor.userId,
          }),
        );
        w.tickets[t.handle] = ticket.id;
      });
      for (const chat of t.chats) {
        at(chat, `${spec.handle}: chat on ${t.handle}`, async () => {
          await postChat(ctx, actorOf(t.by), w.tickets[t.handle]!, {
            body: 'Cobrei o cliente.',
            internal: true,
          });
        });
      }
    }
  }
  return events;
}

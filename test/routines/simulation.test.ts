/**
 * Acceptance: three months of an office with every routine on, on a fake clock, on both dialects.
 *
 * The world (simulation-world.ts): one office in São Paulo, twenty clients with contacts and birthdays,
 * A1 certificates, certidões, fee contracts, tickets, and the months' events (payments, a new ERP export,
 * a renewal, a new contract). Every routine kind of the catalog is switched on through `saveRoutine` with
 * its natural schedule; the clock moves occurrence by occurrence from 1 January to 31 March 2027; the
 * process is restarted three times — a deploy, a crash after a run's batch committed, and a crash before
 * it committed followed by six days down (the misfire).
 *
 * The expected notices are computed here, independently, from the world's specs and the routines'
 * documented rules (docs/routines.md) over the days each routine actually runs; the `messages` table must
 * hold exactly that set of idempotency keys, each once, each delivered (or visibly skipped) once.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarOf } from '../../src/server/modules/engine/index.js';
import { getOffice } from '../../src/server/modules/platform/index.js';
import { listCatalog } from '../../src/server/modules/routines/index.js';
import { createTestContext, dialects, type TestContext } from '../support/test-db.js';
import { startWhatsAppStandIn, type WhatsAppStandIn } from '../support/whatsapp-standin.js';
import {
  activateRoutines,
  type CertidaoType,
  CLASS_RULES,
  CLIENTS,
  type ClientSpec,
  type ContactSpec,
  CRASH_AFTER_COMMIT,
  CRASH_BEFORE_COMMIT,
  clientSpec,
  END_AT,
  ERP_V2_UPLOADED_AT,
  ROUTINES,
  type RoutineSpec,
  SETUP_AT,
  Simulation,
  seedWorld,
  sp,
  timeline,
  WINDOW,
  type World,
} from './simulation-world.js';

// ---------------------------------------------------------------- civil dates, written out for the model

const DAY_MS = 86_400_000;
const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const daysFrom = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
const isoWeekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay() || 7;
/** The civil date in São Paulo (UTC−3) of an instant. */
const spDate = (instant: string) => new Date(Date.parse(instant) - 3 * 3_600_000).toISOString().slice(0, 10);
const windowDays: string[] = [];
for (let d: string = WINDOW.from; d <= WINDOW.to; d = addDays(d, 1)) windowDays.push(d);

/**
 * The days the office is closed in the window (São Paulo, the city): New Year, the city's anniversary,
 * Carnaval Monday and Tuesday, Good Friday. Checked against the product's calendar below.
 */
const HOLIDAYS = new Set(['2027-01-01', '2027-01-25', '2027-02-08', '2027-02-09', '2027-03-26']);
const isBusinessDay = (d: string) => isoWeekday(d) <= 5 && !HOLIDAYS.has(d);
/** Business days in (a, b]. */
const businessDaysBetween = (a: string, b: string) => {
  let n = 0;
  for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (isBusinessDay(d)) n++;
  return n;
};
const nthBusinessDay = (period: string, n: number) => {
  let d = `${period}-01`;
  for (let seen = 0; ; d = addDays(d, 1)) if (isBusinessDay(d) && ++seen === n) return d;
};
const daysInMonth = (period: string) => {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
};
const nextPeriod = (period: string) => addDays(`${period}-01`, daysInMonth(period)).slice(0, 7);

// ---------------------------------------------------------------- when each routine runs

interface Run {
  date: string;
  /** The occurrence's instant: the run's `at`, also when it runs late. */
  at: string;
}

const occurrencesOf = (r: RoutineSpec) =>
  windowDays.filter((d) => !r.weekdays || r.weekdays.includes(isoWeekday(d))).map((d) => sp(d, r.time));

/** The tick that fires an occurrence: 30 s after it. */
const tickOf = (at: string) => new Date(Date.parse(at) + 30_000).toISOString();
/** The first run ticked after `instant`: the run a crash armed at `instant` hits. */
const firstRunAfter = (instant: string) =>
  ROUTINES.flatMap((r) => occurrencesOf(r).map((at) => ({ kind: r.kind, at })))
    .filter((o) => tickOf(o.at) > instant)
    .sort((a, b) => a.at.localeCompare(b.at))[0]!;

const CRASHED_AFTER_COMMIT = firstRunAfter(CRASH_AFTER_COMMIT.armAt);
const CRASHED_BEFORE_COMMIT = firstRunAfter(CRASH_BEFORE_COMMIT.armAt);
/** The process died at the tick of that run (30 s after the occurrence) and ticked again at the restart. */
const DOWN = { from: tickOf(CRASHED_BEFORE_COMMIT.at), to: CRASH_BEFORE_COMMIT.restartAt };
/** The ERP export v2 is read by the first import run after its upload: from then on its figures hold. */
const ERP_V2_AT = occurrencesOf(ROUTINES.find((r) => r.kind === 'clients.erp-import')!).find(
  (at) => at > ERP_V2_UPLOADED_AT,
)!;

/**
 * Runs and missed occurrences of a routine. An occurrence that fell while the process was down is missed,
 * except the latest one of each schedule: the misfire policy of routines is `once`, so it runs (late) at
 * the restart, on its own date.
 */
function scheduleOf(r: RoutineSpec): { runs: Run[]; missed: string[] } {
  const all = occurrencesOf(r);
  const down = all.filter((at) => at > DOWN.from && at < DOWN.to);
  const missed = down.slice(0, -1);
  return {
    runs: all.filter((at) => !missed.includes(at)).map((at) => ({ at, date: spDate(at) })),
    missed,
  };
}
const runsOf = (kind: string) => scheduleOf(ROUTINES.find((r) => r.kind === kind)!).runs;

// ---------------------------------------------------------------- the model of each routine

type Status = 'delivered' | 'sent' | 'skipped';
interface Expected {
  key: string;
  status: Status;
}

class Expectation {
  readonly notices = new Map<string, Status>();
  constructor(
    readonly w: World,
    readonly invoiceId: (client: string, period: string) => string,
  ) {}

  add(key: string, status: Status) {
    this.notices.set(key, status); // the same key twice is one notice: that is the rule under test
  }
  /** The client's company e-mail; WhatsApp never reaches a client (only contacts opt in). */
  client(base: string, spec: ClientSpec, channels: string[]) {
    for (const ch of channels)
      this.add(`${base}:${ch}`, ch === 'email' && spec.email ? 'delivered' : 'skipped');
  }
  contact(base: string, spec: ContactSpec, channels: string[]) {
    for (const ch of channels) {
      const reachable =
        ch === 'email'
          ? spec.email !== false && !spec.emailOptOut
          : !!spec.whatsapp && spec.whatsappOptIn === true;
      this.add(`${base}:${ch}`, reachable ? (ch === 'email' ? 'delivered' : 'sent') : 'skipped');
    }
  }
  staff(base: string, user: 'staff' | 'admin') {
    const id = user === 'staff' ? this.w.seed.staff.id : this.w.seed.admin.id;
    this.add(`${base}:staff:${id}`, 'delivered');
  }
  list(): Expected[] {
    return [...this.notices].map(([key, status]) => ({ key, status }));
  }
}

const routine = (kind: string) => ROUTINES.find((r) => r.kind === kind)!;
const activeAt = (s: ClientSpec, at: string) => !(s.inactiveInV2 && at > ERP_V2_AT);
const registered = (when: string | undefined, at: string) => (when ?? SETUP_AT) < at;

function birthdays(x: Expectation) {
  const { channels } = routine('contacts.birthdays');
  for (const run of runsOf('contacts.birthdays')) {
    const year = Number(run.date.slice(0, 4));
    const leap = new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1;
    const today = [run.date.slice(5), ...(run.date.slice(5) === '02-28' && !leap ? ['02-29'] : [])];
    for (const s of CLIENTS.filter((c) => activeAt(c, run.at)))
      for (const contact of s.contacts)
        if (contact.birthday && today.includes(contact.birthday.slice(5)))
          x.contact(`birthday:${x.w.contacts[contact.handle]}:${year}`, contact, channels);
  }
}

function certificates(x: Expectation) {
  const { channels } = routine('certificates.expiring');
  const thresholds = [30, 15, 5];
  const done = new Set<string>();
  for (const run of runsOf('certificates.expiring')) {
    for (const s of CLIENTS.filter((c) => activeAt(c, run.at))) {
      const mine = s.certificates.filter((c) => registered(c.registeredAt, run.at));
      for (const cert of mine) {
        if (done.has(cert.handle)) continue;
        if (mine.some((n) => n.notAfter > cert.notAfter)) {
          done.add(cert.handle); // renewed
          continue;
        }
        const expiresOn = spDate(cert.notAfter);
        const daysLeft = daysFrom(run.date, expiresOn);
        const expired = daysLeft < 0 || cert.notAfter <= run.at;
        const crossed = thresholds.filter((t) => daysLeft <= t);
        const stage = expired ? 'expired' : crossed.length ? Math.min(...crossed) : null;
        if (stage === null) continue;
        const base = `cert-expiry:${x.w.certificates[cert.handle]}:${expiresOn}:${stage}`;
        x.client(base, s, channels);
        x.staff(base, s.fiscalStaff ? 'staff' : 'admin');
        if (expired) done.add(cert.handle);
      }
    }
  }
}

const ALL_CERTIDOES: CertidaoType[] = ['federal', 'fgts', 'trabalhista', 'estadual', 'municipal'];

function certidoes(x: Expectation) {
  const { channels, config } = routine('certidoes.expired');
  const daysBefore = config.daysBefore as number;
  for (const run of runsOf('certidoes.expired')) {
    for (const s of CLIENTS.filter((c) => activeAt(c, run.at))) {
      const required = s.requiredCertidoes === 'default' ? ALL_CERTIDOES : s.requiredCertidoes;
      const items: string[] = [];
      for (const type of required) {
        const current = s.certidoes
          .filter((c) => c.type === type && registered(c.registeredAt, run.at))
          .sort((a, b) => b.validUntil.localeCompare(a.validUntil))[0];
        if (!current) {
          items.push(`${type}:missing:-`);
          continue;
        }
        const left = daysFrom(run.date, current.validUntil);
        const problem =
          left < 0
            ? 'expired'
            : current.status === 'positiva'
              ? 'positiva'
              : left <= daysBefore
                ? 'expiring'
                : null;
        if (problem) items.push(`${type}:${problem}:${x.w.certidoes[current.handle]}`);
      }
      if (items.length === 0) continue;
      const situation = createHash('sha256').update(items.sort().join('|')).digest('hex').slice(0, 16);
      const base = `certidoes:${x.w.clients[s.handle]}:${situation}`;
      x.client(base, s, channels);
      x.staff(base, s.fiscalStaff ? 'staff' : 'admin');
    }
  }
}

interface ModelInvoice {
  client: string;
  period: string;
  dueDate: string;
  amountCents: number;
  createdOn: string;
}

/** The invoices the monthly routine makes: each competência once its window (due − 5 days) is open. */
function invoices(): ModelInvoice[] {
  const out: ModelInvoice[] = [];
  const daysBeforeDue = routine('billing.monthly-fees').config.daysBeforeDue as number;
  for (const run of runsOf('billing.monthly-fees')) {
    for (const s of CLIENTS) {
      const k = s.contract;
      if (!k || !activeAt(s, run.at) || !registered(k.signedAt, run.at)) continue;
      const current = run.date.slice(0, 7);
      for (const period of [current, nextPeriod(current)]) {
        if (period < k.startPeriod) continue;
        const ruleDue =
          k.dueRule === 'day'
            ? `${period}-${String(Math.min(k.dueDay, daysInMonth(period))).padStart(2, '0')}`
            : nthBusinessDay(period, k.dueDay);
        if (addDays(ruleDue, -daysBeforeDue) > run.date) continue;
        if (out.some((i) => i.client === s.handle && i.period === period)) continue;
        out.push({
          client: s.handle,
          period,
          dueDate: ruleDue < run.date ? addDays(run.date, daysBeforeDue) : ruleDue,
          amountCents: k.amountCents,
          createdOn: run.date,
        });
      }
    }
  }
  return out;
}

function monthlyFees(x: Expectation, list: ModelInvoice[]) {
  const { channels } = routine('billing.monthly-fees');
  for (const inv of list)
    x.client(`invoice:${x.invoiceId(inv.client, inv.period)}`, clientSpec(inv.client), channels);
}

function overdueFees(x: Expectation, list: ModelInvoice[]) {
  const { channels, config } = routine('billing.overdue-fees');
  const days = config.reminderDays as number[];
  const lastSent = new Map<ModelInvoice, number>();
  for (const run of runsOf('billing.overdue-fees')) {
    for (const inv of list) {
      const paidOn = clientSpec(inv.client).payments?.[inv.period];
      // Payments happen at 18:00: a run on the day of the payment still finds the invoice open.
      const open = inv.createdOn <= run.date && (!paidOn || paidOn >= run.date);
      if (!open || inv.dueDate >= run.date) continue;
      const crossed = days.filter((d) => d <= daysFrom(inv.dueDate, run.date));
      if (crossed.length === 0) continue;
      const day = Math.max(...crossed);
      if (day <= (lastSent.get(inv) ?? 0)) continue;
      const id = x.invoiceId(inv.client, inv.period);
      x.client(`invoice-overdue:${id}:${day}`, clientSpec(inv.client), channels);
      x.staff(`invoice-overdue-staff:${id}:${day}`, 'admin');
      lastSent.set(inv, day);
    }
  }
}

function stalledTickets(x: Expectation) {
  const { config } = routine('tickets.stalled');
  for (const run of runsOf('tickets.stalled')) {
    for (const s of CLIENTS) {
      for (const t of s.tickets.filter((t) => t.openedAt < run.at)) {
        const last = [t.openedAt, ...t.chats.filter((c) => c < run.at)].sort().at(-1)!;
        const lastDate = spDate(last);
        const days = lastDate < run.date ? businessDaysBetween(lastDate, run.date) : 0;
        if (days < (config.businessDays as number)) continue;
        const base = `ticket-stalled:${x.w.tickets[t.handle]}:${last}`;
        x.staff(base, t.by);
        if (t.by === 'staff') x.staff(base, 'admin'); // the staff user's supervisor
      }
    }
  }
}

function idleAccounts(x: Expectation) {
  const days = routine('clients.idle-accounts').config.days as number;
  for (const run of runsOf('clients.idle-accounts')) {
    for (const s of CLIENTS.filter((c) => activeAt(c, run.at))) {
      // Movements: tickets opened or moved, certidões registered, invoices paid (their date).
      const moves = [
        ...s.tickets.flatMap((t) => [t.openedAt, ...t.chats]).filter((m) => m < run.at),
        ...s.certidoes.map((c) => c.registeredAt ?? SETUP_AT).filter((m) => m < run.at),
        ...Object.values(s.payments ?? {}).filter((on) => sp(on, '18:00') < run.at),
      ].sort();
      const last = moves.at(-1) ?? null;
      const idleDays = Math.floor((Date.parse(run.at) - Date.parse(last ?? SETUP_AT)) / DAY_MS);
      if (idleDays >= days) x.staff(`idle-account:${x.w.clients[s.handle]}:${last ?? 'never'}`, 'admin');
    }
  }
}

function classTransitions(x: Expectation) {
  const current = new Map(CLIENTS.map((s) => [s.handle, s.classAtStart]));
  for (const run of runsOf('clients.class-transition')) {
    for (const s of CLIENTS.filter((c) => activeAt(c, run.at))) {
      const fee = run.at > ERP_V2_AT && s.feeV2 !== undefined ? s.feeV2 : s.feeV1;
      const rule = CLASS_RULES.find((r) =>
        r.op === '>=' ? fee >= r.value : r.op === '<' ? fee < r.value : fee >= r.value && fee < r.valueTo,
      )!;
      if (rule.toClass === current.get(s.handle)) continue;
      current.set(s.handle, rule.toClass);
      x.staff(`class-transition:${x.w.clients[s.handle]}:${run.date}:${rule.toClass}`, 'admin');
    }
  }
}

/**
 * The daily digest: a user gets one on a day something of theirs is due — a certificate or a required
 * certidão expiring within `daysAhead` (or expired, unless renewed), an open invoice due that day or
 * before. A client's items are its responsible's (the staff user for the fiscal clients), else the admin's.
 * (The world's tickets have no service, hence no SLA deadline: none is ever due.)
 */
function dailyDigests(x: Expectation, list: ModelInvoice[]) {
  const ahead = routine('routines.daily-digest').config.daysAhead as number;
  for (const run of runsOf('routines.daily-digest')) {
    const horizon = addDays(run.date, ahead);
    const due = new Set<'staff' | 'admin'>();
    for (const s of CLIENTS) {
      const owner = s.fiscalStaff ? 'staff' : 'admin';
      if (activeAt(s, run.at)) {
        const certs = s.certificates.filter((c) => registered(c.registeredAt, run.at));
        for (const cert of certs)
          if (!certs.some((n) => n.notAfter > cert.notAfter) && spDate(cert.notAfter) <= horizon)
            due.add(owner);
        const required = s.requiredCertidoes === 'default' ? ALL_CERTIDOES : s.requiredCertidoes;
        for (const type of required) {
          const current = s.certidoes
            .filter((c) => c.type === type && registered(c.registeredAt, run.at))
            .sort((a, b) => b.validUntil.localeCompare(a.validUntil))[0];
          if (current && current.validUntil <= horizon) due.add(owner);
        }
      }
      for (const inv of list.filter((i) => i.client === s.handle)) {
        const paidOn = s.payments?.[inv.period];
        if (inv.createdOn <= run.date && (!paidOn || paidOn >= run.date) && inv.dueDate <= run.date)
          due.add(owner);
      }
    }
    for (const user of due) {
      const id = user === 'staff' ? x.w.seed.staff.id : x.w.seed.admin.id;
      x.staff(`daily-digest:${id}:${run.date}`, user);
    }
  }
}

// ---------------------------------------------------------------- the test

describe.each(dialects)('three months of routines on %s', (dialect) => {
  let ctx: TestContext;
  let wa: WhatsAppStandIn;
  let w: World;
  let sim: Simulation;
  let blobDir: string;
  let seconds = 0;

  beforeAll(async () => {
    blobDir = mkdtempSync(join(tmpdir(), 'expediente-sim-'));
    ctx = await createTestContext(dialect, dialect === 'postgres' ? { dataDir: blobDir } : {});
    wa = await startWhatsAppStandIn();
    w = await seedWorld(ctx, wa);
    await activateRoutines(ctx, w);
    const started = performance.now();
    sim = new Simulation(ctx, w);
    await sim.run(timeline(ctx, w), END_AT);
    seconds = (performance.now() - started) / 1000;
  }, 180_000);
  afterAll(async () => {
    await wa?.stop();
    await ctx?.destroy();
    rmSync(blobDir, { recursive: true, force: true });
  });

  const officeMessages = () =>
    ctx.db
      .selectFrom('messages')
      .select([
        'id',
        'idempotency_key as key',
        'status',
        'channel',
        'template',
        'client_id',
        'recipient_kind',
        'recipient_id',
        'cause_kind',
        'created_at',
      ])
      .where('office_id', '=', w.officeId)
      .execute();

  const routineJobs = async () => {
    const byRoutine = new Map(Object.entries(w.routines).map(([kind, r]) => [r.id, kind]));
    const rows = await ctx.db
      .selectFrom('jobs')
      .select(['id', 'payload', 'state', 'attempts', 'run_at', 'created_at', 'result'])
      .where('kind', '=', 'routines.run')
      .execute();
    return rows.map((j) => {
      const result = JSON.parse(j.result ?? 'null') as {
        date: string;
        messages: { queued: number; skipped: number; duplicates: number };
        outcomes: Record<string, number>;
      } | null;
      return { ...j, routine: byRoutine.get(JSON.parse(j.payload).routineId)!, result };
    });
  };

  it('switched every kind of the catalog on, through the routines service', async () => {
    const catalog = await listCatalog(ctx, w.officeId, {});
    // A kind added to the catalog must join ROUTINES in simulation-world.ts: this fails until it does.
    expect(catalog.map((r) => r.kind).sort()).toEqual(ROUTINES.map((r) => r.kind).sort());
    expect(catalog.every((r) => r.active && r.schedule?.paused === false)).toBe(true);
    expect(sim.processes).toEqual(['processo-1', 'processo-2', 'processo-3', 'processo-4']);
    // The model's calendar is the office's.
    const calendar = calendarOf(await getOffice(ctx, w.officeId));
    expect(windowDays.filter((d) => calendar.isBusinessDay(d) !== isBusinessDay(d))).toEqual([]);
    // Nothing happens in the office while the process is down.
    expect(timeline(ctx, w).filter((e) => e.at > DOWN.from && e.at < DOWN.to)).toEqual([]);
    // About 15 s on SQLite and 30 s on PostgreSQL on a calm machine; reported, not asserted (shared CI cores).
    console.info(`simulation on ${dialect}: ${seconds.toFixed(1)} s`);
  });

  it('each routine ran once per occurrence, on its own date, however the process was restarted', async () => {
    const jobs = await routineJobs();
    expect(jobs.filter((j) => j.state !== 'succeeded')).toEqual([]);
    for (const r of ROUTINES) {
      const got = jobs
        .filter((j) => j.routine === r.kind)
        .map((j) => `${j.result!.date} ${j.run_at}`)
        .sort();
      const want = runsOf(r.kind)
        .map((run) => `${run.date} ${run.at}`)
        .sort();
      expect(got, r.kind).toEqual(want);
    }
    // Only the two runs a crash interrupted took a second attempt.
    expect(
      jobs
        .filter((j) => j.attempts !== 1)
        .map((j) => [j.routine, j.result!.date, j.attempts])
        .sort(),
    ).toEqual([
      ['certificates.expiring', '2027-01-28', 2],
      ['contacts.birthdays', '2027-02-09', 2],
    ]);
    expect(CRASHED_AFTER_COMMIT).toEqual({ kind: 'certificates.expiring', at: sp('2027-01-28', '08:00') });
    expect(CRASHED_BEFORE_COMMIT).toEqual({ kind: 'contacts.birthdays', at: sp('2027-02-09', '09:00') });
  });

  it('the misfire: six days down, every missed occurrence recorded, only the latest run late (policy once)', async () => {
    const rows = await ctx.db
      .selectFrom('schedule_occurrences')
      .select(['schedule_id', 'fire_at', 'status'])
      .execute();
    const schedules = await ctx.db.selectFrom('schedules').select(['id', 'misfire_policy']).execute();
    expect(new Set(schedules.map((s) => s.misfire_policy))).toEqual(new Set(['once']));
    for (const r of ROUTINES) {
      const mine = rows.filter((o) => o.schedule_id === w.routines[r.kind]!.scheduleId);
      const { runs, missed } = scheduleOf(r);
      expect(mine.map((o) => o.fire_at).sort(), r.kind).toEqual(occurrencesOf(r));
      expect(
        mine
          .filter((o) => o.status === 'missed')
          .map((o) => o.fire_at)
          .sort(),
        r.kind,
      ).toEqual(missed);
      expect(mine.filter((o) => o.status === 'enqueued')).toHaveLength(runs.length);
    }
    const missedOf = (kind: string) =>
      rows
        .filter((o) => o.schedule_id === w.routines[kind]!.scheduleId && o.status === 'missed')
        .map((o) => spDate(o.fire_at))
        .sort();
    // Daily routines: Wednesday 10 to Saturday 13 missed, Sunday 14 run late at the restart.
    expect(missedOf('contacts.birthdays')).toEqual(['2027-02-10', '2027-02-11', '2027-02-12', '2027-02-13']);
    expect(missedOf('billing.overdue-fees')).toEqual([
      '2027-02-10',
      '2027-02-11',
      '2027-02-12',
      '2027-02-13',
    ]);
    // Weekdays: Tuesday 9 (after the crash) to Thursday 11 missed, Friday 12 run late.
    expect(missedOf('tickets.stalled')).toEqual(['2027-02-09', '2027-02-10', '2027-02-11']);
    // Mondays: nothing fell in the outage.
    expect(missedOf('clients.idle-accounts')).toEqual([]);

    // What ran late, each once, made by the restarted process's first tick, each on its own date.
    const late = (await routineJobs()).filter((j) => j.run_at > DOWN.from && j.run_at < DOWN.to);
    expect(late.every((j) => j.created_at === DOWN.to)).toBe(true);
    expect(late.map((j) => `${j.routine} ${j.result!.date}`).sort()).toEqual([
      'billing.fee-adjustment 2027-02-14',
      'billing.monthly-fees 2027-02-14',
      'billing.overdue-fees 2027-02-14',
      'certidoes.expired 2027-02-14',
      'certificates.expiring 2027-02-14',
      'clients.class-transition 2027-02-14',
      'clients.erp-import 2027-02-14',
      'contacts.birthdays 2027-02-14',
      'routines.daily-digest 2027-02-14',
      'tickets.stalled 2027-02-12',
    ]);
  });

  it('every client got exactly the notices expected, each key once, none twice', async () => {
    const invoiceRows = await ctx.db
      .selectFrom('invoices')
      .select(['id', 'client_id', 'period', 'due_date', 'amount_cents', 'status', 'paid_on'])
      .where('office_id', '=', w.officeId)
      .execute();
    const handleOf = new Map(Object.entries(w.clients).map(([h, id]) => [id, h]));
    const model = invoices();
    // The invoices themselves: one per client and competência, with the due dates of the rules.
    expect(
      invoiceRows
        .map((i) => `${handleOf.get(i.client_id)} ${i.period} ${i.due_date} ${Number(i.amount_cents)}`)
        .sort(),
    ).toEqual(model.map((i) => `${i.client} ${i.period} ${i.dueDate} ${i.amountCents}`).sort());
    // Every payment of the timeline found its invoice open.
    expect(
      invoiceRows
        .filter((i) => i.status === 'paid')
        .map((i) => `${handleOf.get(i.client_id)} ${i.period} ${i.paid_on}`)
        .sort(),
    ).toEqual(
      CLIENTS.flatMap((s) =>
        Object.entries(s.payments ?? {}).map(([p, on]) => `${s.handle} ${p} ${on}`),
      ).sort(),
    );

    const invoiceId = (client: string, period: string) =>
      invoiceRows.find((i) => i.client_id === w.clients[client] && i.period === period)!.id;
    const x = new Expectation(w, invoiceId);
    birthdays(x);
    certificates(x);
    certidoes(x);
    monthlyFees(x, model);
    overdueFees(x, model);
    stalledTickets(x);
    idleAccounts(x);
    classTransitions(x);
    dailyDigests(x, model);
    const expected = x.list();

    const messages = (await officeMessages()).filter((m) => m.cause_kind === 'routine');
    const counted = new Map<string, number>();
    for (const m of messages) counted.set(m.key, (counted.get(m.key) ?? 0) + 1);
    const want = new Set(expected.map((e) => e.key));
    expect([...counted.keys()].filter((k) => !want.has(k)).sort(), 'sent but not expected').toEqual([]);
    expect([...want].filter((k) => !counted.has(k)).sort(), 'expected but not sent').toEqual([]);
    expect(
      [...counted].filter(([, n]) => n > 1),
      'sent twice',
    ).toEqual([]);
    // Delivered (local mailbox), sent (WhatsApp stand-in) or visibly skipped — nothing left in between.
    expect(Object.fromEntries(messages.map((m) => [m.key, m.status]))).toEqual(
      Object.fromEntries(expected.map((e) => [e.key, e.status])),
    );

    // The same, from the database's side: no key twice in the office.
    const twice = await ctx.db
      .selectFrom('messages')
      .select(['idempotency_key', (eb) => eb.fn.countAll<number>().as('n')])
      .where('office_id', '=', w.officeId)
      .groupBy('idempotency_key')
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    expect(twice).toEqual([]);
    // What that is, per routine (keys: a client notice is one per channel, a staff notice one per user).
    const perKind = (prefix: string) => expected.filter((e) => e.key.startsWith(prefix)).length;
    expect({
      birthdays: perKind('birthday:'), // 10 greetings × (e-mail, WhatsApp)
      certificates: perKind('cert-expiry:'), // 19 warnings × (e-mail, WhatsApp, responsible)
      certidoes: perKind('certidoes:'), // 7 situations × 3
      invoices: perKind('invoice:'), // 17 invoices × 2
      overdue: perKind('invoice-overdue'), // 18 reminders × 3
      stalled: perKind('ticket-stalled:'), // 3 stalls to responsible and supervisor, 1 to the admin alone
      idle: perKind('idle-account:'),
      classes: perKind('class-transition:'),
      digests: perKind('daily-digest:'),
    }).toEqual({
      birthdays: 20,
      certificates: 57,
      certidoes: 21,
      invoices: 34,
      overdue: 54,
      stalled: 7,
      idle: 19,
      classes: 3,
      digests: 170,
    });
  });

  it('tells each client’s story in plain numbers', async () => {
    const messages = await officeMessages();
    const received = (handle: string) => {
      const out: Record<string, number> = {};
      for (const m of messages)
        if (m.client_id === w.clients[handle] && m.recipient_kind !== 'user' && m.status !== 'skipped') {
          const k = `${m.template} ${m.channel}`;
          out[k] = (out[k] ?? 0) + 1;
        }
      return out;
    };
    // Never pays: three invoices and, for each, the reminders of days 1, 5 and 10 — February's day-5
    // reminder fell in the outage and went out once, with the late run of the 14th.
    expect(received('oficina')).toEqual({ 'billing.invoice email': 3, 'billing.invoice-overdue email': 9 });
    // Pays on time but once two days late (one reminder); its certificate's four warnings; Carla greeted by
    // e-mail and WhatsApp; Diego opted out of e-mail (skipped, not counted).
    expect(received('padaria')).toEqual({
      'billing.invoice email': 3,
      'billing.invoice-overdue email': 1,
      'certificates.expiring email': 4,
      'routines.birthday email': 1,
      'routines.birthday whatsapp': 1,
    });
    // Farmácia's 15-day warning was written by the run that died after its commit: once, delivered once.
    expect(received('farmacia')).toEqual({ 'certificates.expiring email': 4 });
    // Paula's birthday run (9 February) died before its commit; the process that came back six days later
    // took the run over and greeted her then, for her own day; Quim on 31 March.
    expect(received('livraria')).toEqual({ 'routines.birthday email': 2 });
    expect(
      messages
        .filter((m) => m.recipient_id === w.contacts.paula)
        .map((m) => `${m.key} ${m.status} ${m.created_at}`)
        .sort(),
    ).toEqual([
      `birthday:${w.contacts.paula}:2027:email delivered ${CRASH_BEFORE_COMMIT.restartAt}`,
      `birthday:${w.contacts.paula}:2027:whatsapp skipped ${CRASH_BEFORE_COMMIT.restartAt}`,
    ]);
    // Rui's birthday (11 February) fell in the outage: the misfire policy runs only the latest missed day.
    expect(messages.filter((m) => m.recipient_id === w.contacts.rui)).toEqual([]);
    // Eva's (14 February, the latest missed day) went out with the late run (she has no WhatsApp).
    expect(
      messages
        .filter((m) => m.recipient_id === w.contacts.eva)
        .map((m) => `${m.channel} ${m.status} ${m.created_at}`)
        .sort(),
    ).toEqual([
      `email delivered ${CRASH_BEFORE_COMMIT.restartAt}`,
      `whatsapp skipped ${CRASH_BEFORE_COMMIT.restartAt}`,
    ]);
    // Oficina Parada closed (ERP v2): Jonas was greeted in January, Lia in February was not.
    expect(received('parada')).toEqual({ 'routines.birthday email': 1 });

    const staff = (userId: string) => {
      const out: Record<string, number> = {};
      for (const m of messages)
        if (m.recipient_id === userId && m.cause_kind === 'routine')
          out[m.template] = (out[m.template] ?? 0) + 1;
      return out;
    };
    // Bruno, the fiscal analyst of Padaria, Transportes and Farmácia: their certificates' warnings, one
    // certidões notice (Transportes' positiva), three stalls; and a digest every day from 3 January, when
    // Transportes' certificate came within a week of expiring (it never was renewed).
    expect(staff(w.seed.staff.id)).toEqual({
      'certificates.expiring-staff': 11,
      'certidoes.pending-staff': 1,
      'tickets.stalled': 3,
      'routines.daily-digest': 84,
    });
    // Ana, the administrator, owns the other clients: Consultoria Alfa's certificate expired in December,
    // so she has something due every day — one digest on each of the 86 days the digest ran.
    expect(staff(w.seed.admin.id)['routines.daily-digest']).toBe(86);
  });

  it('the crashed runs: effects committed once, completed by the next process, each delivered once', async () => {
    const jobs = await routineJobs();
    const certRun = jobs.find(
      (j) => j.routine === 'certificates.expiring' && j.result!.date === '2027-01-28',
    )!;
    // The second attempt found every message it would send already written: Farmácia's 15-day warning by
    // the attempt that died — the run's own, so its summary counts them (2 queued, the WhatsApp one
    // skipped) — and the earlier runs' warnings of the certificates it looked at again (sent before).
    expect(certRun.result!.messages).toEqual({ queued: 2, skipped: 1, duplicates: 6 });
    const written = (await officeMessages()).filter((m) => m.created_at === tickOf(CRASHED_AFTER_COMMIT.at));
    // Farmácia's 15-day warning, written by the attempt that died, delivered by the process that took over.
    const warning = `cert-expiry:${w.certificates['farmacia-a1']}:2027-02-12:15`;
    expect(written.map((m) => `${m.key} ${m.status}`).sort()).toEqual([
      `${warning}:email delivered`,
      `${warning}:staff:${w.seed.staff.id} delivered`,
      `${warning}:whatsapp skipped`,
    ]);
    const mailed = await ctx.db
      .selectFrom('mailbox')
      .select('created_at')
      .where(
        'message_id',
        'in',
        written.map((m) => m.id),
      )
      .execute();
    expect(mailed.map((r) => r.created_at)).toEqual([
      CRASH_AFTER_COMMIT.restartAt,
      CRASH_AFTER_COMMIT.restartAt,
    ]);
    const birthdayRun = jobs.find(
      (j) => j.routine === 'contacts.birthdays' && j.result!.date === '2027-02-09',
    )!;
    expect(birthdayRun.result!.messages).toEqual({ queued: 1, skipped: 1, duplicates: 0 });

    // Every message handed to a channel reached it once: one mailbox entry per e-mail, one WhatsApp call each.
    const all = await officeMessages();
    const mailbox = await ctx.db
      .selectFrom('mailbox')
      .select(['message_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('office_id', '=', w.officeId)
      .groupBy('message_id')
      .execute();
    const delivered = all.filter((m) => m.status === 'delivered');
    expect(mailbox.map((r) => r.message_id).sort()).toEqual(delivered.map((m) => m.id).sort());
    expect(mailbox.filter((r) => Number(r.n) !== 1)).toEqual([]);
    const sentWhatsApp = all.filter((m) => m.status === 'sent');
    expect(sentWhatsApp.every((m) => m.channel === 'whatsapp')).toBe(true);
    expect(wa.sent).toHaveLength(sentWhatsApp.length);
    expect(wa.sent.map((s) => `${s.to} ${s.template?.name}`).sort()).toEqual([
      '5511987650001 expediente_aniversario',
      '5511988880001 expediente_aniversario',
    ]);
    expect(all.filter((m) => !['delivered', 'sent', 'skipped'].includes(m.status))).toEqual([]);

    // One summary e-mail per run, to the admin who set the schedules up — the crashed runs included, once.
    const summaries = all.filter((m) => m.template === 'engine.run-finished');
    expect(summaries).toHaveLength(jobs.length);
    expect(new Set(summaries.map((m) => m.key))).toEqual(new Set(jobs.map((j) => `run-finished:${j.id}`)));
    expect(summaries.every((m) => m.recipient_id === w.seed.admin.id && m.status === 'delivered')).toBe(true);
  });

  it('the ERP export of February: one client closed, one moved up a class', async () => {
    const jobs = await routineJobs();
    const erp = jobs.find((j) => j.routine === 'clients.erp-import' && j.result!.date === spDate(ERP_V2_AT))!;
    expect(erp.result!.outcomes).toEqual({ changed: 2, unchanged: CLIENTS.length - 2, invalid: 1 });
    const clients = await ctx.db
      .selectFrom('clients')
      .select(['id', 'status', 'class'])
      .where('office_id', '=', w.officeId)
      .execute();
    const of = (h: string) => clients.find((c) => c.id === w.clients[h])!;
    expect(of('parada').status).toBe('inactive');
    expect(of('mercado').class).toBe('A');
    expect(of('oficina').class).toBe('C');
    expect(of('alfa').class).toBe('A');
  });
});

/**
 * The multi-process deployment of docs/deploy.md, on this machine: a throwaway PostgreSQL cluster, the S3
 * stand-in (s3rver), an SMTP sink, haproxy running `deploy/haproxy.cfg`, and `web` and `worker` processes
 * started with the commands of the systemd units in `deploy/systemd/`. Used by the cluster test (with its
 * faults) and by `npm run bench -- cluster`.
 *
 * What is taken from `deploy/` and what is changed, so that the test runs the files an operator installs:
 * - haproxy.cfg: the `bind` and `server` addresses get free local ports, and the lines marked `# system`
 *   (the Debian service's chroot, user, log socket, stats socket, daemon mode) are left out;
 * - the units: `ExecStart` without the node binary, with `/opt/expediente/` replaced by this build's root,
 *   and their `Environment=` lines (`%i` = the instance); `EnvironmentFile` is replaced by `env` below.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort, type PgCluster, startPgCluster } from './pg-cluster.js';
import { S3_STANDIN_CREDENTIALS, S3StandIn } from './s3-standin.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const deployDir = join(root, 'deploy');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A unit's command and environment, as systemd would run it for instance `instance`. */
export function unitCommand(unit: string, instance: string, buildRoot: string) {
  const text = readFileSync(join(deployDir, 'systemd', unit), 'utf8');
  const exec = /^ExecStart=(.+)$/m.exec(text)?.[1];
  if (!exec) throw new Error(`${unit}: no ExecStart`);
  const [binary, ...args] = exec.trim().split(/\s+/);
  if (!binary?.endsWith('/node')) throw new Error(`${unit}: ExecStart does not run node`);
  const env: Record<string, string> = {};
  for (const m of text.matchAll(/^Environment=(\w+)=(.*)$/gm)) env[m[1]!] = m[2]!.replaceAll('%i', instance);
  return { args: args.map((a) => a.replace('/opt/expediente/', `${buildRoot}/`)), env };
}

/** deploy/haproxy.cfg for local ports: the frontend's, the stats page's and each web process's. */
export function haproxyConfig(frontPort: number, statsPort: number, webPorts: number[]): string {
  const lines = readFileSync(join(deployDir, 'haproxy.cfg'), 'utf8').split('\n');
  const out: string[] = [];
  let servers = 0;
  let inStats = false;
  for (const line of lines) {
    if (/#\s*system\s*$/.test(line)) continue;
    if (/^frontend\s+stats/.test(line)) inStats = true;
    else if (/^\S/.test(line)) inStats = false;
    const server = /^(\s*)server\s+(\S+)\s+\S+(.*)$/.exec(line);
    if (server) {
      // The file's servers are placeholders for however many web processes run here.
      if (servers++ === 0)
        for (const [i, p] of webPorts.entries())
          out.push(`${server[1]}server web${i + 1} 127.0.0.1:${p}${server[3]}`);
      continue;
    }
    const bind = /^(\s*)bind\s+\S+(.*)$/.exec(line);
    if (bind) {
      out.push(`${bind[1]}bind 127.0.0.1:${inStats ? statsPort : frontPort}${bind[2]}`);
      continue;
    }
    out.push(line);
  }
  if (!servers) throw new Error('deploy/haproxy.cfg has no server line');
  return `${out.join('\n')}\n`;
}

/** One process of the deployment, with its peak resident memory sampled while it runs. */
export class Proc {
  child: ChildProcess | null = null;
  output = '';
  peakRssMb = 0;
  /** How many output lines contained each of these strings (set the keys before `start()`). */
  readonly seen: Record<string, number> = {};
  #partial = '';
  #sampler: NodeJS.Timeout | null = null;

  constructor(
    readonly name: string,
    readonly args: string[],
    readonly env: NodeJS.ProcessEnv,
    readonly command = process.execPath,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    const child = spawn(this.command, this.args, {
      cwd: root,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (d: Buffer) => {
      const text = d.toString();
      this.output = (this.output + text).slice(-20_000);
      const lines = (this.#partial + text).split('\n');
      this.#partial = lines.pop() ?? '';
      for (const line of lines)
        for (const key of Object.keys(this.seen)) if (line.includes(key)) this.seen[key]!++;
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.#sampler = setInterval(() => {
      if (!child.pid || !this.running) return;
      try {
        const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) this.peakRssMb = Math.max(this.peakRssMb, Number(m[1]) / 1024);
      } catch {
        // exited between the check and the read
      }
    }, 200);
    child.once('exit', () => {
      if (this.#sampler) clearInterval(this.#sampler);
    });
  }

  /** kill -9: no cleanup of any kind. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await gone;
  }

  /** SIGTERM (systemctl stop), SIGKILL after 15 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await gone;
    clearTimeout(t);
  }

  /** Waits until `ready()` holds, failing early (with the output) if the process exits. */
  async waitFor(ready: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!(await ready())) {
      if (!this.running) throw new Error(`${this.name} exited:\n${this.output}`);
      if (Date.now() > end) throw new Error(`${this.name} not ready after ${timeoutMs} ms:\n${this.output}`);
      await sleep(50);
    }
  }
}

async function httpOk(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

export interface ClusterOptions {
  /** The compiled server's root (holding `dist/server/main.js`). */
  buildRoot: string;
  webs: number;
  workers: number;
  workerConcurrency?: number;
  /** Added to every process's environment. */
  env?: Record<string, string>;
  /** Node's own flags for the web processes (profiling: `--cpu-prof`; not allowed in NODE_OPTIONS). */
  webNodeArgs?: string[];
  /** The same for the worker processes. */
  workerNodeArgs?: string[];
}

/** A row of haproxy's CSV status page. */
export interface HaproxyServer {
  name: string;
  status: string;
}

export class Cluster {
  pg!: PgCluster;
  s3 = new S3StandIn('expediente-cluster');
  databaseUrl = '';
  /** The address clients use: haproxy's frontend. */
  url = '';
  statsUrl = '';
  webPorts: number[] = [];
  webs: Proc[] = [];
  workers: Proc[] = [];
  haproxy!: Proc;
  env: NodeJS.ProcessEnv = {};
  #dir = mkdtempSync(join(tmpdir(), 'expediente-cluster-'));

  constructor(readonly options: ClusterOptions) {}

  /** PostgreSQL, the S3 stand-in and the migrations; the processes come with `startProcesses()`. */
  async prepare(): Promise<void> {
    this.pg = await startPgCluster();
    const admin = new pg.Client({ connectionString: this.pg.url });
    await admin.connect();
    await admin.query('CREATE DATABASE expediente');
    await admin.end();
    const url = new URL(this.pg.url);
    url.pathname = '/expediente';
    // PostgreSQL over TCP on the loopback, as two machines reach it. `PG_SOCKET=1` uses its Unix socket
    // instead (`?host=<socket directory>`): cheaper per statement, but with it the kill -9 leg sent 11–17
    // e-mails twice (flagged) against 0–2 over TCP, so it is not the default (docs/deploy.md).
    if (process.env.PG_SOCKET === '1') url.searchParams.set('host', this.pg.dir);
    this.databaseUrl = url.toString();
    await this.s3.start();
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.NODE_OPTIONS; // vitest's and tsx's hooks are not the product's
    delete env.VITEST;
    this.env = {
      ...env,
      NODE_ENV: 'production',
      DATABASE_URL: this.databaseUrl,
      SECRET_KEY: 'cluster-test-secret-key-0123456789',
      BLOB_STORE: this.s3.url('office-files'),
      AWS_ACCESS_KEY_ID: S3_STANDIN_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3_STANDIN_CREDENTIALS.secretAccessKey,
      HOST: '127.0.0.1',
      TRUST_PROXY: 'true',
      DEMO_SEED: 'false',
      LOG_LEVEL: 'warn',
      DATA_DIR: join(this.#dir, 'data'),
      // The SMTP sink is the office's own server: no provider limit to respect.
      RATE_LIMIT_EMAIL_PER_MINUTE: '0',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      WORKER_CONCURRENCY: String(this.options.workerConcurrency ?? 8),
      ...this.options.env,
    };
    const migrate = this.#proc('expediente-migrate.service', 'migrate', '');
    migrate.start();
    const code = await new Promise<number | null>((r) => migrate.child!.once('exit', r));
    if (code !== 0) throw new Error(`migrate failed:\n${migrate.output}`);
  }

  #proc(unit: string, name: string, instance: string, nodeArgs: string[] = []): Proc {
    const cmd = unitCommand(unit, instance, this.options.buildRoot);
    return new Proc(name, [...nodeArgs, ...cmd.args], { ...this.env, ...cmd.env });
  }

  /** haproxy, the web processes and the workers, each waited for. */
  async startProcesses(): Promise<void> {
    for (let i = 0; i < this.options.webs; i++) this.webPorts.push(await freePort());
    this.webs = this.webPorts.map((p, i) =>
      this.#proc('expediente-web@.service', `web${i + 1}`, String(p), this.options.webNodeArgs),
    );
    this.workers = Array.from({ length: this.options.workers }, (_, i) =>
      this.#proc('expediente-worker@.service', `worker${i + 1}`, String(i + 1), this.options.workerNodeArgs),
    );
    const front = await freePort();
    const stats = await freePort();
    const cfg = join(this.#dir, 'haproxy.cfg');
    writeFileSync(cfg, haproxyConfig(front, stats, this.webPorts));
    this.url = `http://127.0.0.1:${front}`;
    this.statsUrl = `http://127.0.0.1:${stats}/stats;csv`;
    this.haproxy = new Proc('haproxy', ['-db', '-f', cfg], process.env, 'haproxy');
    this.haproxy.start();
    await Promise.all([
      ...this.webs.map((_, i) => this.startWeb(i)),
      ...this.workers.map((_, i) => this.startWorker(i)),
    ]);
    await this.haproxy.waitFor(async () => (await this.haproxyServers()).every((s) => s.status === 'UP'));
  }

  /** Starts web process `i` (again) and waits until it is ready. */
  async startWeb(i: number): Promise<void> {
    const web = this.webs[i]!;
    web.start();
    await web.waitFor(() => httpOk(`http://127.0.0.1:${this.webPorts[i]}/api/health/ready`));
  }

  /** Starts worker `i` (again) and waits until it serves its pools. */
  async startWorker(i: number): Promise<void> {
    const worker = this.workers[i]!;
    const before = worker.output.length;
    worker.start();
    await worker.waitFor(() => worker.output.slice(before).includes('serving pools'));
  }

  /** haproxy's view of the web processes (its CSV status page). */
  async haproxyServers(): Promise<HaproxyServer[]> {
    try {
      const csv = await (await fetch(this.statsUrl, { signal: AbortSignal.timeout(2000) })).text();
      return csv
        .split('\n')
        .map((l) => l.split(','))
        .filter((c) => c[0] === 'web' && c[1] !== 'BACKEND' && c[1] !== 'FRONTEND')
        .map((c) => ({ name: c[1]!, status: c[17]!.split(' ')[0]! }));
    } catch {
      return [];
    }
  }

  /** Resolves once haproxy reports server `name` in `status` (UP or DOWN); the milliseconds it took. */
  async waitServer(name: string, status: 'UP' | 'DOWN', timeoutMs = 60_000): Promise<number> {
    const t0 = performance.now();
    while (!(await this.haproxyServers()).some((s) => s.name === name && s.status === status)) {
      if (performance.now() - t0 > timeoutMs)
        throw new Error(`haproxy: ${name} not ${status} in ${timeoutMs} ms`);
      await sleep(50);
    }
    return performance.now() - t0;
  }

  /** A pooled connection for the checks. */
  client(): pg.Pool {
    return new pg.Pool({ connectionString: this.databaseUrl, max: 2 });
  }

  async stop(): Promise<void> {
    await Promise.all([...this.webs, ...this.workers].map((p) => p.stop()));
    await this.haproxy?.stop();
    await this.s3.destroy();
    this.pg?.stop();
    rmSync(this.#dir, { recursive: true, force: true });
  }

  /** What every process said, for a failure's message. */
  outputs(): string {
    return [...this.webs, ...this.workers, this.haproxy]
      .filter(Boolean)
      .map((p) => `--- ${p.name}\n${p.output.slice(-3000)}`)
      .join('\n');
  }
}

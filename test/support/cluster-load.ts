/**
 * The cluster's mixed workload, driven through haproxy by autocannon: every connection loops over a
 * sequence of what an office does all day — list clients, open a ticket, move it, post in its chat, attach
 * a file, download it back, list tickets — and each answer is counted by step and status.
 */
import { createHash, randomBytes } from 'node:crypto';
import autocannon from 'autocannon';

/** A logged-in session: the cookie and CSRF token every request carries. */
export interface HttpSession {
  headers: Record<string, string>;
}

/** Logs in through `url` (haproxy) with the login form's request. */
export async function loginOver(url: string, email: string, password: string): Promise<HttpSession> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = /exp_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new Error('login set no exp_session cookie');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { headers: { cookie, 'x-csrf-token': csrfToken } };
}

/** A multipart/form-data body with one text file. */
export function multipartFile(name: string, content: string) {
  const boundary = `----expediente${randomBytes(8).toString('hex')}`;
  const body = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
      `Content-Type: text/plain\r\n\r\n${content}\r\n--${boundary}--\r\n`,
  );
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

export const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

/** A file the workload attached: where it is and the SHA-256 of what was sent. */
export interface UploadedFile {
  ticketId: string;
  fileId: string;
  sha256: string;
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Each autocannon instance's p50 and p99 (ms), by kind of request. */
  latencyByStep: Record<string, { p50: number; p99: number }>;
  /** autocannon's connection errors and timeouts (no answer at all). */
  errors: number;
  /** Answers by kind of request, then by status. */
  byStep: Record<string, Record<number, number>>;
  /** Answers 5xx, and the people's requests that got no answer (status 0: the connection was cut). */
  fiveXx: number;
  /** Answers by the web process that gave them (haproxy's `X-Served-By`). */
  servedBy: Record<string, number>;
  /** Tickets answered 201. */
  tickets: string[];
  /** Files answered 201, with what was sent. */
  files: UploadedFile[];
  /** Downloads whose bytes differed from what was uploaded. */
  corruptDownloads: number;
  /** When each of those came (ms since the start), for the fault table. */
  fiveXxAt: number[];
}

type Counted = Record<string, Record<number, number>>;

/**
 * One autocannon instance sending one kind of request (`name`): its answers are counted by status, and
 * `onOk` sees each 2xx body. One kind per instance, so that no answer is ever credited to another kind.
 */
async function cannon(
  url: string,
  name: string,
  opts: { connections: number; seconds: number; headers: Record<string, string> },
  request: { method: 'GET' | 'POST'; path?: string; build?: () => { path: string; body?: string } },
  out: {
    byStep: Counted;
    latency: Record<string, { p50: number; p99: number }>;
    servedBy: Record<string, number>;
    fiveXxAt: number[];
    t0: number;
  },
  onOk?: (body: string) => void,
) {
  const req: Record<string, unknown> = { method: request.method, path: request.path ?? '/' };
  if (request.build) {
    const build = request.build;
    req.setupRequest = (r: Record<string, unknown>) => ({ ...r, ...build() });
  }
  req.onResponse = (status: number, body: string, _ctx: unknown, headers: Record<string, string>) => {
    const by = headers['x-served-by'];
    if (by) out.servedBy[by] = (out.servedBy[by] ?? 0) + 1;
    if (status >= 500) out.fiveXxAt.push(performance.now() - out.t0);
    if (status < 300) onOk?.(body);
  };
  const r = await autocannon({
    url,
    connections: opts.connections,
    duration: opts.seconds,
    headers: opts.headers,
    requests: [req as autocannon.Request],
    timeout: 20,
  });
  const counts: Record<number, number> = {};
  for (const [code, v] of Object.entries(r.statusCodeStats ?? {})) counts[Number(code)] = Number(v.count);
  out.byStep[name] = counts;
  out.latency[name] = { p50: r.latency.p50, p99: r.latency.p99 };
  return r;
}

/**
 * The office's day through haproxy for `seconds`: autocannon instances list clients and tickets, open
 * tickets and post in their chats, while `users` simulated people each open a ticket, move it, post in its
 * chat, attach a file and download it back, in turn (every answer checked). `clientIds`: the office's
 * clients; `chatTickets`: tickets to post in.
 */
export async function mixedLoad(
  url: string,
  session: HttpSession,
  options: {
    connections: number;
    seconds: number;
    clientIds: string[];
    chatTickets: string[];
    users?: number;
    tag?: string;
  },
): Promise<LoadResult> {
  const out = {
    byStep: {} as Counted,
    latency: {} as Record<string, { p50: number; p99: number }>,
    servedBy: {} as Record<string, number>,
    fiveXxAt: [] as number[],
    t0: performance.now(),
  };
  const tickets: string[] = [];
  const files: UploadedFile[] = [];
  let corruptDownloads = 0;
  const tag = options.tag ?? 'carga';
  const json = { ...session.headers, 'content-type': 'application/json' };
  const users = options.users ?? 4;
  const share = Math.max(1, Math.floor((options.connections - users) / 4));
  const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
  let n = 0;
  const o = { seconds: options.seconds, headers: json };
  const g = { seconds: options.seconds, headers: session.headers };
  const runs = [
    cannon(
      url,
      'list clients',
      { ...g, connections: share },
      {
        method: 'GET',
        build: () => ({ path: `/api/clients?pageSize=20&page=${1 + (n++ % 5)}` }),
      },
      out,
    ),
    cannon(
      url,
      'list tickets',
      { ...g, connections: share },
      { method: 'GET', path: '/api/tickets?pageSize=20' },
      out,
    ),
    cannon(
      url,
      'open ticket',
      { ...o, connections: share },
      {
        method: 'POST',
        build: () => ({
          path: '/api/tickets',
          body: JSON.stringify({ clientId: pick(options.clientIds), subject: `Atendimento ${tag} ${++n}` }),
        }),
      },
      out,
      (body) => tickets.push((JSON.parse(body) as { id: string }).id),
    ),
    cannon(
      url,
      'post chat',
      { ...o, connections: options.connections - users - 3 * share },
      {
        method: 'POST',
        build: () => ({
          path: `/api/tickets/${pick(options.chatTickets)}/chat`,
          body: JSON.stringify({ body: `Segue a documentação pedida (${++n}).`, internal: true }),
        }),
      },
      out,
    ),
  ];
  // The people: each step's answer checked, each file read back.
  const count = (step: string, status: number, res?: Response) => {
    out.byStep[step] ??= {};
    const s = out.byStep[step];
    s[status] = (s[status] ?? 0) + 1;
    if (status >= 500 || status === 0) out.fiveXxAt.push(performance.now() - out.t0);
    const by = res?.headers.get('x-served-by');
    if (by) out.servedBy[by] = (out.servedBy[by] ?? 0) + 1;
  };
  const end = performance.now() + options.seconds * 1000;
  const call = async (step: string, path: string, init: RequestInit = {}) => {
    try {
      const res = await fetch(`${url}${path}`, {
        ...init,
        headers: { ...session.headers, ...(init.headers as Record<string, string>) },
      });
      const body = Buffer.from(await res.arrayBuffer());
      count(step, res.status, res);
      return { status: res.status, body };
    } catch {
      count(step, 0);
      return { status: 0, body: Buffer.alloc(0) };
    }
  };
  const person = async () => {
    while (performance.now() < end) {
      const open = await call('user: open ticket', '/api/tickets', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ clientId: pick(options.clientIds), subject: `Pedido ${tag} ${++n}` }),
      });
      if (open.status !== 201) continue;
      const t = JSON.parse(open.body.toString()) as { id: string; version: number };
      tickets.push(t.id);
      await call('user: move ticket', `/api/tickets/${t.id}/moves`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ to: 'analyzing', version: t.version }),
      });
      await call('user: post chat', `/api/tickets/${t.id}/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ body: 'Enviei o contrato social atualizado.', internal: false }),
      });
      const content = `Documento ${tag} ${++n}\n${randomBytes(3072).toString('base64')}\n`;
      const part = multipartFile(`documento-${n}.txt`, content);
      const up = await call('user: upload file', `/api/tickets/${t.id}/files`, {
        method: 'POST',
        headers: { 'content-type': part.contentType },
        body: part.body,
      });
      if (up.status !== 201) continue;
      const item = (JSON.parse(up.body.toString()) as { items: { id: string }[] }).items[0]!;
      files.push({ ticketId: t.id, fileId: item.id, sha256: sha256(content) });
      const down = await call('user: download file', `/api/tickets/${t.id}/files/${item.id}`);
      if (down.status === 200 && sha256(down.body) !== sha256(content)) corruptDownloads++;
    }
  };
  const people = Array.from({ length: users }, person);
  const results = await Promise.all(runs);
  await Promise.all(people);
  const seconds = Math.max(...results.map((r) => r.duration));
  const requests =
    results.reduce((a, r) => a + r.requests.total, 0) +
    Object.entries(out.byStep)
      .filter(([k]) => k.startsWith('user:'))
      .reduce((a, [, v]) => a + Object.values(v).reduce((b, c) => b + c, 0), 0);
  const fiveXx = Object.values(out.byStep).reduce(
    (a, s) =>
      a + Object.entries(s).reduce((b, [k, v]) => b + (Number(k) >= 500 || Number(k) === 0 ? v : 0), 0),
    0,
  );
  return {
    requests,
    rps: requests / seconds,
    // Percentiles of the autocannon instances (the people's requests are few): the worst of them.
    p50Ms: Math.max(...results.map((r) => r.latency.p50)),
    p99Ms: Math.max(...results.map((r) => r.latency.p99)),
    latencyByStep: out.latency,
    errors: results.reduce((a, r) => a + r.errors, 0),
    byStep: out.byStep,
    fiveXx,
    servedBy: out.servedBy,
    tickets,
    files,
    corruptDownloads,
    fiveXxAt: out.fiveXxAt,
  };
}

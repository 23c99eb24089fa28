/**
 * A minimal SMTP sink in a process of its own, as a real mail server would be: it accepts every message and
 * reports, through the IPC channel, when each (by our Message-ID) was accepted — in epoch milliseconds with
 * sub-millisecond precision, batched every 20 ms. Run by `startSmtpSink()`; not a module to import elsewhere.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';

const now = () => performance.timeOrigin + performance.now();

export interface SmtpSink {
  port: number;
  /** The sink process (its CPU time is read from /proc by the benches). */
  pid: number;
  /** Message-ID (local part) → when the sink first accepted it (epoch ms). */
  accepted: Map<string, number>;
  /** Message-IDs accepted again after their first time, once per repetition. */
  repeated: string[];
  stop(): Promise<void>;
}

/** Starts the sink process on `port` and resolves once it listens. */
export async function startSmtpSink(port: number): Promise<SmtpSink> {
  const child = fork(fileURLToPath(import.meta.url), [String(port)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const accepted = new Map<string, number>();
  const repeated: string[] = [];
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.on('message', (m: { listening?: true; batch?: [string, number][] }) => {
      if (m.listening) resolve();
      for (const [id, at] of m.batch ?? []) {
        if (accepted.has(id)) repeated.push(id);
        else accepted.set(id, at);
      }
    });
  });
  return {
    port,
    pid: child.pid!,
    accepted,
    repeated,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2]);
  let batch: [string, number][] = [];
  setInterval(() => {
    if (batch.length) {
      process.send?.({ batch });
      batch = [];
    }
  }, 20);
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 100,
    onData(stream, _s, cb) {
      let head = '';
      stream.on('data', (c: Buffer) => {
        if (head.length < 4096) head += c.toString('latin1');
      });
      stream.on('end', () => {
        const id = /Message-ID: <([^@>]+)@expediente>/i.exec(head)?.[1];
        if (id) batch.push([id, now()]);
        cb();
      });
    },
  });
  server.on('error', () => {});
  server.listen(port, '127.0.0.1', () => process.send?.({ listening: true }));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

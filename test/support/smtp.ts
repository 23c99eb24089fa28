import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './pg-cluster.js';

/** A real SMTP server on 127.0.0.1 that stores what it receives, and can be told to refuse. */
export interface TestSmtp {
  port: number;
  received: ParsedMail[];
  /** The reply to the next DATA commands: null accepts; a code (451, 550) refuses with it. */
  refuseWith: number | null;
  /** Addresses the server has no mailbox for: RCPT TO answers 550. */
  unknownRecipients: Set<string>;
  logins: string[];
  stop(): Promise<void>;
  start(): Promise<void>;
}

/**
 * `tls`: a key and certificate to offer STARTTLS with (or, with `implicit`, TLS from the first byte, as
 * on port 465); without it the server speaks plain SMTP and STARTTLS is disabled.
 */
export async function startSmtp(
  auth = { user: 'escritorio', pass: 'senha-smtp-secreta' },
  tls?: { key: string; cert: string; implicit?: boolean },
): Promise<TestSmtp> {
  const port = await freePort();
  const state: TestSmtp = {
    port,
    received: [],
    refuseWith: null,
    unknownRecipients: new Set(),
    logins: [],
    stop: async () => {},
    start: async () => {},
  };
  let server: SMTPServer;
  const create = () =>
    new SMTPServer({
      secure: tls?.implicit ?? false,
      ...(tls ? { key: tls.key, cert: tls.cert } : { disabledCommands: ['STARTTLS'] }),
      allowInsecureAuth: !tls,
      authOptional: false,
      logger: false,
      // Pooled client connections stay open: terminate them promptly when the server stops.
      closeTimeout: 100,
      onAuth(a, _session, cb) {
        if (a.username === auth.user && a.password === auth.pass) {
          state.logins.push(a.username ?? '');
          return cb(null, { user: a.username });
        }
        return cb(Object.assign(new Error('Invalid credentials'), { responseCode: 535 }));
      },
      onRcptTo(address, _session, cb) {
        if (state.unknownRecipients.has(address.address.toLowerCase())) {
          return cb(
            Object.assign(new Error(`5.1.1 <${address.address}>: no such user`), { responseCode: 550 }),
          );
        }
        cb();
      },
      onData(stream, _session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', async () => {
          if (state.refuseWith) {
            return cb(
              Object.assign(new Error(`refused ${state.refuseWith}`), { responseCode: state.refuseWith }),
            );
          }
          state.received.push(await simpleParser(Buffer.concat(chunks)));
          cb();
        });
      },
    });
  state.start = () =>
    new Promise((resolve) => {
      server = create();
      // A client that dies mid-session (the crash tests kill workers) resets its connection: expected here.
      server.on('error', () => {});
      server.listen(port, '127.0.0.1', () => resolve());
    });
  state.stop = () => new Promise((resolve) => server.close(() => resolve()));
  await state.start();
  return state;
}

/**
 * A throwaway certificate authority and a server certificate it signed for 127.0.0.1 (openssl, P-256),
 * for the TLS tests: the CA is what SMTP_CA_FILE would point at.
 */
export function testCertificates(): { ca: string; key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'expediente-certs-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    run('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Teste CA');
    run('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
    writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
    run(
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.pem',
      '-days',
      '2',
      '-extfile',
      'san.ext',
    );
    const read = (f: string) => readFileSync(join(dir, f), 'utf8');
    return { ca: read('ca.pem'), key: read('server.key'), cert: read('server.pem') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The office's e-mail settings that deliver to a test SMTP server (plain, with a login). */
export function smtpSettings(smtp: TestSmtp) {
  return {
    host: '127.0.0.1',
    port: smtp.port,
    security: 'none' as const,
    user: 'escritorio',
    password: 'senha-smtp-secreta',
    fromName: 'Escritório',
    fromAddress: 'contato@escritorio.com.br',
  };
}

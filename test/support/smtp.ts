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

export async function startSmtp(
  auth = { user: 'escritorio', pass: 'senha-smtp-secreta' },
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
      secure: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
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

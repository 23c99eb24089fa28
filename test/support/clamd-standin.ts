import { rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './pg-cluster.js';

/**
 * A local stand-in for clamd speaking its real protocol (clamd(8)): commands prefixed `z` (NUL-terminated
 * reply) or `n` (newline-terminated), `PING` → `PONG`, and `INSTREAM`: 4-byte big-endian chunk lengths,
 * a zero length to end, then `stream: OK` or `stream: Eicar-Signature FOUND` when the bytes hold the
 * EICAR test string (anywhere, across chunk boundaries), or `INSTREAM size limit exceeded. ERROR` past
 * `streamMaxLength` (clamd then closes the connection, as the real one does).
 *
 * It keeps only a window of the last bytes to look for the signature, so large streams cost no memory.
 */
export interface ClamdStandIn {
  /** For `CLAMAV_SOCKET`: `127.0.0.1:<port>` or the unix socket's path. */
  address: string;
  /** Bytes received by each finished INSTREAM scan, in order. */
  scans: { bytes: number; verdict: string }[];
  /** clamd's StreamMaxLength (default 25 MiB, as clamd's). */
  streamMaxLength: number;
  /** `ok`: answer; `hang`: read everything but never answer; `error`: answer a scan error. */
  mode: 'ok' | 'hang' | 'error';
  /** Bytes read per second at most (0: unlimited): a slow scanner, to test back-pressure. */
  readDelayMs: number;
  stop(): Promise<void>;
}

/**
 * The EICAR anti-malware test file, the string every antivirus detects by convention. Built from parts so
 * this source file is not itself flagged by a developer's antivirus.
 */
export const EICAR = ['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS', '-TEST-FILE!$H+H*'].join(
  '',
);

export async function startClamdStandIn(opts: { unixSocket?: boolean } = {}): Promise<ClamdStandIn> {
  const sockets = new Set<Socket>();
  const state: ClamdStandIn = {
    address: '',
    scans: [],
    streamMaxLength: 25 * 1024 * 1024,
    mode: 'ok',
    readDelayMs: 0,
    stop: async () => {},
  };
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buf = Buffer.alloc(0);
    let phase: 'command' | 'length' | 'data' | 'done' = 'command';
    let terminator = '\0';
    let need = 0;
    let total = 0;
    let window = '';
    let found = false;
    const reply = (text: string) => socket.write(`${text}${terminator}`);
    const step = () => {
      for (;;) {
        if (phase === 'command') {
          const nul = buf.indexOf(0);
          const nl = buf.indexOf(10);
          const end = buf[0] === 0x7a /* z */ ? nul : nl;
          if (end < 0) return;
          const raw = buf.subarray(0, end).toString('latin1');
          buf = buf.subarray(end + 1);
          terminator = raw.startsWith('z') ? '\0' : '\n';
          const command = raw.replace(/^[zn]/, '');
          if (command === 'PING') {
            reply('PONG');
            socket.end();
            phase = 'done';
            return;
          }
          if (command !== 'INSTREAM') {
            reply('UNKNOWN COMMAND');
            socket.end();
            phase = 'done';
            return;
          }
          phase = 'length';
        } else if (phase === 'length') {
          if (buf.length < 4) return;
          need = buf.readUInt32BE(0);
          buf = buf.subarray(4);
          if (need === 0) {
            phase = 'done';
            const verdict =
              state.mode === 'error'
                ? "Can't allocate memory ERROR"
                : found
                  ? 'stream: Eicar-Signature FOUND'
                  : 'stream: OK';
            state.scans.push({ bytes: total, verdict });
            if (state.mode !== 'hang') {
              reply(verdict);
              socket.end();
            }
            return;
          }
          if (total + need > state.streamMaxLength) {
            phase = 'done';
            state.scans.push({ bytes: total, verdict: 'size limit' });
            reply('INSTREAM size limit exceeded. ERROR');
            socket.end();
            return;
          }
          phase = 'data';
        } else if (phase === 'data') {
          if (buf.length === 0) return;
          const take = buf.subarray(0, need);
          buf = buf.subarray(take.length);
          need -= take.length;
          total += take.length;
          window = (window + take.toString('latin1')).slice(-(EICAR.length + take.length));
          if (window.includes(EICAR)) found = true;
          window = window.slice(-EICAR.length);
          if (need === 0) phase = 'length';
        } else return;
      }
    };
    socket.on('data', (data: Buffer) => {
      buf = Buffer.concat([buf, data]);
      if (state.readDelayMs > 0) {
        socket.pause();
        setTimeout(() => socket.resume(), state.readDelayMs);
      }
      step();
    });
  });
  if (opts.unixSocket) {
    const path = join(tmpdir(), `clamd-standin-${process.pid}-${Date.now()}.sock`);
    await new Promise<void>((ok) => server.listen(path, ok));
    state.address = path;
    state.stop = async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((ok) => server.close(() => ok()));
      rmSync(path, { force: true });
    };
  } else {
    const port = await freePort();
    await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
    state.address = `127.0.0.1:${port}`;
    state.stop = async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((ok) => server.close(() => ok()));
    };
  }
  return state;
}

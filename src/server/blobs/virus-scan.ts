import { connect, type Socket } from 'node:net';
import { Transform, type TransformCallback } from 'node:stream';
import type { AppContext } from '../context.js';
import { BlobsError } from './blobs.errors.js';
import type { ClamdAddress } from './virus-scan-config.js';

/**
 * The virus-scan port: when `CLAMAV_SOCKET` names a clamd (a unix socket path, or `host:port`), every
 * file a client uploads streams through {@link scanGate} on its way into the blob store. The gate copies
 * the bytes to clamd as they pass (INSTREAM) and, at the end of the file, waits for clamd's verdict before
 * letting the stream end: a virus or a scanner that fails makes the stream fail, so the blob store drops
 * its temporary and the file never gets a reference (nothing to delete, no row to roll back).
 *
 * Why not the `clamscan` package: its `init()` looks for local binaries and pings the daemon, and its
 * stream scan reports through callbacks after the stream has ended; the protocol is a few lines and this
 * way the verdict gates the store's write. The protocol (clamd(8)):
 * - the client sends `zINSTREAM\0`, then chunks, each a 4-byte big-endian length and that many bytes, then
 *   a zero length;
 * - clamd answers one `\0`-terminated line: `stream: OK`, `stream: <signature> FOUND`, or `… ERROR`
 *   (`INSTREAM size limit exceeded. ERROR` past its `StreamMaxLength`, which must be at least
 *   `UPLOAD_MAX_BYTES`).
 */

/** Timeouts of a scan: to connect, and of silence on the connection (clamd scanning a large file answers late). */
export interface ScanTimeouts {
  connectMs: number;
  idleMs: number;
}

const defaultTimeouts: ScanTimeouts = { connectMs: 5_000, idleMs: 60_000 };

/** The largest chunk sent in one frame (clamd's default StreamMaxLength is 25 MiB; frames stay small). */
const MAX_FRAME = 256 * 1024;

const infected = (name: string, signature: string) =>
  new BlobsError('file_infected', { params: { name, signature } });

function unavailable(reason: string, cause?: unknown) {
  const err = new BlobsError('virus_scan_unavailable', { cause: cause ?? new Error(reason) });
  return Object.assign(err, { headers: { 'retry-after': '60' } });
}

/**
 * A pass-through that has clamd scan the bytes crossing it. It fails with `blobs.file_infected` (422) when
 * clamd finds a virus, and with `blobs.virus_scan_unavailable` (503) when clamd cannot be reached, errs or
 * does not answer — a file that was not scanned is never kept. `name` is the file's name, for the message.
 */
export class ClamdScanStream extends Transform {
  readonly #socket: Socket;
  readonly #name: string;
  #reply = '';
  #verdict: Error | 'clean' | null = null;
  #onVerdict: (() => void) | null = null;

  constructor(address: ClamdAddress, name: string, timeouts: ScanTimeouts = defaultTimeouts) {
    super();
    this.#name = name;
    const socket = 'path' in address ? connect(address.path) : connect(address.port, address.host);
    this.#socket = socket;
    const connectTimer = setTimeout(
      () => this.#settle(unavailable(`no connection to clamd in ${timeouts.connectMs} ms`)),
      timeouts.connectMs,
    );
    socket.once('connect', () => {
      clearTimeout(connectTimer);
      socket.setTimeout(timeouts.idleMs);
    });
    socket.on('timeout', () => this.#settle(unavailable(`clamd silent for ${timeouts.idleMs} ms`)));
    socket.on('error', (err) => {
      clearTimeout(connectTimer);
      this.#settle(unavailable(err.message, err));
    });
    socket.on('data', (data: Buffer) => {
      this.#reply += data.toString('utf8');
      const end = this.#reply.indexOf('\0');
      if (end >= 0) this.#settle(this.#parse(this.#reply.slice(0, end)));
    });
    socket.on('close', () => {
      clearTimeout(connectTimer);
      this.#settle(unavailable('clamd closed the connection without a verdict'));
    });
    socket.write('zINSTREAM\0');
  }

  #parse(line: string): Error | 'clean' {
    const text = line.trim();
    if (/^stream: OK$/.test(text)) return 'clean';
    const found = /^stream: (.+) FOUND$/.exec(text);
    if (found) return infected(this.#name, found[1]!);
    return unavailable(`clamd answered: ${text}`);
  }

  /** The first verdict wins; an early one (clamd refusing mid-stream) fails the next write. */
  #settle(verdict: Error | 'clean') {
    if (this.#verdict) return;
    this.#verdict = verdict;
    this.#socket.destroy();
    this.#onVerdict?.();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    if (this.#verdict instanceof Error) return done(this.#verdict);
    if (this.#verdict === 'clean') return done(unavailable('clamd answered before the end of the file'));
    let ok = true;
    for (let at = 0; at < chunk.length; at += MAX_FRAME) {
      const part = chunk.subarray(at, at + MAX_FRAME);
      const size = Buffer.alloc(4);
      size.writeUInt32BE(part.length);
      this.#socket.write(size);
      ok = this.#socket.write(part);
    }
    if (ok) return done(null, chunk);
    // Back-pressure: the upload waits for clamd, so a slow scanner never makes us buffer the file.
    const resume = () => {
      this.#socket.off('drain', resume);
      this.#onVerdict = null;
      done(this.#verdict instanceof Error ? this.#verdict : null, chunk);
    };
    this.#onVerdict = resume;
    this.#socket.once('drain', resume);
  }

  override _flush(done: TransformCallback) {
    const finish = () => {
      this.#onVerdict = null;
      done(this.#verdict === 'clean' ? null : (this.#verdict as Error));
    };
    if (this.#verdict) return finish();
    this.#onVerdict = finish;
    this.#socket.write(Buffer.alloc(4));
  }

  override _destroy(err: Error | null, done: (error: Error | null) => void) {
    this.#socket.destroy();
    done(err);
  }
}

/**
 * The gate an uploaded file streams through before the blob store: a {@link ClamdScanStream} when
 * `CLAMAV_SOCKET` is set, else nothing (the source as is).
 *
 * @example
 * const source = scanGate(ctx, name, part.file.pipe(typeCheck));
 * await blobStore(ctx).put(source, { maxBytes }); // fails with blobs.file_infected / virus_scan_unavailable
 */
export function scanGate<S extends NodeJS.ReadableStream>(
  ctx: Pick<AppContext, 'config'>,
  name: string,
  source: S,
): S | ClamdScanStream {
  const address = ctx.config.clamav;
  if (!address) return source;
  const scan = new ClamdScanStream(address, name);
  // Piped, not pipeline(): the caller keeps its own handling of the source (a refused ticket file's
  // request stream is drained, not destroyed); a failing source fails the scan, and so the store's read.
  source.once('error', (err) => scan.destroy(err));
  // The bytes start flowing into the scan at once, so clamd's verdict (a refused connection, say) may come
  // before the caller's pipeline listens: the stream keeps the error (`errored`) and the pipeline reports
  // it; this listener only keeps it from being an uncaught exception meanwhile.
  scan.on('error', () => {});
  return source.pipe(scan);
}

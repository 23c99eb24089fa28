import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BlobStore, LocalBlobStore, scanGate } from '../../src/server/blobs/index.js';
import { ClamdScanStream } from '../../src/server/blobs/virus-scan.js';
import { parseClamdAddress } from '../../src/server/blobs/virus-scan-config.js';
import { loadConfig } from '../../src/server/config.js';
import { type ClamdStandIn, EICAR, startClamdStandIn } from '../support/clamd-standin.js';
import { dialects } from '../support/test-db.js';
import { multipart, ok, openTicket, ticketsWorld, tinyPdf } from '../tickets/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'expediente-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const store = new LocalBlobStore(dir);
const refOf = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;
const temporaries = () => {
  try {
    return readdirSync(store.temporaryDir).length;
  } catch {
    return 0;
  }
};

/** `n` bytes in chunks of 64 KiB, as a request would stream them. */
function chunked(data: Buffer, size = 64 * 1024): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
    })(),
  );
}

describe('CLAMAV_SOCKET', () => {
  it('is a unix socket path or host:port', () => {
    expect(parseClamdAddress('/run/clamav/clamd.ctl')).toEqual({ path: '/run/clamav/clamd.ctl' });
    expect(parseClamdAddress('unix:///run/clamd.sock')).toEqual({ path: '/run/clamd.sock' });
    expect(parseClamdAddress('clamav:3310')).toEqual({ host: 'clamav', port: 3310 });
    expect(parseClamdAddress('tcp://10.0.0.5:3310')).toEqual({ host: '10.0.0.5', port: 3310 });
    expect(parseClamdAddress('[::1]:3310')).toEqual({ host: '::1', port: 3310 });
    expect(() => parseClamdAddress('clamav')).toThrow(/host:port/);
    expect(() => parseClamdAddress('clamav:99999')).toThrow(/host:port/);
    expect(loadConfig({ SECRET_KEY: 'x'.repeat(16), CLAMAV_SOCKET: 'localhost:3310' }).clamav).toEqual({
      host: 'localhost',
      port: 3310,
    });
    expect(() => loadConfig({ SECRET_KEY: 'x'.repeat(16), CLAMAV_SOCKET: 'nope' })).toThrow(
      /Invalid configuration:\n {2}CLAMAV_SOCKET/,
    );
  });
});

for (const transport of ['tcp', 'unix'] as const) {
  describe(`scanning through clamd (${transport})`, () => {
    let clamd: ClamdStandIn;
    let ctx: { config: ReturnType<typeof loadConfig> };
    beforeAll(async () => {
      clamd = await startClamdStandIn({ unixSocket: transport === 'unix' });
      ctx = {
        config: {
          ...loadConfig({ SECRET_KEY: 'x'.repeat(16) }),
          clamav: parseClamdAddress(clamd.address),
        },
      };
    });
    afterAll(() => clamd.stop());

    it('stores a clean file, every byte scanned', async () => {
      const data = Buffer.alloc(3 * 1024 * 1024 + 17, 'a');
      const before = clamd.scans.length;
      const put = await store.put(scanGate(ctx, 'extrato.pdf', chunked(data)));
      expect(put).toEqual({ ref: refOf(data), size: data.length });
      expect(clamd.scans.slice(before)).toEqual([{ bytes: data.length, verdict: 'stream: OK' }]);
    });

    it('keeps an infected file out: no blob, no temporary, a message that names the virus', async () => {
      // The signature straddles two chunks of the upload.
      const data = Buffer.concat([
        Buffer.alloc(64 * 1024 - 10, 'b'),
        Buffer.from(EICAR),
        Buffer.alloc(5000, 'c'),
      ]);
      const err = await store.put(scanGate(ctx, 'nota.pdf', chunked(data))).catch((e: unknown) => e);
      expect(err).toMatchObject({
        code: 'blobs.file_infected',
        status: 422,
        messages: {
          'pt-BR': expect.stringContaining(
            'O arquivo nota.pdf não foi aceito: o antivírus encontrou nele Eicar-Signature',
          ),
          en: expect.stringContaining('the antivirus found Eicar-Signature'),
        },
      });
      expect(await store.exists(refOf(data))).toBe(false);
      expect(temporaries()).toBe(0);
    });
  });
}

describe('a scanner that fails keeps the file out (503)', () => {
  let clamd: ClamdStandIn;
  const ctxOf = (address: string) => ({
    config: { ...loadConfig({ SECRET_KEY: 'x'.repeat(16) }), clamav: parseClamdAddress(address) },
  });
  beforeAll(async () => {
    clamd = await startClamdStandIn();
  });
  afterAll(() => clamd.stop());

  const expectUnavailable = async (
    store: BlobStore,
    source: NodeJS.ReadableStream | Readable,
    data: Buffer,
  ) => {
    const err = await store.put(source as Readable).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'blobs.virus_scan_unavailable',
      status: 503,
      headers: { 'retry-after': '60' },
    });
    expect(await store.exists(refOf(data))).toBe(false);
    expect(temporaries()).toBe(0);
  };

  it('when clamd is not there', async () => {
    const down = await startClamdStandIn();
    const address = down.address;
    await down.stop();
    const data = Buffer.from('conteúdo qualquer');
    await expectUnavailable(store, scanGate(ctxOf(address), 'a.txt', chunked(data)), data);
  });

  it('when clamd answers an error, or refuses a stream past its StreamMaxLength', async () => {
    clamd.mode = 'error';
    const data = Buffer.alloc(100_000, 'd');
    await expectUnavailable(store, scanGate(ctxOf(clamd.address), 'a.txt', chunked(data)), data);
    clamd.mode = 'ok';
    clamd.streamMaxLength = 1024 * 1024;
    const big = Buffer.alloc(2 * 1024 * 1024, 'e');
    await expectUnavailable(store, scanGate(ctxOf(clamd.address), 'big.txt', chunked(big)), big);
    expect(clamd.scans.at(-1)?.verdict).toBe('size limit');
    clamd.streamMaxLength = 25 * 1024 * 1024;
  });

  it('when clamd never answers', async () => {
    clamd.mode = 'hang';
    const data = Buffer.alloc(10_000, 'f');
    const scan = new ClamdScanStream(parseClamdAddress(clamd.address), 'a.txt', {
      connectMs: 1000,
      idleMs: 300,
    });
    await expectUnavailable(store, chunked(data).pipe(scan), data);
    clamd.mode = 'ok';
  });

  it('waits for a slow scanner instead of buffering the file (back-pressure from clamd)', async () => {
    clamd.readDelayMs = 20;
    clamd.streamMaxLength = 64 * 1024 * 1024;
    const total = 32 * 1024 * 1024;
    const piece = Buffer.alloc(64 * 1024, 'g');
    let pulled = 0;
    const source = Readable.from(
      (function* () {
        for (; pulled < total; ) {
          pulled += piece.length;
          yield piece;
        }
      })(),
    );
    const scan = new ClamdScanStream(parseClamdAddress(clamd.address), 'a.bin');
    // The output is read as fast as it comes: only clamd's pace can hold the source back.
    let passed = 0;
    const done = new Promise<void>((resolve, reject) => {
      scan.on('data', (c: Buffer) => {
        passed += c.length;
      });
      scan.on('end', resolve);
      scan.on('error', reject);
    });
    source.pipe(scan);
    await new Promise((r) => setTimeout(r, 300));
    expect(pulled).toBeLessThan(total / 2);
    clamd.readDelayMs = 0;
    await done;
    expect(passed).toBe(total);
    expect(clamd.scans.at(-1)).toEqual({ bytes: total, verdict: 'stream: OK' });
    clamd.streamMaxLength = 25 * 1024 * 1024;
  });
});

describe('ticket files with CLAMAV_SOCKET', () => {
  let clamd: ClamdStandIn;
  beforeAll(async () => {
    clamd = await startClamdStandIn();
  });
  afterAll(() => clamd.stop());

  for (const dialect of dialects) {
    it(`${dialect}: an infected file is refused with the reason, the clean one beside it is attached; a scanner down is a 503`, async () => {
      const w = await ticketsWorld(dialect, { clamav: parseClamdAddress(clamd.address) });
      try {
        const t = await openTicket(w.adminA, { clientId: w.client.id, subject: 'Vírus' });
        const res = ok<{
          items: { name: string }[];
          refused: { name: string; code: string; reason: string }[];
        }>(
          await w.adminA.request({
            method: 'POST',
            url: `/api/tickets/${t.id}/files`,
            ...multipart([
              { name: 'contrato.pdf', content: tinyPdf },
              { name: 'leia-me.txt', content: `Olá\n${EICAR}\n` },
            ]),
          }),
          201,
        );
        expect(res.items.map((f) => f.name)).toEqual(['contrato.pdf']);
        expect(res.refused).toEqual([
          {
            name: 'leia-me.txt',
            code: 'blobs.file_infected',
            reason: expect.stringContaining('o antivírus encontrou nele Eicar-Signature'),
          },
        ]);

        const down = await startClamdStandIn();
        await down.stop();
        const broken = await ticketsWorld(dialect, { clamav: parseClamdAddress(down.address) });
        try {
          const t2 = await openTicket(broken.adminA, {
            clientId: broken.client.id,
            subject: 'Sem antivírus',
          });
          const failed = await broken.adminA.request({
            method: 'POST',
            url: `/api/tickets/${t2.id}/files`,
            ...multipart([{ name: 'contrato.pdf', content: tinyPdf }]),
          });
          expect(failed.statusCode).toBe(503);
          expect(failed.json()).toMatchObject({ code: 'blobs.virus_scan_unavailable' });
          expect(failed.headers['retry-after']).toBe('60');
          const files = ok<unknown[]>(
            await broken.adminA.request({ method: 'GET', url: `/api/tickets/${t2.id}/files` }),
          );
          expect(files).toEqual([]);
        } finally {
          await broken.close();
        }
      } finally {
        await w.close();
      }
    });
  }
});

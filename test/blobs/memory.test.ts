import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BlobStore, LocalBlobStore, parseBlobStore, S3BlobStore } from '../../src/server/blobs/index.js';
import { S3_STANDIN_CREDENTIALS, S3StandIn } from '../support/s3-standin.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const MiB = 1024 * 1024;
const FILE = 64 * MiB;
/** Generous (GC runs when it likes): a store that held the file whole would grow by at least FILE. */
const MAX_GROWTH = 48 * MiB;

/** `size` random bytes made as they are read (64 KiB at a time), and their SHA-256 once read. */
function generated(size: number) {
  const hash = createHash('sha256');
  let left = size;
  const stream = new Readable({
    read() {
      if (left === 0) return void this.push(null);
      const chunk = randomBytes(Math.min(64 * 1024, left));
      left -= chunk.length;
      hash.update(chunk);
      this.push(chunk);
    },
  });
  return { stream, digest: () => `sha256:${hash.digest('hex')}` };
}

/** Stores a generated file while sampling the process's RSS; returns the peak growth. */
async function measure(store: BlobStore) {
  // Warm up (modules, connection pool) so the baseline is the steady state. The streamed multipart
  // upload too: the AWS SDK's CommonJS build (what Node loads, also now that the store loads the SDK on
  // first use) grows the heap by about 55 MiB over its first large upload and stays flat afterwards;
  // after a 16 MiB streamed warm-up the first measured upload grows by about 33 MiB.
  await store.put(randomBytes(6 * MiB));
  await store.put(generated(16 * MiB).stream);
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  const file = generated(FILE);
  try {
    const blob = await store.put(file.stream, { maxBytes: 100 * MiB });
    peak = Math.max(peak, process.memoryUsage.rss());
    // Reading it back streams too.
    const back = createHash('sha256');
    for await (const chunk of await store.open(blob.ref)) back.update(chunk as Buffer);
    return { blob, expected: file.digest(), readBack: `sha256:${back.digest('hex')}`, growth: peak - base };
  } finally {
    clearInterval(timer);
  }
}

describe('a 64 MiB file streams through the store with flat memory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'expediente-blobs-mem-'));
  const s3 = new S3StandIn();
  beforeAll(() => s3.start());
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await s3.destroy();
  });

  it('local directory', async () => {
    const r = await measure(new LocalBlobStore(dir));
    expect(r.blob).toEqual({ ref: r.expected, size: FILE });
    expect(r.readBack).toBe(r.expected);
    expect(r.growth).toBeLessThan(MAX_GROWTH);
  });

  it('S3 (s3rver in its own process)', async () => {
    const spec = parseBlobStore(s3.url('memory'));
    if (spec.kind !== 's3') throw new Error('expected an s3 spec');
    const r = await measure(new S3BlobStore({ ...spec, credentials: S3_STANDIN_CREDENTIALS }));
    expect(r.blob).toEqual({ ref: r.expected, size: FILE });
    expect(r.readBack).toBe(r.expected);
    expect(r.growth).toBeLessThan(MAX_GROWTH);
  }, 120_000);
});

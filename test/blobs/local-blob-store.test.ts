import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalBlobStore } from '../../src/server/blobs/index.js';
import { runBlobStoreContract } from './blob-store-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'expediente-blobs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const store = new LocalBlobStore(dir);

runBlobStoreContract('local directory', () => ({
  store,
  async temporaries() {
    try {
      return readdirSync(store.temporaryDir).length;
    } catch {
      return 0;
    }
  },
}));

describe('local directory', () => {
  it('sweeps temporaries left by a crash once they are a day old, and only those', async () => {
    const s = new LocalBlobStore(mkdtempSync(join(tmpdir(), 'expediente-blobs-')));
    await s.put(Buffer.from('x'));
    const old = join(s.temporaryDir, 'crashed.part');
    const fresh = join(s.temporaryDir, 'uploading.part');
    writeFileSync(old, 'half');
    writeFileSync(fresh, 'half');
    const dayAgo = (Date.now() - 25 * 3_600_000) / 1000;
    utimesSync(old, dayAgo, dayAgo);
    expect(await s.sweepTemporaries()).toBe(1);
    expect(readdirSync(s.temporaryDir)).toEqual(['uploading.part']);
    rmSync(s.dir, { recursive: true, force: true });
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type BlobStore, LocalBlobStore } from './blob-store.js';

/** What every blob-store adapter must do; an S3 adapter runs the same contract. */
export function runBlobStoreContract(name: string, factory: () => BlobStore) {
  describe(`blob store contract: ${name}`, () => {
    const store = factory();
    it('stores by content, idempotently, and reads back the same bytes', async () => {
      const data = Buffer.from('Fatura de honorários — R$ 1.234,56', 'utf8');
      const ref = await store.put(data);
      expect(ref).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(await store.put(Buffer.from(data))).toBe(ref);
      expect((await store.get(ref)).equals(data)).toBe(true);
      expect(await store.exists(ref)).toBe(true);
    });
    it('deletes, and refuses malformed references', async () => {
      const ref = await store.put(Buffer.from([0, 1, 2, 255]));
      await store.delete(ref);
      expect(await store.exists(ref)).toBe(false);
      await expect(store.get(ref)).rejects.toThrow();
      await expect(store.get('sha256:../../etc/passwd')).rejects.toThrow('invalid blob reference');
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'expediente-blobs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
runBlobStoreContract('local directory', () => new LocalBlobStore(dir));

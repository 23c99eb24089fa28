import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { BlobStore } from '../../src/server/blobs/index.js';

export interface ContractSubject {
  store: BlobStore;
  /** How many temporaries (objects not yet under their reference) the store holds right now. */
  temporaries(): Promise<number>;
}

const sha = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function* chunked(data: Buffer, size: number) {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

/** What every blob-store adapter must do: the local directory and the S3 adapter run the same suite. */
export function runBlobStoreContract(name: string, subject: () => ContractSubject) {
  describe(`blob store contract: ${name}`, () => {
    it('stores by content, idempotently, and reads back the same bytes', async () => {
      const { store } = subject();
      const data = Buffer.from(
        `Fatura de honorários — R$ 1.234,56 ${randomBytes(8).toString('hex')}`,
        'utf8',
      );
      const blob = await store.put(data);
      expect(blob).toEqual({ ref: sha(data), size: data.length });
      expect(await store.put(Buffer.from(data))).toEqual(blob);
      expect((await bytesOf(await store.open(blob.ref))).equals(data)).toBe(true);
      expect(await store.exists(blob.ref)).toBe(true);
      expect(await store.stat(blob.ref)).toEqual({ size: data.length });
    });

    it('hashes a stream of many chunks while it flows (several multipart parts on S3)', async () => {
      const { store, temporaries } = subject();
      const data = randomBytes(11 * 1024 * 1024 + 123);
      const blob = await store.put(chunked(data, 64 * 1024 + 7));
      expect(blob).toEqual({ ref: sha(data), size: data.length });
      expect((await bytesOf(await store.open(blob.ref))).equals(data)).toBe(true);
      expect(await temporaries()).toBe(0);
    });

    it('stores an empty blob', async () => {
      const { store } = subject();
      const blob = await store.put(Buffer.alloc(0));
      expect(blob).toEqual({ ref: sha(Buffer.alloc(0)), size: 0 });
      expect((await bytesOf(await store.open(blob.ref))).length).toBe(0);
    });

    it('reads a byte range, both ends inclusive, or from an offset to the end', async () => {
      const { store } = subject();
      const data = randomBytes(1000);
      const { ref } = await store.put(data);
      expect(
        (await bytesOf(await store.open(ref, { start: 10, end: 19 }))).equals(data.subarray(10, 20)),
      ).toBe(true);
      expect((await bytesOf(await store.open(ref, { start: 990 }))).equals(data.subarray(990))).toBe(true);
    });

    it('refuses a blob past maxBytes while streaming, leaving neither the blob nor a temporary', async () => {
      const { store, temporaries } = subject();
      const data = randomBytes(6 * 1024 * 1024);
      await expect(store.put(chunked(data, 256 * 1024), { maxBytes: 1024 * 1024 })).rejects.toMatchObject({
        code: 'blobs.too_large',
        status: 413,
        messages: { en: 'The file exceeds the limit of 1 MiB.' },
      });
      expect(await store.exists(sha(data))).toBe(false);
      expect(await store.exists(sha(data.subarray(0, 1024 * 1024)))).toBe(false);
      expect(await temporaries()).toBe(0);
      // Exactly at the limit is fine.
      const exact = data.subarray(0, 1024 * 1024);
      expect((await store.put(exact, { maxBytes: exact.length })).size).toBe(exact.length);
    });

    it('a source that fails midway rejects with its error and leaves nothing half-written', async () => {
      const { store, temporaries } = subject();
      const head = randomBytes(3 * 1024 * 1024);
      async function* broken() {
        yield head;
        throw new Error('client went away');
      }
      await expect(store.put(broken())).rejects.toThrow('client went away');
      expect(await store.exists(sha(head))).toBe(false);
      expect(await temporaries()).toBe(0);
    });

    it('two concurrent puts of the same content both succeed with one reference', async () => {
      const { store } = subject();
      const data = randomBytes(200 * 1024);
      const [a, b] = await Promise.all([store.put(chunked(data, 4096)), store.put(data)]);
      expect(a).toEqual(b);
      expect((await bytesOf(await store.open(a.ref))).equals(data)).toBe(true);
    });

    it('deletes; a missing blob is blobs.not_found; malformed references are refused', async () => {
      const { store } = subject();
      const { ref } = await store.put(Buffer.from([0, 1, 2, 255, ...randomBytes(4)]));
      await store.delete(ref);
      expect(await store.exists(ref)).toBe(false);
      expect(await store.stat(ref)).toBeNull();
      await expect(store.open(ref)).rejects.toMatchObject({ code: 'blobs.not_found', status: 404 });
      await expect(store.open('sha256:../../etc/passwd')).rejects.toThrow('invalid blob reference');
      await expect(store.stat('md5:abc')).rejects.toThrow('invalid blob reference');
    });
  });
}

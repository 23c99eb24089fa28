import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBlobStore } from '../../src/server/blobs/index.js';
import type { Ticket } from '../../src/server/modules/tickets/tickets.schema.js';
import { expectProblem } from '../http/helpers.js';
import { S3_STANDIN_CREDENTIALS, S3StandIn } from '../support/s3-standin.js';
import { multipart, ok, openTicket, ticketsWorld, tinyPdf, type World } from '../tickets/helpers.js';

// The app takes its S3 credentials from the usual environment variables.
process.env.AWS_ACCESS_KEY_ID = S3_STANDIN_CREDENTIALS.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = S3_STANDIN_CREDENTIALS.secretAccessKey;
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

interface FileDto {
  id: string;
  name: string;
  size: number;
}

describe('ticket files on an S3 blob store (BLOB_STORE=s3://…)', () => {
  const s3 = new S3StandIn();
  let w: World;
  let t: Ticket;
  beforeAll(async () => {
    await s3.start();
    w = await ticketsWorld('sqlite', { blobStore: parseBlobStore(s3.url('http')) });
    t = await openTicket(w.adminA, { clientId: w.client.id, contactId: w.contact.id, subject: 'S3' });
  });
  afterAll(async () => {
    await w?.close();
    await s3.destroy();
  });

  const upload = (files: Parameters<typeof multipart>[0]) =>
    w.adminA.request({ method: 'POST', url: `/api/tickets/${t.id}/files`, ...multipart(files) });
  const fileCount = async () =>
    ok<FileDto[]>(await w.adminA.request({ method: 'GET', url: `/api/tickets/${t.id}/files` })).length;

  it('uploads stream into the bucket; downloads stream back with Content-Length, and ranges', async () => {
    const csv = `cnpj;valor\n${randomBytes(3000).toString('hex')}\n`;
    const [pdf, sheet] = ok<{ items: FileDto[] }>(
      await upload([
        { name: 'contrato.pdf', content: tinyPdf },
        { name: 'planilha.csv', content: csv },
      ]),
      201,
    ).items;
    expect(sheet!.size).toBe(csv.length);
    const dl = await w.adminA.request({ method: 'GET', url: `/api/tickets/${t.id}/files/${pdf!.id}` });
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(tinyPdf)).toBe(true);
    expect(dl.headers['content-length']).toBe(String(tinyPdf.length));
    expect(dl.headers['accept-ranges']).toBe('bytes');
    expect(dl.headers['content-type']).toBe('application/pdf');

    const part = await w.adminA.request({
      method: 'GET',
      url: `/api/tickets/${t.id}/files/${sheet!.id}`,
      headers: { range: 'bytes=11-30' },
    });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 11-30/${csv.length}`);
    expect(part.body).toBe(csv.slice(11, 31));
    const tail = await w.adminA.request({
      method: 'GET',
      url: `/api/tickets/${t.id}/files/${sheet!.id}`,
      headers: { range: 'bytes=-5' },
    });
    expect(tail.body).toBe(csv.slice(-5));
    const beyond = await w.adminA.request({
      method: 'GET',
      url: `/api/tickets/${t.id}/files/${sheet!.id}`,
      headers: { range: `bytes=${csv.length}-` },
    });
    expect(beyond.statusCode).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${csv.length}`);
  });

  it('the store down: the upload is a 503 with Retry-After and records nothing; once back, uploads work', async () => {
    const before = await fileCount();
    await s3.stop();
    const res = await upload([{ name: 'durante-a-queda.pdf', content: tinyPdf }]);
    const problem = expectProblem(res, 503, 'blobs.unavailable');
    expect(problem.detail).toBe(
      'O armazenamento de arquivos está indisponível no momento. Tente novamente em instantes.',
    );
    expect(res.headers['retry-after']).toBe('30');
    expect(await fileCount()).toBe(before);
    await s3.start();
    ok(await upload([{ name: 'depois.pdf', content: tinyPdf }]), 201);
    expect(await fileCount()).toBe(before + 1);
  });
});

describe('presigned downloads (downloads=presigned)', () => {
  const s3 = new S3StandIn();
  let w: World;
  beforeAll(async () => {
    await s3.start();
    w = await ticketsWorld('sqlite', { blobStore: parseBlobStore(s3.url('signed', '&downloads=presigned')) });
  });
  afterAll(async () => {
    await w?.close();
    await s3.destroy();
  });

  it('the download answers 302 to a short-lived URL of the bucket, which serves the file with our name', async () => {
    const t = await openTicket(w.adminA, { clientId: w.client.id, contactId: w.contact.id, subject: 'URL' });
    const [f] = ok<{ items: FileDto[] }>(
      await w.adminA.request({
        method: 'POST',
        url: `/api/tickets/${t.id}/files`,
        ...multipart([{ name: 'Relatório.pdf', content: tinyPdf }]),
      }),
      201,
    ).items;
    const res = await w.adminA.request({ method: 'GET', url: `/api/tickets/${t.id}/files/${f!.id}` });
    expect(res.statusCode).toBe(302);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const url = res.headers.location as string;
    expect(url.startsWith(`${s3.endpoint}/`)).toBe(true);
    expect(url).toContain('X-Amz-Expires=300');
    const file = await fetch(url);
    expect(Buffer.from(await file.arrayBuffer()).equals(tinyPdf)).toBe(true);
    expect(file.headers.get('content-disposition')).toContain("filename*=UTF-8''Relat%C3%B3rio.pdf");
  });
});

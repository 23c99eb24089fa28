import type { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZipFile } from 'yazl';
import { blobStore, dispositionHeader } from '../../blobs/index.js';
import type { AppContext } from '../../context.js';
import { officeRow } from '../../db/office-row.js';
import { extensionOf } from '../../http/file-content.js';
import { formatDateTimeBR } from '../br/index.js';
import { getRecentOffice } from '../platform/index.js';
import { CollectionError } from './collection.errors.js';
import { findRequest } from './requests.repo.js';

/**
 * [8] "Baixar todos os anexos": every file of a programação as one .zip, streamed — folders
 * `<client>/<competência>/<item>/<file>` and a `manifest.csv` (item, answer, file, who, when, SHA-256) — with
 * yazl: each blob is opened only when its turn comes (`addReadStreamLazy`), so memory stays flat whatever
 * the number and size of the files. Files already compressed (PDF, images, Office, zip) are stored; text
 * (XML, OFX, CSV, TXT) is deflated. When the browser cancels, the zip and the blob being read are closed
 * quietly: nothing is logged as an error and nothing stays open.
 */

const answerLabels: Record<string, string> = {
  pending: 'Pendente',
  received: 'Recebido',
  none_this_month: 'Este mês não tenho',
  never_ask_again: 'Não me pedir nos próximos meses',
  will_send_later: 'Vou enviar depois',
  dispensed: 'Dispensado',
  done: 'Concluído',
};

const TEXT = new Set(['xml', 'ofx', 'csv', 'txt', 'ret', 'rem']);

/** A folder or file name safe in every unzip tool: no path characters, no control characters, not empty. */
export function zipSegment(s: string, fallback = 'sem-nome'): string {
  const clean = s
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 120);
  return clean || fallback;
}

let open = 0;
/** Blob streams zips are reading right now (a cancelled download leaves none open). */
export const openZipReads = () => open;

export async function streamRequestZip(
  ctx: AppContext,
  officeId: string,
  requestId: string,
  req: FastifyRequest,
  reply: FastifyReply,
) {
  const r = await findRequest(ctx.db, officeId, requestId);
  if (!r) throw new CollectionError('request_not_found');
  const office = await getRecentOffice(ctx, officeId);
  const client = await ctx.db
    .selectFrom('clients')
    .select(['legal_name', 'document'])
    .where(officeRow(officeId, r.client_id))
    .executeTakeFirst();
  const items = await ctx.db
    .selectFrom('collection_request_items')
    .select(['id', 'name', 'state', 'position', 'answered_by_name', 'answered_at'])
    .where('request_id', '=', requestId)
    .orderBy('position')
    .execute();
  const files = await ctx.db
    .selectFrom('collection_files')
    .select(['id', 'item_id', 'name', 'size', 'blob_ref', 'uploaded_by_name', 'uploaded_at'])
    .where('request_id', '=', requestId)
    .orderBy('uploaded_at')
    .orderBy('id')
    .execute();

  const root = `${zipSegment(client?.legal_name ?? 'cliente')}/${r.competencia}`;
  const used = new Set<string>();
  const unique = (path: string) => {
    if (!used.has(path.toLowerCase())) {
      used.add(path.toLowerCase());
      return path;
    }
    const dot = path.lastIndexOf('.');
    const [base, ext] = dot > path.lastIndexOf('/') ? [path.slice(0, dot), path.slice(dot)] : [path, ''];
    for (let n = 2; ; n++) {
      const p = `${base} (${n})${ext}`;
      if (!used.has(p.toLowerCase())) {
        used.add(p.toLowerCase());
        return p;
      }
    }
  };
  const manifest: string[][] = [['item', 'resposta', 'arquivo', 'quem', 'quando', 'sha256']];
  const entries: { path: string; ref: string; size: number; at: Date; compress: boolean }[] = [];
  for (const item of items) {
    const mine = files.filter((f) => f.item_id === item.id);
    const folder = `${root}/${String(item.position + 1).padStart(2, '0')} ${zipSegment(item.name)}`;
    if (!mine.length) {
      manifest.push([
        item.name,
        answerLabels[item.state] ?? item.state,
        '',
        item.answered_by_name ?? '',
        item.answered_at ? formatDateTimeBR(item.answered_at, office.timeZone) : '',
        '',
      ]);
      continue;
    }
    for (const f of mine) {
      const path = unique(`${folder}/${zipSegment(f.name, 'arquivo')}`);
      entries.push({
        path,
        ref: f.blob_ref,
        size: Number(f.size),
        at: new Date(f.uploaded_at),
        compress: TEXT.has(extensionOf(f.name)),
      });
      manifest.push([
        item.name,
        answerLabels[item.state] ?? item.state,
        path.slice(root.length + 1),
        f.uploaded_by_name,
        formatDateTimeBR(f.uploaded_at, office.timeZone),
        f.blob_ref.replace(/^sha256:/, ''),
      ]);
    }
  }

  const zip = new ZipFile();
  let current: Readable | null = null;
  let cancelled = false;
  zip.addBuffer(
    Buffer.from(`\uFEFF${stringify(manifest, { delimiter: ';' })}`, 'utf8'),
    `${root}/manifest.csv`,
    {
      mtime: ctx.clock.now(),
    },
  );
  for (const e of entries) {
    zip.addReadStreamLazy(e.path, { size: e.size, mtime: e.at, compress: e.compress }, (cb) => {
      if (cancelled) return cb(new Error('cancelled'), null as never);
      blobStore(ctx)
        .open(e.ref)
        .then((stream): void => {
          open++;
          current = stream;
          stream.once('close', () => {
            open--;
            if (current === stream) current = null;
          });
          cb(null, stream);
        })
        .catch((err: unknown) => cb(err, null as never));
    });
  }
  zip.end();
  const out = zip.outputStream as unknown as Readable;
  // The browser went away: stop reading blobs and drop the zip, quietly (no error, nothing left open).
  reply.raw.once('close', () => {
    if (reply.raw.writableFinished) return;
    cancelled = true;
    out.unpipe?.();
    (current as Readable | null)?.destroy();
    out.destroy();
  });
  out.on('error', (err) => {
    if (!cancelled) req.log.error({ err, requestId }, 'collection zip failed');
  });
  const name = `${zipSegment(client?.legal_name ?? 'cliente')} ${r.competencia}.zip`;
  reply
    .type('application/zip')
    .header('content-disposition', dispositionHeader('attachment', name))
    .header('cache-control', 'private, no-store');
  return reply.send(out);
}

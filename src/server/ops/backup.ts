/**
 * `expediente backup <file>` and `expediente restore <file>` for the embedded installation (SQLite and the
 * local blob store). Terms:
 * - **backup file**: a gzip'd tar holding `expediente.sqlite` (an online copy made with SQLite's backup
 *   API while the server keeps writing), `secret.key` (when the key lives in the data directory: without it
 *   the channels' stored passwords cannot be read), `blobs/<aa>/<rest of the SHA-256>` (every file of the
 *   local store) and, last, `manifest.json`: the format, the schema version, and each entry's size and
 *   SHA-256.
 * - **consistency**: the database is copied first, in one step (one read transaction: the copy is the
 *   database as of one commit), and the blobs are listed after it. A blob is stored before the row naming
 *   it commits, so every blob the copy names is in the file (blobs stored later come along, unnamed and
 *   harmless).
 * - **restore**: into an empty data directory (or, with `force`, over the database, key and blobs of a
 *   stopped installation). Everything is extracted into a staging folder inside the data directory and
 *   checked — every entry against the manifest, every blob against its name, the database's
 *   `integrity_check` — before anything is moved into place: a corrupt or truncated file restores nothing.
 *
 * PostgreSQL installations back up with pg_dump and their bucket's tools (docs/operations.md).
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { cp, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import SQLite from 'better-sqlite3';
import { extract as tarExtract, pack as tarPack } from 'tar-stream';
import { localDir } from '../blobs/blob-store-config.js';
import type { Config } from '../config.js';
import { newId } from '../ids.js';
import { BackupError } from './backup.errors.js';

const FORMAT = 'expediente-backup';
const VERSION = 1;
const DB_ENTRY = 'expediente.sqlite';
const KEY_ENTRY = 'secret.key';
const MANIFEST = 'manifest.json';
const BLOB_ENTRY = /^blobs\/([0-9a-f]{2})\/([0-9a-f]{62})$/;

/** One file of a backup, as the manifest lists it. */
export interface ManifestFile {
  name: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  format: typeof FORMAT;
  version: number;
  createdAt: string;
  dialect: 'sqlite';
  /** The last migration applied in the copied database. */
  schema: string | null;
  /** `file`: DATA_DIR/secret.key is in the backup; `environment`: set the same SECRET_KEY on restore. */
  secretKey: 'file' | 'environment';
  /** `included`: the local store's files are in the backup; `external`: they live in S3 (copy the bucket). */
  blobs: 'included' | 'external';
  files: ManifestFile[];
}

/** Where an installation keeps what a backup holds. */
export interface DataPaths {
  dataDir: string;
  database: string;
  secretKey: string;
  /** The local blob store's directory; null when blobs live in S3. */
  blobs: string | null;
}

export function dataPaths(config: Pick<Config, 'dataDir' | 'blobStore'>): DataPaths {
  return {
    dataDir: config.dataDir,
    database: join(config.dataDir, DB_ENTRY),
    secretKey: join(config.dataDir, KEY_ENTRY),
    blobs: config.blobStore.kind === 'local' ? localDir(config.blobStore, config.dataDir) : null,
  };
}

export interface BackupSummary {
  file: string;
  bytes: number;
  blobs: number;
  manifest: Manifest;
}

/** The local store's blob files, as archive names (`blobs/aa/…`), temporaries left out. */
async function listBlobs(dir: string): Promise<string[]> {
  const out: string[] = [];
  let prefixes: string[];
  try {
    prefixes = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return out;
    throw err;
  }
  for (const p of prefixes.sort()) {
    if (!/^[0-9a-f]{2}$/.test(p)) continue; // tmp/ and anything else that is not a blob
    for (const rest of (await readdir(join(dir, p))).sort()) {
      const name = `blobs/${p}/${rest}`;
      if (BLOB_ENTRY.test(name)) out.push(name);
    }
  }
  return out;
}

/**
 * Writes a backup of the installation to `file` (a new file: never overwrites). The server may keep
 * running and writing meanwhile. The file appears under its name only once complete (`<file>.part` until
 * then).
 */
export async function backup(paths: DataPaths, file: string, now = new Date()): Promise<BackupSummary> {
  if (!existsSync(paths.database)) throw new BackupError('no_database', { params: { path: paths.database } });
  if (existsSync(file)) throw new BackupError('output_exists', { params: { path: file } });
  const part = `${file}.part`;
  const dbCopy = `${file}.sqlite.part`;
  await rm(dbCopy, { force: true });
  try {
    // 1. The database, online: SQLite's backup API on a connection of our own. All pages in one step, so
    //    the copy is one read transaction (a WAL reader never blocks the server's writes, and a write
    //    between two steps would make SQLite start the copy over).
    const source = new SQLite(paths.database, { fileMustExist: true });
    try {
      source.pragma('busy_timeout = 10000');
      await source.backup(dbCopy, { progress: () => 0x7fffffff });
    } finally {
      source.close();
    }
    const copy = new SQLite(dbCopy, { fileMustExist: true });
    let schema: string | null;
    try {
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new BackupError('integrity', { params: { detail: String(check) } });
      // The copy is a file of its own: no WAL beside it in the archive.
      copy.pragma('journal_mode = DELETE');
      schema =
        (
          copy.prepare('select name from kysely_migration order by name desc limit 1').get() as
            | { name: string }
            | undefined
        )?.name ?? null;
    } finally {
      copy.close();
    }

    // 2. The entries, the blobs listed only now (see the file's header).
    const entries: { name: string; path: string }[] = [{ name: DB_ENTRY, path: dbCopy }];
    const keyInFile = existsSync(paths.secretKey);
    if (keyInFile) entries.push({ name: KEY_ENTRY, path: paths.secretKey });
    const blobNames = paths.blobs ? await listBlobs(paths.blobs) : [];
    for (const name of blobNames)
      entries.push({ name, path: join(paths.blobs!, name.slice('blobs/'.length)) });

    // 3. The archive: each file streamed in while hashed; the manifest last.
    const pack = tarPack();
    const written = pipeline(pack, createGzip({ level: 6 }), createWriteStream(part, { flags: 'wx' }));
    const files: ManifestFile[] = [];
    try {
      for (const e of entries) {
        const { size } = await stat(e.path);
        const hash = createHash('sha256');
        let seen = 0;
        await new Promise<void>((resolve, reject) => {
          const sink = pack.entry({ name: e.name, size, mode: 0o600, mtime: now }, (err) =>
            err ? reject(err) : resolve(),
          );
          (async () => {
            for await (const chunk of createReadStream(e.path, { end: size - 1 }) as AsyncIterable<Buffer>) {
              hash.update(chunk);
              seen += chunk.length;
              if (!sink.write(chunk)) await new Promise<void>((r) => sink.once('drain', () => r()));
            }
            sink.end(undefined);
          })().catch((err) => {
            sink.destroy(err);
            reject(err);
          });
        });
        if (seen !== size) throw new Error(`${e.name} changed while it was copied`);
        const sha256 = hash.digest('hex');
        const blob = BLOB_ENTRY.exec(e.name);
        if (blob && `${blob[1]}${blob[2]}` !== sha256)
          throw new BackupError('checksum_mismatch', {
            params: { name: e.name, why: 'the stored file does not match its name' },
          });
        files.push({ name: e.name, size, sha256 });
      }
      const manifest: Manifest = {
        format: FORMAT,
        version: VERSION,
        createdAt: now.toISOString(),
        dialect: 'sqlite',
        schema,
        secretKey: keyInFile ? 'file' : 'environment',
        blobs: paths.blobs ? 'included' : 'external',
        files,
      };
      pack.entry({ name: MANIFEST, mode: 0o600, mtime: now }, `${JSON.stringify(manifest, null, 2)}\n`);
      pack.finalize();
      await written;
      const fh = await open(part, 'r+');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(part, file);
      return { file, bytes: (await stat(file)).size, blobs: blobNames.length, manifest };
    } catch (err) {
      pack.destroy(err as Error);
      await written.catch(() => {});
      throw err;
    }
  } finally {
    await rm(dbCopy, { force: true });
    await rm(part, { force: true });
  }
}

/** Names a data directory may hold that do not make it "not empty". */
const IGNORED = new Set(['lost+found']);

async function isEmptyDir(dir: string | null): Promise<boolean> {
  if (!dir) return true;
  try {
    return (await readdir(dir)).every((n) => IGNORED.has(n));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
}

export interface RestoreSummary {
  manifest: Manifest;
  blobs: number;
}

/** Reads a backup file's manifest without restoring anything (for `restore` and for checks). */
function parseManifest(file: string, text: string): Manifest {
  let m: Manifest;
  try {
    m = JSON.parse(text) as Manifest;
  } catch {
    throw new BackupError('not_a_backup', { params: { path: file } });
  }
  if (m?.format !== FORMAT || !Array.isArray(m.files) || typeof m.version !== 'number')
    throw new BackupError('not_a_backup', { params: { path: file } });
  if (m.version > VERSION) throw new BackupError('newer_format', { params: { version: m.version } });
  return m;
}

/**
 * Restores a backup file into the installation's data directory. Refuses a directory that is not empty
 * unless `force` (then the database, its WAL, the key and the blobs are replaced; stop the server first).
 * Verifies every entry before moving anything into place.
 */
export async function restore(
  paths: DataPaths,
  file: string,
  options: { force?: boolean } = {},
): Promise<RestoreSummary> {
  if (!options.force) {
    for (const dir of [paths.dataDir, paths.blobs])
      if (!(await isEmptyDir(dir))) throw new BackupError('not_empty', { params: { path: dir! } });
  }
  await mkdir(paths.dataDir, { recursive: true });
  const staging = join(paths.dataDir, `.restore-${newId()}`);
  await mkdir(staging);
  try {
    const got = new Map<string, { size: number; sha256: string }>();
    let manifestText: string | null = null;
    const extract = tarExtract();
    const reading = pipeline(createReadStream(file), createGunzip(), extract);
    const unpacking = (async () => {
      for await (const entry of extract) {
        const name = entry.header.name;
        if (entry.header.type !== 'file') throw new BackupError('unexpected_entry', { params: { name } });
        if (name === MANIFEST) {
          const chunks: Buffer[] = [];
          for await (const c of entry as AsyncIterable<Buffer>) chunks.push(c);
          manifestText = Buffer.concat(chunks).toString('utf8');
          continue;
        }
        if (name !== DB_ENTRY && name !== KEY_ENTRY && !BLOB_ENTRY.test(name))
          throw new BackupError('unexpected_entry', { params: { name } });
        if (got.has(name)) throw new BackupError('unexpected_entry', { params: { name } });
        const target = join(staging, ...name.split('/'));
        await mkdir(dirname(target), { recursive: true });
        const hash = createHash('sha256');
        let size = 0;
        const fh = await open(target, 'wx', 0o600);
        try {
          for await (const c of entry as AsyncIterable<Buffer>) {
            hash.update(c);
            size += c.length;
            await fh.write(c);
          }
          await fh.sync();
        } finally {
          await fh.close();
        }
        got.set(name, { size, sha256: hash.digest('hex') });
      }
    })();
    // Both must end; the first failure is the one reported (a bad entry stops the reading too).
    const [r, u] = await Promise.allSettled([reading, unpacking]);
    if (u.status === 'rejected' && u.reason instanceof BackupError) throw u.reason;
    // A stream that breaks (truncated, not gzip, not tar) is not a backup, whichever side saw it first.
    if (r.status === 'rejected' || u.status === 'rejected')
      throw new BackupError('not_a_backup', {
        params: { path: file },
        cause: r.status === 'rejected' ? r.reason : (u as PromiseRejectedResult).reason,
      });
    if (manifestText === null) throw new BackupError('not_a_backup', { params: { path: file } });
    const manifest = parseManifest(file, manifestText);

    // Every entry as the manifest says, nothing more and nothing less.
    const listed = new Map(manifest.files.map((f) => [f.name, f]));
    for (const [name, g] of got) {
      const f = listed.get(name);
      if (!f) throw new BackupError('checksum_mismatch', { params: { name, why: 'not in the manifest' } });
      if (f.size !== g.size || f.sha256 !== g.sha256)
        throw new BackupError('checksum_mismatch', {
          params: {
            name,
            why: f.size !== g.size ? `${g.size} bytes, ${f.size} expected` : 'SHA-256 differs',
          },
        });
      const blob = BLOB_ENTRY.exec(name);
      if (blob && `${blob[1]}${blob[2]}` !== g.sha256)
        throw new BackupError('checksum_mismatch', {
          params: { name, why: 'SHA-256 differs from its name' },
        });
    }
    for (const name of listed.keys())
      if (!got.has(name)) throw new BackupError('checksum_mismatch', { params: { name, why: 'missing' } });
    if (!got.has(DB_ENTRY)) throw new BackupError('not_a_backup', { params: { path: file } });

    const staged = join(staging, DB_ENTRY);
    const db = new SQLite(staged, { fileMustExist: true });
    try {
      const check = db.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new BackupError('integrity', { params: { detail: String(check) } });
    } finally {
      db.close();
    }

    // Into place. With force, what the installation had is replaced (the database's WAL with it: a WAL
    // left beside the restored file would be replayed over it).
    if (options.force) {
      for (const suffix of ['', '-wal', '-shm']) await rm(`${paths.database}${suffix}`, { force: true });
      if (got.has(KEY_ENTRY)) await rm(paths.secretKey, { force: true });
    }
    if (got.has(KEY_ENTRY)) await rename(join(staging, KEY_ENTRY), paths.secretKey);
    let blobs = 0;
    if (existsSync(join(staging, 'blobs'))) {
      const target = paths.blobs ?? join(paths.dataDir, 'blobs');
      await mkdir(target, { recursive: true });
      for (const p of await readdir(join(staging, 'blobs'))) {
        await mkdir(join(target, p), { recursive: true });
        for (const rest of await readdir(join(staging, 'blobs', p))) {
          await moveFile(join(staging, 'blobs', p, rest), join(target, p, rest));
          blobs++;
        }
      }
    }
    // The database last: an installation with a database is a restored one.
    await rename(staged, paths.database);
    return { manifest, blobs };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Renames, or copies across file systems (a blob directory on another disk). */
async function moveFile(from: string, to: string) {
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await cp(from, to);
  }
}

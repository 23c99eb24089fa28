import { isAbsolute, resolve } from 'node:path';

/**
 * Where blobs live, parsed from `BLOB_STORE` at start (so a typo fails the start, not the first upload):
 * - unset or empty: the local directory `DATA_DIR/blobs`;
 * - a path or `file:///path`: that local directory;
 * - `s3://bucket/prefix?endpoint=…&region=…&pathStyle=true&downloads=presigned&presignSeconds=300`: an
 *   S3-compatible bucket; credentials come from the SDK's usual sources (`AWS_ACCESS_KEY_ID` /
 *   `AWS_SECRET_ACCESS_KEY`, a profile, an instance role), never from the URL.
 */
export type BlobStoreSpec =
  | { kind: 'local'; dir: string | null }
  | {
      kind: 's3';
      bucket: string;
      prefix: string;
      endpoint?: string;
      region: string;
      pathStyle: boolean;
      downloads: 'stream' | 'presigned';
      presignSeconds: number;
    };

const S3_PARAMS = new Set(['endpoint', 'region', 'pathStyle', 'downloads', 'presignSeconds']);

/** Parses `BLOB_STORE`; throws a message naming the problem. */
export function parseBlobStore(raw: string | undefined, env: NodeJS.ProcessEnv = {}): BlobStoreSpec {
  const value = raw?.trim();
  if (!value) return { kind: 'local', dir: null };
  if (value.startsWith('file://')) return { kind: 'local', dir: new URL(value).pathname };
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return { kind: 'local', dir: resolve(value) };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`BLOB_STORE: not a valid URL (${value})`);
  }
  if (url.protocol !== 's3:')
    throw new Error(`BLOB_STORE: unknown scheme ${url.protocol} (use a path, file:// or s3://)`);
  if (url.username || url.password)
    throw new Error(
      'BLOB_STORE: put credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, not in the URL',
    );
  const bucket = url.hostname;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
    throw new Error(`BLOB_STORE: invalid bucket name "${bucket}"`);
  for (const key of url.searchParams.keys())
    if (!S3_PARAMS.has(key))
      throw new Error(`BLOB_STORE: unknown parameter "${key}" (known: ${[...S3_PARAMS].join(', ')})`);
  const p = url.searchParams;
  const endpoint = p.get('endpoint') ?? undefined;
  if (endpoint && !/^https?:\/\/[^/]+/.test(endpoint))
    throw new Error(`BLOB_STORE: endpoint must be an http(s) URL (${endpoint})`);
  const bool = (name: string, fallback: boolean) => {
    const v = p.get(name);
    if (v === null) return fallback;
    if (v !== 'true' && v !== 'false') throw new Error(`BLOB_STORE: ${name} must be true or false`);
    return v === 'true';
  };
  const downloads = p.get('downloads') ?? 'stream';
  if (downloads !== 'stream' && downloads !== 'presigned')
    throw new Error('BLOB_STORE: downloads must be stream or presigned');
  const presignSeconds = Number(p.get('presignSeconds') ?? 300);
  if (!Number.isInteger(presignSeconds) || presignSeconds < 1 || presignSeconds > 604_800)
    throw new Error('BLOB_STORE: presignSeconds must be a whole number from 1 to 604800');
  const path = decodeURIComponent(url.pathname).replace(/^\/+|\/+$/g, '');
  return {
    kind: 's3',
    bucket,
    prefix: path ? `${path}/` : '',
    ...(endpoint ? { endpoint } : {}),
    region: p.get('region') ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    // Self-hosted servers (MinIO, Ceph, s3rver) are addressed by path; AWS by virtual host.
    pathStyle: bool('pathStyle', !!endpoint),
    downloads,
    presignSeconds,
  };
}

/** The directory of a local spec: its own, or `DATA_DIR/blobs`. */
export function localDir(spec: { dir: string | null }, dataDir: string): string {
  return spec.dir ? (isAbsolute(spec.dir) ? spec.dir : resolve(spec.dir)) : resolve(dataDir, 'blobs');
}

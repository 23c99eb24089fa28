import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { type BlobStoreSpec, parseBlobStore } from './blobs/blob-store-config.js';
import { type ClamdAddress, parseClamdAddress } from './blobs/virus-scan-config.js';

/**
 * Process configuration, read once from the environment at start.
 * Every variable is documented in the README's configuration table.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().url().optional(),
  BLOB_STORE: z.string().optional(),
  CLAMAV_SOCKET: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  COOKIE_SECURE: z
    .enum(['true', 'false', 'auto'])
    .default('auto')
    .transform((v) => (v === 'auto' ? 'auto' : v === 'true')),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(10),
  AUTOMATION_HOOK_RATE_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  DEMO_SEED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  PUBLIC_URL: z.string().url().optional(),
  WORKER_POOLS: z.string().default('default'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  JOB_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  RATE_LIMIT_EMAIL_PER_MINUTE: z.coerce.number().int().min(0).default(120),
  RATE_LIMIT_WHATSAPP_PER_MINUTE: z.coerce.number().int().min(0).default(60),
  RATE_LIMIT_SMS_PER_MINUTE: z.coerce.number().int().min(0).default(60),
  MESSAGE_BODY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  SECRET_KEY: z.string().min(16).optional(),
  SMTP_CA_FILE: z.string().optional(),
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  METRICS_TOKEN: z.string().min(16).optional(),
  AUTOMATION_WEBHOOK_ALLOW_PRIVATE: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(50 * 1024 * 1024),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Where files live (`BLOB_STORE`): the local `DATA_DIR/blobs` by default, or an S3-compatible bucket. */
  blobStore: BlobStoreSpec;
  /**
   * The clamd that scans every file a client uploads (`CLAMAV_SOCKET`: a unix socket or host:port); none:
   * no scan. See docs/storage.md.
   */
  clamav?: ClamdAddress | undefined;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  sessionTtlMs: number;
  cookieSecure: boolean | 'auto';
  bodyLimitBytes: number;
  loginRateLimitPerMinute: number;
  /** Calls per minute on one incoming-webhook address (`AUTOMATION_HOOK_RATE_PER_MINUTE`; 0: no limit). */
  automationHookRatePerMinute: number;
  demoSeed: boolean;
  publicUrl: string | undefined;
  /** Behind a reverse proxy: take the client address and protocol from X-Forwarded-* headers. */
  trustProxy: boolean;
  /**
   * Messages each office may send per minute, per channel (providers throttle beyond that); 0: no limit,
   * as for an office's own mail server (no reservation is counted then).
   */
  rateLimitPerMinute: { email: number; whatsapp: number; sms: number };
  /** Message bodies are redacted after this many days; delivery metadata is kept. */
  messageBodyRetentionDays: number;
  /** Encrypts channel secrets at rest and signs unsubscribe links. Generated into DATA_DIR on SQLite. */
  secretKey: string;
  /**
   * Extra certificate authorities (PEM) that SMTP servers' certificates may chain to — an office's own
   * CA for its internal mail server — on top of Node's bundled ones. Certificates are always verified.
   */
  smtpCa: string | undefined;
  /** Pools this process's workers serve (comma-separated in the environment). */
  workerPools: string[];
  workerConcurrency: number;
  /** Finished runs are pruned after this many days (a daily summary is kept). */
  jobRetentionDays: number;
  /**
   * Bearer token that `/metrics` (Prometheus) requires; without it the endpoint does not exist.
   * See docs/operations.md.
   */
  metricsToken: string | undefined;
  /** The installation's ceiling for one uploaded file (Cobrança de Arquivos: an item's limit never exceeds it). */
  uploadMaxBytes: number;
  /**
   * `AUTOMATION_WEBHOOK_ALLOW_PRIVATE=1`: outgoing webhooks (Automações) may reach private, loopback and
   * link-local addresses (receivers on the installation's own network). Off by default (SSRF).
   */
  webhookAllowPrivate: boolean;
};

/**
 * The embedded default keeps its secret key in DATA_DIR/secret.key, created on first start. With
 * PostgreSQL several machines must share it, so SECRET_KEY is required there.
 */
function localSecret(dataDir: string, postgres: boolean): string {
  if (postgres)
    throw new Error('SECRET_KEY is required when DATABASE_URL is set (the same value on every machine).');
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64url');
  writeFileSync(file, key, { mode: 0o600 });
  return key;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    blobStore: blobStoreOf(e.BLOB_STORE, env),
    clamav: e.CLAMAV_SOCKET ? clamdOf(e.CLAMAV_SOCKET) : undefined,
    logLevel: e.LOG_LEVEL,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3_600_000,
    cookieSecure: e.COOKIE_SECURE,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
    automationHookRatePerMinute: e.AUTOMATION_HOOK_RATE_PER_MINUTE,
    demoSeed: e.DEMO_SEED,
    publicUrl: e.PUBLIC_URL,
    trustProxy: e.TRUST_PROXY,
    rateLimitPerMinute: {
      email: e.RATE_LIMIT_EMAIL_PER_MINUTE,
      whatsapp: e.RATE_LIMIT_WHATSAPP_PER_MINUTE,
      sms: e.RATE_LIMIT_SMS_PER_MINUTE,
    },
    messageBodyRetentionDays: e.MESSAGE_BODY_RETENTION_DAYS,
    secretKey: e.SECRET_KEY ?? localSecret(resolve(e.DATA_DIR), !!e.DATABASE_URL),
    smtpCa: e.SMTP_CA_FILE ? readCaFile(e.SMTP_CA_FILE) : undefined,
    workerPools: e.WORKER_POOLS.split(',')
      .map((p) => p.trim())
      .filter(Boolean),
    workerConcurrency: e.WORKER_CONCURRENCY,
    jobRetentionDays: e.JOB_RETENTION_DAYS,
    metricsToken: e.METRICS_TOKEN,
    uploadMaxBytes: e.UPLOAD_MAX_BYTES,
    webhookAllowPrivate: e.AUTOMATION_WEBHOOK_ALLOW_PRIVATE,
  };
}

function blobStoreOf(raw: string | undefined, env: NodeJS.ProcessEnv): BlobStoreSpec {
  try {
    return parseBlobStore(raw, env);
  } catch (err) {
    throw new Error(`Invalid configuration:\n  ${(err as Error).message}`);
  }
}

function clamdOf(raw: string): ClamdAddress {
  try {
    return parseClamdAddress(raw);
  } catch (err) {
    throw new Error(`Invalid configuration:\n  ${(err as Error).message}`);
  }
}

/** The PEM file named by SMTP_CA_FILE, or a clear error at start (not at the first e-mail). */
function readCaFile(path: string): string {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(
      `Invalid configuration:\n  SMTP_CA_FILE: cannot read ${path} (${(err as Error).message})`,
    );
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----'))
    throw new Error(`Invalid configuration:\n  SMTP_CA_FILE: ${path} holds no PEM certificate`);
  return pem;
}

/**
 * A page of the app as an absolute link for what is sent out (e-mails, WhatsApp, webhooks): under
 * `PUBLIC_URL`, else the address it listens on.
 *
 * @example appLink(ctx.config, `/clients/${id}?tab=certidoes`)
 */
export function appLink(config: Pick<Config, 'publicUrl' | 'host' | 'port'>, path: string): string {
  const base = config.publicUrl ?? `http://${config.host}:${config.port}`;
  return `${base.replace(/\/$/, '')}${path}`;
}

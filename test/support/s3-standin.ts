import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./s3-standin.process.mjs', import.meta.url));

/** Credentials s3rver accepts. */
export const S3_STANDIN_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/**
 * A local S3-compatible server (s3rver) in a child process, with one bucket, for the S3 adapter's tests.
 * `stop()` takes it down (the outage test); `start()` brings it back on the same port and directory.
 */
export class S3StandIn {
  readonly dir = mkdtempSync(join(tmpdir(), 'expediente-s3-'));
  port = 0;
  #child: ChildProcess | null = null;

  constructor(readonly bucket = 'expediente-test') {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** `BLOB_STORE` for this server. */
  url(prefix = 'office-files', extra = ''): string {
    return `s3://${this.bucket}/${prefix}?endpoint=${encodeURIComponent(this.endpoint)}&region=us-east-1${extra}`;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, [script, this.dir, String(this.port), this.bucket], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.#child = child;
    this.port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /listening (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', (code) => reject(new Error(`s3rver exited with ${code}`)));
    });
  }

  async stop(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null) return;
    this.#child = null;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

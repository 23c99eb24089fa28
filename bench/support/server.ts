import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from '../../test/support/pg-cluster.js';
import { procCpuMs } from './cpu.js';

export interface StartedServer {
  child: ChildProcess;
  pid: number;
  port: number;
  /** Milliseconds from spawn to the first 200 from `/api/health`. */
  startMs: number;
  /** CPU (user + system) the process had used by then, in ms. */
  startCpuMs: number;
  stop(): Promise<void>;
}

/**
 * Spawns the real server process (`node <nodeArgs>` in `root`, e.g. `['dist/server/main.js', 'web']`
 * or `['--import', 'tsx', 'src/server/main.ts', 'web']`) and polls `/api/health` every 10 ms until it
 * answers 200. `env` is added to a copy of ours without DATABASE_URL and NODE_OPTIONS.
 */
export async function startServer(
  root: string,
  nodeArgs: string[],
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<StartedServer> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  delete childEnv.DATABASE_URL;
  delete childEnv.NODE_OPTIONS;
  Object.assign(childEnv, { HOST: '127.0.0.1', PORT: String(port), ...env });

  const t0 = performance.now();
  const child = spawn(process.execPath, nodeArgs, {
    cwd: root,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  let exited: number | null | undefined;
  child.once('exit', (code) => {
    exited = code;
  });

  const stop = async () => {
    if (exited !== undefined) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  };

  const url = `http://127.0.0.1:${port}/api/health`;
  for (;;) {
    if (exited !== undefined)
      throw new Error(`server exited (${exited}) before becoming healthy:\n${output}`);
    if (performance.now() - t0 > timeoutMs) {
      await stop();
      throw new Error(`server not healthy after ${timeoutMs} ms:\n${output}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  const startMs = performance.now() - t0;
  if (child.pid === undefined) throw new Error('no pid');
  const startCpuMs = procCpuMs(child.pid);
  return { child, pid: child.pid, port, startMs, startCpuMs, stop };
}

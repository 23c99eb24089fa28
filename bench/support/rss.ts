import { readFileSync } from 'node:fs';

/** Resident set size of a process in MiB, from `VmRSS` in `/proc/<pid>/status` (Linux). */
export function rssMb(pid: number = process.pid): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) / 1024;
}

/** Samples the RSS of `pid` every `everyMs` for `durationMs`; returns the samples in MiB. */
export async function sampleRss(pid: number, durationMs: number, everyMs = 250): Promise<number[]> {
  const out: number[] = [];
  const end = Date.now() + durationMs;
  while (Date.now() < end) {
    out.push(rssMb(pid));
    await new Promise((r) => setTimeout(r, everyMs));
  }
  out.push(rssMb(pid));
  return out;
}

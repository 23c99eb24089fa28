import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time, which — unlike wall-clock latency — a busy machine does not inflate much: a request's CPU
 * cost is roughly what its latency would be on an idle machine with a core to spare.
 */

/** User + system CPU of this process so far, in ms. */
export function selfCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

const ticksPerMs = 100 / 1000; // USER_HZ is 100 on Linux

/** utime + stime of a process in ms, from /proc/<pid>/stat; 0 if it is gone. */
export function procCpuMs(pid: number): number {
  return statCpuMs(`/proc/${pid}/stat`);
}

/**
 * utime + stime of a process's main thread in ms (for Node: the JavaScript thread, without the GC, JIT and
 * libuv threads), from /proc/<pid>/task/<pid>/stat; 0 if it is gone.
 */
export function mainThreadCpuMs(pid: number): number {
  return statCpuMs(`/proc/${pid}/task/${pid}/stat`);
}

function statCpuMs(path: string, withReapedChildren = false): number {
  try {
    const stat = readFileSync(path, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): utime is field 14, stime field 15, cutime and cstime (the children
    // this process has waited for) fields 16 and 17.
    const own = Number(fields[11]) + Number(fields[12]);
    return (withReapedChildren ? own + Number(fields[13]) + Number(fields[14]) : own) / ticksPerMs;
  } catch {
    return 0;
  }
}

function parentOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return -1;
  }
}

/** The postmaster listening on `port` (its command line has `-p <port>`), or undefined. */
export function findPostmaster(port: number): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const p = argv.indexOf('-p');
      if (/postgres$/.test(argv[0] ?? '') && p > 0 && argv[p + 1] === String(port)) return Number(entry);
    } catch {
      // process gone
    }
  }
  return undefined;
}

/**
 * Total CPU ms of a PostgreSQL cluster: the postmaster, its live children (backends, background
 * workers) and the children it has reaped (a backend's CPU moves into the postmaster's cutime/cstime when
 * it exits), so the total never goes down when a pool closes its connections between two readings.
 */
export function clusterCpuMs(postmaster: number): number {
  let total = statCpuMs(`/proc/${postmaster}/stat`, true);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (parentOf(pid) === postmaster) total += procCpuMs(pid);
  }
  return total;
}

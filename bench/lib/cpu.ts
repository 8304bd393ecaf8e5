// CPU time of processes from /proc, so each phase can say who used the two cores: on a
// machine this small the load generators compete with the server, and that belongs in the result.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces; fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

export function rssBytes(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** A process and every process below it (the server's primary, its web processes and queue worker). */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]) ?? []));
  return tree;
}

/** CPU seconds of several processes together; null when none can be read. */
function cpuSecondsOf(pids: number | number[]): number | null {
  const readings = [pids].flat().map(cpuSeconds).filter((s): s is number => s !== null);
  return readings.length === 0 ? null : readings.reduce((a, b) => a + b, 0);
}

/** Starts a measurement; the returned function gives each process's (or group's) share of one core since then. */
export function cpuMeter(pids: Record<string, number | number[] | undefined>): () => Record<string, number | null> {
  const start = Date.now();
  const before = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, pid ? cpuSecondsOf(pid) : null]));
  return () => {
    const wall = (Date.now() - start) / 1000;
    return Object.fromEntries(
      Object.entries(pids).map(([k, pid]) => {
        const a = before[k];
        const b = pid ? cpuSecondsOf(pid) : null;
        return [k, a === null || b === null || wall <= 0 ? null : Math.round(((b - a) / wall) * 100)];
      }),
    );
  };
}

// CPU time of processes from /proc, so each phase can say who used the two cores: on a
// machine this small the load generators compete with the server, and that belongs in the result.
import { readFileSync } from 'node:fs';

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

/** Starts a measurement; the returned function gives each process's share of one core since then. */
export function cpuMeter(pids: Record<string, number | undefined>): () => Record<string, number | null> {
  const start = Date.now();
  const before = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, pid ? cpuSeconds(pid) : null]));
  return () => {
    const wall = (Date.now() - start) / 1000;
    return Object.fromEntries(
      Object.entries(pids).map(([k, pid]) => {
        const a = before[k];
        const b = pid ? cpuSeconds(pid) : null;
        return [k, a === null || b === null || wall <= 0 ? null : Math.round(((b - a) / wall) * 100)];
      }),
    );
  };
}

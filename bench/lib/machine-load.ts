// How busy the machine was with work that is not the bench's. Other people's test runs
// on the same two cores slow every number here, so each run says how much CPU went
// elsewhere: all CPU time from /proc/stat minus that of the bench's process tree.
import { readdirSync, readFileSync } from 'node:fs';
import { cpuSeconds } from './cpu.ts';

const TICKS_PER_SECOND = 100;

function machineBusySeconds(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal …: everything but idle and iowait is work.
  const busy = cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + cpu[7];
  return busy / TICKS_PER_SECOND;
}

/** The bench process and everything below it (redis-server, the server, workers, Chromium). */
function benchTree(): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p: number | undefined = pid, hops = 0; p && hops < 64; p = parent.get(p), hops++) if (p === process.pid) return true;
    return false;
  };
  return [...parent.keys()].filter(inTree);
}

function benchSeconds(pids: number[]): Map<number, number> {
  return new Map(pids.map((pid) => [pid, cpuSeconds(pid) ?? 0]));
}

/** Starts a measurement; the returned function gives % of one core for the bench and for everything else. */
export function machineMeter(): () => { benchPct: number; othersPct: number } {
  const start = Date.now();
  const busy0 = machineBusySeconds();
  const bench0 = benchSeconds(benchTree());
  return () => {
    const wall = Math.max(0.001, (Date.now() - start) / 1000);
    const busy = machineBusySeconds() - busy0;
    let bench = 0;
    for (const [pid, s] of benchSeconds(benchTree())) bench += s - (bench0.get(pid) ?? 0);
    return { benchPct: Math.round((bench / wall) * 100), othersPct: Math.max(0, Math.round(((busy - bench) / wall) * 100)) };
  };
}

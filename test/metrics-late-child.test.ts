// The primary's sum of its children's metrics when a child misses the deadline: that child counts
// with its answer to the scrape before, so the summed counters never drop (Prometheus would read a
// drop as a counter reset); a child with no earlier answer is left out and reported. Real
// prom-client registries answer through the same messages as the child processes' do.
import { describe, expect, it } from 'vitest';
import { Counter, Registry } from 'prom-client';
import { ClusterMetrics, type LateChildren } from '../server/metrics/cluster-metrics.ts';

function child(value: number) {
  const registry = new Registry();
  const counter = new Counter({ name: 'warroom_events_total', help: 'events', registers: [registry] });
  counter.inc(value);
  const c = {
    counter,
    silent: false,
    metrics: null as ClusterMetrics | null,
    send(message: unknown, callback: (err: Error | null) => void) {
      callback(null);
      const { id } = message as { id: number };
      // Copied, as the IPC channel copies it.
      if (!c.silent) void registry.getMetricsAsJSON().then((metrics) => c.metrics!.receive(c, structuredClone({ type: 'warroom:metrics-json', id, metrics })));
      return true;
    },
  };
  return c;
}

const total = (text: string) => Number(/^warroom_events_total (\S+)$/m.exec(text)?.[1]);

describe('the primary gathering its children metrics', () => {
  it('counts a late child with its earlier answer, so the sums do not drop, and reports it', { timeout: 20_000 }, async () => {
    const a = child(3);
    const b = child(4);
    const lates: LateChildren[] = [];
    const children = [a, b];
    const metrics = new ClusterMetrics(() => children, (late) => lates.push(late));
    a.metrics = b.metrics = metrics;

    expect(total(await metrics.gather())).toBe(7);
    expect(lates).toEqual([]);

    a.counter.inc(2);
    b.counter.inc(5);
    b.silent = true;
    // b's earlier 4, not nothing: the sum goes on from 7, never below.
    expect(total(await metrics.gather())).toBe(5 + 4);
    expect(lates).toEqual([{ late: 1, reused: 1, deadlineMs: 2_000 }]);

    b.silent = false;
    expect(total(await metrics.gather())).toBe(5 + 9);

    // A new child that has never answered cannot be counted: it is reported as missing.
    const c = child(10);
    c.metrics = metrics;
    c.silent = true;
    children.push(c);
    expect(total(await metrics.gather())).toBe(5 + 9);
    expect(lates.at(-1)).toEqual({ late: 1, reused: 0, deadlineMs: 2_000 });
  });
});

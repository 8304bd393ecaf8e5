// The node's Prometheus metrics (prom-client), one registry per app. Counters move where the
// thing happens; gauges of state (boards, feeds, stream lag, queue depth) are read when
// Prometheus scrapes, so nothing is counted on the hot path that a scrape can read instead.
// No label holds personal data: roles, event types, clocks, queue states and route patterns only.
//
// Under `npm start` the primary adds up the web processes' registries (cluster-metrics.ts),
// each metric with its `aggregator`: what every web process sees alike (the event log, the
// queues in Redis) is taken once (max), what each holds on its own (boards, requests) is summed.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CaseEvent } from '../../shared/events.ts';
import { ROLES, type Role } from '../../shared/case.ts';

export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

/** What the scrape-time gauges read; set once the live parts are built. */
export interface MetricSources {
  /** Connected boards (socket.io) on this process by role. */
  boards(): Iterable<Role | 'system'>;
  feeds(): number;
  /** Seconds the oldest event this process has not yet handed to its boards has waited (0 when caught up). */
  streamLag(): Promise<number>;
  queues(): Promise<{ queue: string; counts: Partial<Record<QueueState, number>> }[]>;
}

export class Metrics {
  readonly registry = new Registry();
  private sources: MetricSources | null = null;

  readonly events: Counter<'type'>;
  readonly slaBreaches: Counter<'clock'>;
  readonly delivery: Histogram;
  readonly rateLimited: Counter<'transport'>;
  readonly http: Histogram<'route' | 'method' | 'status'>;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    // Every web process reads every event of the log: the count is the log's, not the sum.
    this.events = new Counter({
      name: 'warroom_events_total',
      help: 'Events appended to the case log, by type, as this node read them from the stream since it started',
      labelNames: ['type'],
      registers,
      aggregator: 'max',
    });
    this.slaBreaches = new Counter({
      name: 'warroom_sla_breaches_total',
      help: 'SLA deadlines missed (case.sla_breached events), by clock (claim or resolve)',
      labelNames: ['clock'],
      registers,
      aggregator: 'max',
    });
    this.delivery = new Histogram({
      name: 'warroom_delivery_seconds',
      help: "From an event's storing (its at) to this node handing it to its boards and feeds",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.rateLimited = new Counter({
      name: 'warroom_rate_limited_total',
      help: 'Requests (http, answered 429) and board commands (socket) refused for a spent budget',
      labelNames: ['transport'],
      registers,
    });
    this.http = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by route pattern, method and status',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    // Series that exist from the start, so a rate over them is 0 rather than absent.
    for (const clock of ['claim', 'resolve']) this.slaBreaches.inc({ clock }, 0);
    for (const transport of ['http', 'socket']) this.rateLimited.inc({ transport }, 0);
    // A reader for `this` inside collect(), which prom-client calls with the gauge as `this`.
    const metrics = this;
    new Gauge({
      name: 'warroom_boards_connected',
      help: 'Boards (socket.io connections) connected, by role',
      labelNames: ['role'],
      registers,
      collect() {
        const counts = new Map<Role, number>(ROLES.map((r) => [r, 0]));
        for (const role of metrics.sources?.boards() ?? []) if (role !== 'system') counts.set(role, (counts.get(role) ?? 0) + 1);
        for (const [role, n] of counts) this.set({ role }, n);
      },
    });
    new Gauge({
      name: 'warroom_feeds_connected',
      help: 'Plain WebSocket feeds (/api/feed) connected',
      registers,
      collect() {
        this.set(metrics.sources?.feeds() ?? 0);
      },
    });
    new Gauge({
      name: 'warroom_stream_lag_seconds',
      help: 'How long the oldest event not yet handed to boards has waited (0 when caught up)',
      registers,
      aggregator: 'max',
      async collect() {
        this.reset();
        // Left out when Redis does not answer, rather than a made-up value.
        const lag = await metrics.sources?.streamLag().catch(() => null);
        if (lag !== null && lag !== undefined) this.set(lag);
      },
    });
    new Gauge({
      name: 'warroom_queue_jobs',
      help: 'BullMQ jobs by queue and state, read at scrape time',
      labelNames: ['queue', 'state'],
      registers,
      aggregator: 'max',
      async collect() {
        this.reset();
        const queues = await metrics.sources?.queues().catch(() => []);
        for (const { queue, counts } of queues ?? []) {
          for (const state of QUEUE_STATES) this.set({ queue, state }, counts[state] ?? 0);
        }
      },
    });
  }

  watch(sources: MetricSources): void {
    this.sources = sources;
  }

  /** One read of the event stream, handed to the boards and feeds just now. */
  delivered(events: readonly CaseEvent[], now = Date.now()): void {
    for (const event of events) {
      this.events.inc({ type: event.type });
      if (event.type === 'case.sla_breached') this.slaBreaches.inc({ clock: event.data.clock });
      const at = Date.parse(event.at);
      if (Number.isFinite(at)) this.delivery.observe(Math.max(0, now - at) / 1000);
    }
  }
}

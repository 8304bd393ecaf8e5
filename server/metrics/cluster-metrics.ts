// Under `npm start` a scrape reaches one web process, but the figures live in every process
// (each web process's boards and requests, the queue worker's own process metrics). The web
// process that is asked passes the request to the primary over IPC; the primary asks every
// running child for its registry as JSON and adds them up with prom-client's
// AggregatorRegistry.aggregate (each metric by its own aggregator, see metrics.ts). The queue
// worker is a plain child process, not a cluster worker, so prom-client's own clusterMetrics()
// (which asks cluster workers only, and fails whole when one is slow) is not used. A child that
// does not answer in time counts with its answer to an earlier scrape: left out, its counters would
// drop from the sums and Prometheus would read a counter reset.
import { AggregatorRegistry, type Registry } from 'prom-client';

type MetricsJson = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;

const REQUEST = 'warroom:metrics-request';
const ANSWER = 'warroom:metrics-text';
const COLLECT = 'warroom:metrics-collect';
const COLLECTED = 'warroom:metrics-json';

/** A child counts with its earlier answer in one scrape if it has not answered within this. */
const CHILD_ANSWER_MS = 2_000;
/** The web process gives up on the primary after this (Prometheus's default scrape timeout is 10 s). */
const PRIMARY_ANSWER_MS = 5_000;

interface Message {
  type?: string;
  id?: number;
}

interface Sender {
  // With a callback, a closed channel is reported there instead of as an 'error' event that would stop the process.
  send(message: unknown, callback: (err: Error | null) => void): boolean;
}

const ignore = () => {};

/** What a scrape lacked: children that answered late, and how many of them counted with an earlier answer. */
export interface LateChildren {
  late: number;
  reused: number;
  deadlineMs: number;
}

/** In the primary: gathers the children's registries on request. */
export class ClusterMetrics {
  private next = 0;
  private readonly pending = new Map<number, { answers: Map<Sender, MetricsJson | null>; answered: () => void }>();
  /** Each running child's last answer; a child that exits drops out of children() and so of every sum. */
  private readonly last = new WeakMap<Sender, MetricsJson>();

  constructor(
    private readonly children: () => Sender[],
    private readonly onLate: (late: LateChildren) => void,
  ) {}

  /** Every message from a child goes through here; true when it was about metrics. */
  receive(from: Sender, message: unknown): boolean {
    const msg = message as Message & { metrics?: MetricsJson; error?: string };
    if (msg?.type === REQUEST && typeof msg.id === 'number') {
      const id = msg.id;
      this.gather().then(
        (text) => from.send({ type: ANSWER, id, text }, ignore),
        (err: Error) => from.send({ type: ANSWER, id, error: err.message }, ignore),
      );
      return true;
    }
    if (msg?.type === COLLECTED && typeof msg.id === 'number') {
      const waiting = this.pending.get(msg.id);
      if (!waiting || !waiting.answers.has(from) || waiting.answers.get(from) !== undefined) return true;
      waiting.answers.set(from, msg.metrics ?? null);
      if (msg.metrics) this.last.set(from, msg.metrics);
      waiting.answered();
      return true;
    }
    return false;
  }

  async gather(): Promise<string> {
    const id = this.next++;
    const children = this.children();
    // undefined: not answered yet; null: answered without figures (or could not be asked).
    const answers = new Map<Sender, MetricsJson | null | undefined>(children.map((c) => [c, undefined]));
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      let left = children.length;
      const answered = () => {
        if (--left === 0) resolve();
      };
      if (left === 0) return resolve();
      this.pending.set(id, { answers: answers as Map<Sender, MetricsJson | null>, answered });
      timer = setTimeout(resolve, CHILD_ANSWER_MS);
      for (const child of children) {
        // A child that is just exiting is left out of this scrape.
        child.send({ type: COLLECT, id }, (err) => {
          if (!err || answers.get(child) !== undefined) return;
          answers.set(child, null);
          answered();
        });
      }
    });
    clearTimeout(timer);
    this.pending.delete(id);
    const parts: MetricsJson[] = [];
    let late = 0;
    let reused = 0;
    for (const [child, answer] of answers) {
      if (answer) parts.push(answer);
      else if (answer === undefined) {
        late++;
        const earlier = this.last.get(child);
        if (earlier) (parts.push(earlier), reused++);
      }
    }
    if (late > 0) this.onLate({ late, reused, deadlineMs: CHILD_ANSWER_MS });
    return AggregatorRegistry.aggregate(parts).metrics();
  }
}

/** In a child of the primary: sends this process's registry when the primary gathers. */
export function answerMetricsRequests(registry: Registry): void {
  process.on('message', (message: unknown) => {
    const msg = message as Message;
    if (msg?.type !== COLLECT || typeof msg.id !== 'number') return;
    const id = msg.id;
    registry.getMetricsAsJSON().then(
      (metrics) => process.send?.({ type: COLLECTED, id, metrics }, ignore),
      () => process.send?.({ type: COLLECTED, id, metrics: null }, ignore),
    );
  });
}

/** In a web process: the whole tree's metrics, from the primary. */
export function metricsFromPrimary(): () => Promise<string> {
  let next = 0;
  const waiting = new Map<number, (answer: { text?: string; error?: string }) => void>();
  process.on('message', (message: unknown) => {
    const msg = message as Message & { text?: string; error?: string };
    if (msg?.type !== ANSWER || typeof msg.id !== 'number') return;
    waiting.get(msg.id)?.(msg);
  });
  return () =>
    new Promise<string>((resolve, reject) => {
      const id = next++;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`the primary did not send the metrics within ${PRIMARY_ANSWER_MS} ms`));
      }, PRIMARY_ANSWER_MS);
      waiting.set(id, (answer) => {
        clearTimeout(timer);
        waiting.delete(id);
        if (answer.text !== undefined) resolve(answer.text);
        else reject(new Error(answer.error ?? 'no metrics'));
      });
      process.send!({ type: REQUEST, id }, (err: Error | null) => err && waiting.get(id)?.({ error: err.message }));
    });
}

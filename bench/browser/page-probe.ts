// Runs inside the board page before its own scripts (page.addInitScript). It records when
// the board became interactive, long tasks, how long input and tasks wait for the main
// thread, and how soon each new case is counted on the board. A long column draws only the
// cards in view, so the board's own counts (the column headings) say what it holds, not the DOM.
export interface PageProbe {
  expected: number;
  interactiveAt: number | null;
  firstCardAt: number | null;
  longTasks: [number, number][];
  keyDelays: number[];
  taskDelays: number[];
  /** Intake request sent → the case counted on the board, ms (the send stamp in its title). */
  appeared: number[];
  /** Its case.created event reached the page (the socket message) → the case counted on the board, ms. */
  counted: number[];
  watching: boolean;
  /** The sum of the column counts now. */
  count(): number;
  /** Starts watching: the counts from here on are the storm's. */
  start(): void;
}

declare global {
  interface Window {
    __bench: PageProbe;
  }
}

export function installProbe(expected: number): void {
  const boardCount = () => {
    let n = 0;
    for (const el of document.querySelectorAll('section[data-column] > h2 .count')) n += Number(el.textContent) || 0;
    return n;
  };
  const probe: PageProbe = {
    expected,
    interactiveAt: null,
    firstCardAt: null,
    longTasks: [],
    keyDelays: [],
    taskDelays: [],
    appeared: [],
    counted: [],
    watching: false,
    count: boardCount,
    start: () => {
      base = boardCount();
      settled = 0;
      arrivals.length = 0;
      probe.appeared.length = 0;
      probe.counted.length = 0;
      probe.watching = true;
    },
  };
  window.__bench = probe;
  const arrivals: Array<{ at: number; stamp: number | null }> = [];
  let base = 0;
  let settled = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) probe.longTasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  addEventListener('keydown', (e) => probe.keyDelays.push(performance.now() - e.timeStamp), true);

  // Interactive = the first frame the main thread paints after the board counts every case,
  // shows cards and the socket is live: a frame can only run when no task is blocking it.
  const check = () => {
    const cards = document.querySelectorAll('article[data-case-id]').length;
    if (cards > 0 && probe.firstCardAt === null) probe.firstCardAt = performance.now();
    if (cards > 0 && boardCount() >= probe.expected && document.querySelector('[role="status"][data-state="live"]')) {
      probe.interactiveAt = performance.now();
      return;
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);

  // A message posted every 50 ms measures how long any task (an input event, a socket
  // message) waits before the main thread gets to it.
  const channel = new MessageChannel();
  channel.port1.onmessage = (e) => probe.taskDelays.push(performance.now() - (e.data as number));
  setInterval(() => {
    if (probe.watching && probe.taskDelays.length < 10_000) channel.port2.postMessage(performance.now());
  }, 50);

  // Each case.created event as it reaches the page, before the board's own handler runs (this
  // listener is added first): when it came, and the intake's send stamp in its title.
  const Native = window.WebSocket;
  class Watched extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', (e: MessageEvent) => {
        if (!probe.watching || typeof e.data !== 'string' || !e.data.includes('case.created')) return;
        const at = performance.now();
        const head = /^\d+/.exec(e.data);
        try {
          const packet = JSON.parse(e.data.slice(head ? head[0].length : 0)) as [string, unknown];
          const events = packet[0] === 'case:events' ? (packet[1] as unknown[]) : packet[0] === 'case:event' ? [packet[1]] : [];
          for (const ev of events as Array<{ type?: string; case?: { title?: string } }>) {
            if (ev?.type !== 'case.created' || arrivals.length >= 10_000) continue;
            const m = /bench:t=(\d+(?:\.\d+)?)/.exec(ev.case?.title ?? '');
            arrivals.push({ at, stamp: m ? Number(m[1]) : null });
          }
        } catch {
          // Not a socket.io event packet.
        }
      });
    }
  }
  window.WebSocket = Watched;

  // The k-th new case is counted once the board's count has grown by k since the storm began.
  const measure = () => {
    if (!probe.watching || settled >= arrivals.length) return;
    const grown = boardCount() - base;
    const now = performance.now();
    for (; settled < Math.min(grown, arrivals.length); settled++) {
      const a = arrivals[settled];
      probe.counted.push(now - a.at);
      if (a.stamp !== null) probe.appeared.push(performance.timeOrigin + now - a.stamp);
    }
  };
  // The counts are text: a change is a mutation, seen in the same task that made it.
  new MutationObserver(measure).observe(document, { childList: true, subtree: true, characterData: true });
}

// Runs inside the board page before its own scripts (page.addInitScript). It records when
// the board became interactive, long tasks, how long input and tasks wait for the main
// thread, and when stamped cases appear on screen.
export interface PageProbe {
  expected: number;
  interactiveAt: number | null;
  firstCardAt: number | null;
  longTasks: [number, number][];
  keyDelays: number[];
  taskDelays: number[];
  appeared: number[];
  watching: boolean;
}

declare global {
  interface Window {
    __bench: PageProbe;
  }
}

export function installProbe(expected: number): void {
  const probe: PageProbe = {
    expected,
    interactiveAt: null,
    firstCardAt: null,
    longTasks: [],
    keyDelays: [],
    taskDelays: [],
    appeared: [],
    watching: false,
  };
  window.__bench = probe;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) probe.longTasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  addEventListener('keydown', (e) => probe.keyDelays.push(performance.now() - e.timeStamp), true);

  // Interactive = the first frame the main thread paints after every card is in the DOM
  // and the socket is live: a frame can only run when no task is blocking it.
  const check = () => {
    const cards = document.querySelectorAll('article[data-case-id]').length;
    if (cards > 0 && probe.firstCardAt === null) probe.firstCardAt = performance.now();
    if (cards >= probe.expected && document.querySelector('[role="status"][data-state="live"]')) {
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

  // Cards whose title carries the intake's send stamp: time from the intake request to the DOM.
  // A keyed list may move a card (remove and re-insert it): only its first appearance counts.
  const seen = new Set<string>();
  new MutationObserver((records) => {
    if (!probe.watching) return;
    const now = performance.timeOrigin + performance.now();
    for (const r of records) {
      for (const node of r.addedNodes) {
        if (!(node instanceof Element)) continue;
        const title = node.querySelector?.('.card-title')?.textContent ?? '';
        const m = /bench:t=(\d+(?:\.\d+)?)/.exec(title);
        if (!m || seen.has(m[1]) || probe.appeared.length >= 10_000) continue;
        seen.add(m[1]);
        probe.appeared.push(now - Number(m[1]));
      }
    }
  }).observe(document, { childList: true, subtree: true });
}

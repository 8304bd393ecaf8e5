// Reads a Chromium trace (devtools.timeline) and says what the page's main thread spent
// its time on, by self time: script, style and layout, paint, GC. A minified bundle's
// CPU profile only shows "(program)" for the browser's own work; the trace names it.
interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

// Chromium's slice names change between versions; these match by the stable parts.
const GROUPS: [string, RegExp][] = [
  ['gc', /GC|Gc|garbage/],
  ['style', /updateStyle|UpdateLayoutTree|RecalculateStyles|StyleRecalc|ParseAuthorStyleSheet/i],
  ['layout', /performLayout|^Layout|UpdateLayout|InvalidateLayout|ShapeText|InlineNode|HitTest|LayoutShift|computeIntersections/],
  ['paint', /Paint|Compositing|Layerize|CompositeLayers|UpdateLayer|^Commit|Raster|Decode/],
  ['script', /^(FunctionCall|EvaluateScript|TimerFire|EventDispatch|FireAnimationFrame|RunMicrotasks|XHR|ParseHTML|HandlePostMessage|ResourceReceivedData|v8\.|V8\.)/],
];

export interface TraceSummary {
  mainThreadBusyMs: number;
  byGroup: { group: string; ms: number; pct: number }[];
  top: { name: string; ms: number }[];
}

export function summarizeTrace(json: string): TraceSummary {
  const events = (JSON.parse(json) as { traceEvents: TraceEvent[] }).traceEvents;
  // A navigation may move the page to a new renderer process: the busiest renderer main thread is the board's.
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const sliceOf = (m: TraceEvent) => events.filter((e) => e.pid === m.pid && e.tid === m.tid && e.ph === 'X' && typeof e.dur === 'number');
  const candidates = mains.map((m) => sliceOf(m)).map((xs) => ({ xs, total: xs.reduce((s, e) => s + e.dur!, 0) }));
  if (candidates.length === 0) return { mainThreadBusyMs: 0, byGroup: [], top: [] };
  const slices = candidates.sort((a, b) => b.total - a.total)[0].xs.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  // Self time: a slice's duration minus the slices directly inside it.
  const self = new Map<string, number>();
  const stack: { end: number; name: string }[] = [];
  let busy = 0;
  for (const e of slices) {
    while (stack.length && stack[stack.length - 1].end <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - e.dur!);
    else busy += e.dur!;
    self.set(e.name, (self.get(e.name) ?? 0) + e.dur!);
    stack.push({ end: e.ts + e.dur!, name: e.name });
  }
  const groups = new Map<string, number>();
  for (const [name, us] of self) {
    const group = GROUPS.find(([, re]) => re.test(name))?.[0] ?? 'other';
    groups.set(group, (groups.get(group) ?? 0) + us);
  }
  const ms = (us: number) => Math.round(us / 1000);
  return {
    mainThreadBusyMs: ms(busy),
    byGroup: [...groups.entries()].sort((a, b) => b[1] - a[1]).map(([group, us]) => ({ group, ms: ms(us), pct: Math.round((us / Math.max(1, busy)) * 100) })),
    top: [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([name, us]) => ({ name, ms: ms(us) })),
  };
}

// The bare baseline: one process, plain `ws`, no persistence, no queue, no auth. It takes
// the same intake request and broadcasts the same two events (case.created, then the
// intake's case.enriched) to every client, each serialised once.
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { serveIpc } from '../lib/ipc.ts';

const actor = { id: 'u1', username: 'bench-intake', name: 'bench-intake' };
let seq = 0;

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/api/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  if (req.method !== 'POST' || req.url !== '/api/cases') {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const now = new Date().toISOString();
    const id = String(++seq);
    const c = {
      id,
      title: input.title,
      description: input.description ?? '',
      institution: input.institution,
      category: null as string | null,
      priority: input.priority ?? 'normal',
      status: 'new',
      assignee: null,
      reporter: actor,
      resolution: null,
      tags: [] as string[],
      enrichedAt: null as string | null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    broadcast({ id: `${Date.now()}-${seq}`, type: 'case.created', caseId: id, at: now, actor, data: { ...input, category: null }, case: c });
    res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ case: c }));
    setImmediate(() => {
      const enriched = { ...c, category: 'other', tags: ['bench'], enrichedAt: now, version: 2 };
      broadcast({ id: `${Date.now()}-${seq}`, type: 'case.enriched', caseId: id, at: now, actor, data: { category: 'other', tags: ['bench'] }, case: enriched });
    });
  });
});

const wss = new WebSocketServer({ server, path: '/feed', perMessageDeflate: false });
wss.on('connection', (ws) => ws.on('message', () => {}));

function broadcast(event: object) {
  const text = JSON.stringify(event);
  for (const ws of wss.clients) if (ws.readyState === ws.OPEN) ws.send(text);
}

server.listen(Number(process.env.PORT), '127.0.0.1', () => {
  serveIpc({ clients: () => wss.clients.size }, Number(process.env.BENCH_MAX_LIFETIME_MS ?? 15 * 60_000));
});

// Sticky sessions on one machine, as socket.io's cluster guide does them (route by the `sid`
// query parameter), with two differences from @socket.io/sticky that a board would notice:
//  - The web process is named in the session id itself (`<process>.<random>`), so a polling
//    request finds its process from its first line. The package learns each id from a message
//    the web process sends after it has already answered the handshake, and a client quick
//    enough to send its next request first reached a process that did not know it.
//  - The primary stops reading a connection before it hands it over, and gives the bytes it has
//    read along with it. Otherwise its copy of the socket goes on reading until the web process
//    acknowledges the handover, and throws away what it reads: the first WebSocket frame a client
//    sends after the upgrade (socket.io's connect packet) could vanish, leaving a board that
//    never connects.
// Every connection is handed over whole, so the primary is in no connection's path afterwards.
import type { Worker } from 'node:cluster';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type net from 'node:net';

const HANDOVER = 'warroom:connection';
/** A request line longer than this is not one a board sends; it is routed as a new session. */
const MAX_FIRST_LINE = 8 * 1024;

/** A session id that names the web process holding it. */
export function sessionIdFor(processIndex: number): string {
  return `${processIndex}.${randomBytes(15).toString('base64url')}`;
}

/** The web process a request's session belongs to, from its request line; null for a new one. */
export function processOfRequest(head: Buffer): number | null {
  const end = head.indexOf('\r\n');
  const line = head.toString('latin1', 0, end < 0 ? head.length : end);
  const match = /[?&]sid=(\d+)\./.exec(line);
  return match ? Number(match[1]) : null;
}

/**
 * The primary's side: reads each connection up to the end of its request line, then hands the
 * socket and those bytes to the process that holds its session, or to the next one in turn.
 * The server must be created with `pauseOnConnect: true`.
 */
/** libuv's handle of a net.Socket: Node keeps it private, so it is checked before its reading is stopped. */
interface ReadHandle {
  reading?: boolean;
  readStop(): number;
}

function isReadHandle(value: unknown): value is ReadHandle {
  return typeof value === 'object' && value !== null && typeof Reflect.get(value, 'readStop') === 'function';
}

export function routeConnections(server: net.Server, ready: () => ReadonlyMap<number, Worker>, opts: { firstLineMs: number }) {
  let turn = 0;
  const pick = (head: Buffer): Worker | null => {
    const workers = ready();
    const own = processOfRequest(head);
    // A session whose process is gone goes anywhere: it answers "unknown session" and the client starts a new one.
    if (own !== null && workers.has(own)) return workers.get(own)!;
    const all = [...workers.values()];
    if (all.length === 0) return null;
    turn = (turn + 1) % all.length;
    return all[turn];
  };

  server.on('connection', (socket: net.Socket) => {
    // A client that goes away before the handover is normal; unhandled, the error would end the primary.
    socket.on('error', () => socket.destroy());
    // A deadline, not an idle timeout: a byte now and then must not hold the connection here.
    const deadline = setTimeout(() => socket.destroy(), opts.firstLineMs);
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (chunk.indexOf('\r\n') < 0 && length < MAX_FIRST_LINE) return;
      // Synchronously, inside the read callback: libuv reads nothing more into this process.
      socket.off('data', onData);
      clearTimeout(deadline);
      socket.pause();
      const handle: unknown = Reflect.get(socket, '_handle');
      if (isReadHandle(handle)) {
        handle.reading = false;
        handle.readStop();
      }
      const head = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      const worker = pick(head);
      if (!worker) {
        socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\nRetry-After: 1\r\n\r\n');
        return;
      }
      worker.send({ type: HANDOVER, head }, socket, { keepOpen: false }, (err) => {
        if (err) socket.destroy();
      });
    };
    socket.on('data', onData);
    socket.once('close', () => clearTimeout(deadline));
    socket.resume();
  });
}

/**
 * A web process's side: connections from the primary enter `server` as if it had accepted
 * them, the bytes the primary read first. Session ids name this process.
 */
export function acceptConnections(server: net.Server, engine: { generateId(req: IncomingMessage): unknown }, processIndex: number) {
  engine.generateId = () => sessionIdFor(processIndex);
  process.on('message', (msg: { type?: string; head?: Uint8Array }, socket?: net.Socket) => {
    if (msg?.type !== HANDOVER) return;
    // Closed by the client while it was being handed over.
    if (!socket) return;
    server.emit('connection', socket);
    socket.unshift(Buffer.from(msg.head!.buffer, msg.head!.byteOffset, msg.head!.byteLength));
  });
}

// One WebSocket frame per room and batch, written to each board's connection as it is.
// socket.io's room broadcast encodes a packet once as well, but then takes every socket through
// socket.io's and engine.io's packet path (a packet object, four events, a write callback that
// gates the next write) before the same write; at a thousand boards per read that path costs
// about as much as the writes themselves. A board whose connection is not an open WebSocket with
// nothing queued before this frame (still on polling, upgrading, or waiting to flush) gets the
// ordinary emit, so nothing sent on a connection ever overtakes what was sent before it.
import type { Socket } from 'socket.io';

/** An event to the main namespace as socket.io sends it: engine.io "message" (4), socket.io EVENT (2), then the JSON array. */
export function eventFrame(name: string, payload: unknown): Buffer[] {
  const data = Buffer.from('42' + JSON.stringify([name, payload]));
  return [textFrameHeader(data.length), data];
}

/** RFC 6455: FIN and a text opcode, unmasked (server to client), then the length in 7, 16 or 64 bits. */
function textFrameHeader(length: number): Buffer {
  if (length < 126) return Buffer.from([0x81, length]);
  if (length < 65_536) {
    const header = Buffer.alloc(4);
    header[0] = 0x81;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
    return header;
  }
  const header = Buffer.alloc(10);
  header[0] = 0x81;
  header[1] = 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  return header;
}

// ws's sender, which engine.io itself writes pre-encoded frames through (the way ws documents
// for frames built once for many sockets). engine.io keeps it, and its queue of packets not yet
// written, private: both are read by name and checked, and anything unexpected takes the ordinary way.
interface FrameSender {
  sendFrame(frame: Buffer[]): void;
}

const field = (owner: unknown, name: string): unknown => (typeof owner === 'object' && owner !== null ? Reflect.get(owner, name) : undefined);

function isFrameSender(value: unknown): value is FrameSender {
  return typeof field(value, 'sendFrame') === 'function';
}

/** Nothing waits in engine.io's queue, so a frame written now cannot overtake it. */
function nothingQueued(conn: Socket['conn']): boolean {
  const queue = field(conn, 'writeBuffer');
  return Array.isArray(queue) && queue.length === 0;
}

/**
 * Writes the frame straight to the board's WebSocket; false when it must go the ordinary way
 * (the caller then emits it). A failed write closes the connection as any other would.
 */
export function writeFrame(socket: Socket, frame: Buffer[]): boolean {
  const conn = socket.conn;
  if (conn.readyState !== 'open' || conn.upgrading || !nothingQueued(conn) || conn.transport.name !== 'websocket') return false;
  const sender = field(field(conn.transport, 'socket'), '_sender');
  if (!isFrameSender(sender)) return false;
  sender.sendFrame(frame);
  return true;
}

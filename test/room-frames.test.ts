// The frames a room's batch is written as: a real ws client must read each as the same text
// socket.io would have sent (engine.io message, socket.io event, the JSON), at every length
// encoding (7, 16 and 64 bits).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { eventFrame } from '../server/live/room-frames.ts';

let server: WebSocketServer;
let url: string;

beforeAll(async () => {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  url = `ws://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('eventFrame', () => {
  it.each([
    ['short', 'a'],
    ['medium', 'æ'.repeat(20_000)],
    ['long', 'x'.repeat(70_000)],
  ])('a %s payload arrives as one text message, as socket.io encodes it', async (_size, text) => {
    const payload = [{ id: '1-0', note: text }];
    const frame = eventFrame('case:events', payload);
    server.once('connection', (socket) => {
      (socket as unknown as { _sender: { sendFrame(f: Buffer[]): void } })._sender.sendFrame(frame);
    });
    const client = new WebSocket(url);
    const [data, isBinary] = await new Promise<[Buffer, boolean]>((resolve, reject) => {
      client.once('message', (d, binary) => resolve([d as Buffer, binary]));
      client.once('error', reject);
    });
    client.close();
    expect(isBinary).toBe(false);
    expect(String(data)).toBe('42' + JSON.stringify(['case:events', payload]));
  });
});

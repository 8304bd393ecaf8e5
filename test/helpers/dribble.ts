// A client that sends its request a byte at a time, as a slow-request attack does.
import net from 'node:net';

/** Opens a connection, sends `head`, then one byte of `drip` every 200 ms (no idle timeout ever fires); what came back once the server closes it. */
export function dribble(port: number, head: string, drip: string) {
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (d) => (received += String(d)));
  socket.on('error', () => {});
  socket.write(head);
  const timer = setInterval(() => socket.write(drip), 200);
  const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(received)));
  return { closed, stop: () => (clearInterval(timer), socket.destroy()) };
}

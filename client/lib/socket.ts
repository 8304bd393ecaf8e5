import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/socket-contract.ts';
import { SOCKET_PATH } from '../../shared/socket-paths.ts';
import type { AuthCallback, BoardSocket } from './sync.svelte.ts';

/** Same origin, session cookie; `auth` is a function so each reconnect sends the latest event id. */
export function createBoardSocket(auth: AuthCallback): BoardSocket {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
    path: SOCKET_PATH,
    autoConnect: false,
    withCredentials: true,
    auth: auth as (cb: (data: object) => void) => void,
    reconnectionDelay: 500,
    reconnectionDelayMax: 10_000,
  });
  return socket;
}

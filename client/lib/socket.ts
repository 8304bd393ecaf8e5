import { io } from 'socket.io-client';
import { SOCKET_PATH } from '../../shared/socket-paths.ts';
import type { AuthCallback, BoardSocket } from './sync.svelte.ts';

/** Same origin, session cookie; `auth` is a function so each reconnect sends the latest event id. */
export function createBoardSocket(auth: AuthCallback): BoardSocket {
  return io({
    path: SOCKET_PATH,
    autoConnect: false,
    withCredentials: true,
    auth: auth as (cb: (data: object) => void) => void,
    reconnectionDelay: 500,
    reconnectionDelayMax: 10_000,
  });
}

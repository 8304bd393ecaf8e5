// A stand-in for the socket.io client: the test plays the server's part by hand.
import type { CaseEvent } from '../../../shared/events.ts';
import type { Ack, SocketAuth } from '../../../shared/socket-contract.ts';
import type { AuthCallback, BoardSocket, SyncDeps } from '../sync.svelte.ts';

type Listener = (...args: any[]) => void;

export interface Emitted {
  event: string;
  payload: unknown;
  ack: (err: Error | null, value?: Ack) => void;
}

export class FakeSocket implements BoardSocket {
  connected = false;
  active = false;
  connectCalls = 0;
  disconnectCalls = 0;
  auths: SocketAuth[] = [];
  emitted: Emitted[] = [];
  #listeners = new Map<string, Listener[]>();
  #managerListeners = new Map<string, Listener[]>();
  readonly io = {
    on: (event: string, fn: Listener) => {
      this.#managerListeners.set(event, [...(this.#managerListeners.get(event) ?? []), fn]);
    },
  };

  constructor(private readonly auth: AuthCallback) {}

  on(event: string, fn: Listener) {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), fn]);
    return this;
  }

  once(event: string, fn: Listener) {
    const wrapped: Listener = (...args) => {
      this.off(event, wrapped);
      fn(...args);
    };
    return this.on(event, wrapped);
  }

  off(event: string, fn: Listener) {
    this.#listeners.set(event, (this.#listeners.get(event) ?? []).filter((f) => f !== fn));
    return this;
  }

  removeAllListeners() {
    this.#listeners.clear();
    return this;
  }

  /** Like socket.io: asks for auth on every attempt; the test then calls serverAccept(). */
  connect() {
    this.connectCalls++;
    this.active = true;
    this.auth((a) => this.auths.push({ ...a }));
    return this;
  }

  disconnect() {
    this.disconnectCalls++;
    const was = this.connected;
    this.connected = false;
    this.active = false;
    if (was) this.fire('disconnect', 'io client disconnect');
    return this;
  }

  timeout(_ms: number) {
    return {
      emit: (event: string, payload: unknown, ack: Emitted['ack']) => {
        this.emitted.push({ event, payload, ack });
      },
    };
  }

  /** Emits without an acknowledgement (presence). */
  emit(event: string, payload: unknown) {
    this.emitted.push({ event, payload, ack: () => {} });
    return this;
  }

  // --- the server's side ---

  serverAccept() {
    this.connected = true;
    this.fire('connect');
  }

  serverReject(message: string, active = false) {
    this.connected = false;
    this.active = active;
    this.fire('connect_error', new Error(message));
  }

  drop(reason = 'transport close') {
    this.connected = false;
    this.fire('disconnect', reason);
  }

  /** Case events as the server sends them to a board: one `case:events` frame. */
  events(...events: CaseEvent[]) {
    this.fire('case:events', events);
  }

  fire(event: string, ...args: unknown[]) {
    for (const fn of this.#listeners.get(event) ?? []) fn(...args);
  }
}

/**
 * What a BoardSync needs, on a FakeSocket made when it connects and a session that stays valid;
 * `deps` adds to or replaces it. `socket()` is the one made last.
 */
export function fakeSyncDeps(deps: Pick<SyncDeps, 'fetchSnapshot'> & Partial<SyncDeps>): { deps: SyncDeps; socket: () => FakeSocket } {
  let made: FakeSocket | null = null;
  return {
    deps: {
      createSocket: (auth) => (made = new FakeSocket(auth)),
      onUnauthorized: () => {},
      checkSession: async () => true,
      isOnline: () => true,
      retryDelayMs: () => 1,
      ...deps,
    },
    socket: () => {
      if (!made) throw new Error('the board has not connected yet');
      return made;
    },
  };
}

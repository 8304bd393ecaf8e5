// One blocking reader per server process follows the event stream and hands every new
// event to the connected boards and feeds. Redis is the only source: an event reaches a
// board the same way whichever process (or node) stored it.
import type { CaseEvent } from '../../shared/events.ts';
import type { Redis } from '../redis/connect.ts';
import { parseEvent } from '../store/case-store.ts';
import type { CaseStore } from '../store/case-store.ts';
import { keys } from '../store/keys.ts';

type Listener = (event: CaseEvent) => void;

export class EventTail {
  private listeners = new Set<Listener>();
  private running = false;
  private loop: Promise<void> | null = null;
  private position: string | null = null;

  constructor(
    private readonly blocking: Redis,
    private readonly store: CaseStore,
    private readonly onError: (err: Error) => void,
  ) {}

  /** The id of the last event handed to the listeners. */
  get lastDelivered(): string {
    return this.position ?? '0-0';
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(): Promise<void> {
    this.position = await this.store.lastEventId();
    this.running = true;
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const reply = (await this.blocking.xRead({ key: keys.events, id: this.position! }, { BLOCK: 1000, COUNT: 500 })) as
          | { messages: { id: string; message: Record<string, string> }[] }[]
          | null;
        if (!reply) continue;
        for (const entry of reply[0].messages) {
          this.position = entry.id;
          const event = parseEvent(entry);
          for (const listener of this.listeners) {
            try {
              listener(event);
            } catch (err) {
              this.onError(err as Error);
            }
          }
        }
      } catch (err) {
        if (!this.running) return;
        this.onError(err as Error);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    // The blocking read returns within its one-second timeout. Destroying the connection
    // first would leave that read unanswered for ever, so wait for it, with a bound.
    await Promise.race([this.loop?.catch(() => {}), new Promise((r) => setTimeout(r, 2_000).unref())]);
    this.blocking.destroy();
  }
}

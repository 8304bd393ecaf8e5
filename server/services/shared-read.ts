// One read of the event log at a time, shared by every caller: while one runs, every caller
// that arrives waits for the one read after it, which sees what they need.
export class SharedRead {
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;

  constructor(private readonly read: () => Promise<void>) {}

  run(): Promise<void> {
    if (!this.running) {
      this.running = this.read().finally(() => (this.running = null));
      return this.running;
    }
    this.next ??= this.running
      .catch(() => {})
      .then(() => {
        this.next = null;
        return this.run();
      });
    return this.next;
  }
}

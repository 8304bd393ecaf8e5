// One shared "now" for ages and the resolved-today column, ticking on the minute so
// every card's age changes at the same moment instead of drifting apart.
export class Clock {
  now = $state(new Date());
  #timer: ReturnType<typeof setTimeout> | null = null;

  start(): void {
    this.stop();
    const tick = () => {
      this.now = new Date();
      this.#timer = setTimeout(tick, 60_000 - (Date.now() % 60_000) + 50);
    };
    tick();
  }

  stop(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

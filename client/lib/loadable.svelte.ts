// What every store read from the server shows before and after a read: whether it has been
// read once, and why the last read failed (what was read before stays on screen).
import { loadFailureText } from './messages.ts';

export class Loadable {
  loaded = $state(false);
  loadError = $state<string | null>(null);

  /** Runs one read; a failure keeps what is held and says why, in the reader's language. */
  protected async read(take: () => Promise<void>): Promise<void> {
    try {
      await take();
      this.loaded = true;
      this.loadError = null;
    } catch (err) {
      this.loadError = loadFailureText(err);
    }
  }
}

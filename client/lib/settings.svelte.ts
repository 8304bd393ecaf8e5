// The lead's settings screen: a draft of the whole settings document, sent whole. The server
// checks it (shared/settings.ts) and a refusal names the field and the reason; the check is
// not repeated here, as it would bring the schema validator into the browser.
import type { HelpCafeSettings, RolloutSettings } from '../../shared/settings.ts';
import { ApiError, request } from './api.ts';
import { failureText, loadFailureText } from './messages.ts';
import { i18n } from './i18n.svelte.ts';

export type Draft = RolloutSettings & { version: number };

/** A help café as the form edits it: a day and two clock times instead of two timestamps. */
export interface CafeForm {
  day: string;
  from: string;
  to: string;
  place: string;
  note: string;
  /** Language codes, comma-separated ("ar, so"). */
  languages: string;
  institutions: string[];
}

export function cafeForm(c: HelpCafeSettings): CafeForm {
  return {
    day: c.start.slice(0, 10),
    from: c.start.slice(11, 16),
    to: c.end.slice(11, 16),
    place: c.place,
    note: c.note ?? '',
    languages: (c.languages ?? []).join(', '),
    institutions: c.institutions ?? [],
  };
}

export function cafeOf(f: CafeForm): HelpCafeSettings {
  const languages = f.languages.split(',').map((l) => l.trim().toLowerCase()).filter((l) => l !== '');
  return {
    start: `${f.day}T${f.from}`,
    end: `${f.day}T${f.to}`,
    place: f.place.trim(),
    ...(f.note.trim() ? { note: f.note.trim() } : {}),
    ...(f.institutions.length > 0 ? { institutions: f.institutions } : {}),
    ...(languages.length > 0 ? { languages } : {}),
  };
}

export class SettingsState {
  /** As last loaded or saved. */
  saved = $state.raw<Draft | null>(null);
  draft = $state<Draft | null>(null);
  cafes = $state<CafeForm[]>([]);
  loadError = $state<string | null>(null);
  /** The refusal of the last save, in the reader's words. */
  failure = $state<string | null>(null);
  /** The field the refusal names, as a JSON pointer, so the form can point at it. */
  failedField = $state<string | null>(null);
  savedVersion = $state<number | null>(null);
  busy = $state(false);

  async load(): Promise<void> {
    try {
      this.#take(await request<Draft>('/api/settings'));
      this.loadError = null;
    } catch (err) {
      this.loadError = loadFailureText(err);
    }
  }

  #take(settings: Draft): void {
    this.saved = settings;
    this.draft = structuredClone(settings);
    this.cafes = (settings.support?.helpCafes ?? []).map(cafeForm);
  }

  /** The document the draft and the café forms make. */
  document(): Draft | null {
    if (!this.draft) return null;
    const doc = $state.snapshot(this.draft) as Draft;
    return { ...doc, support: { consultants: doc.support?.consultants ?? [], helpCafes: this.cafes.map((c) => cafeOf($state.snapshot(c) as CafeForm)) } };
  }

  async save(): Promise<boolean> {
    const doc = this.document();
    if (!doc || !this.saved) return false;
    this.failure = null;
    this.failedField = null;
    this.savedVersion = null;
    this.busy = true;
    try {
      const stored = await request<Draft>('/api/settings', { method: 'PUT', body: doc });
      this.#take(stored);
      this.savedVersion = stored.version;
      return true;
    } catch (err) {
      if (err instanceof ApiError && typeof err.params?.field === 'string') this.failedField = err.params.field;
      this.failure = failureText(err, i18n.t);
      return false;
    } finally {
      this.busy = false;
    }
  }
}

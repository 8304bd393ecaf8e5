// The settings this process works with, in memory: one snapshot, replaced whole when the lead
// saves a change, so a request never sees half of one version and half of the next.
import type { SlaPolicy } from '../../shared/sla.ts';
import { activeCategories, activeInstitutions, slaPolicy, type RolloutSettings } from '../../shared/settings.ts';
import type { Redis } from '../redis/connect.ts';
import { SETTINGS_CHANNEL, type SettingsStore } from './settings-store.ts';

export interface SettingsView {
  readonly version: number;
  readonly settings: RolloutSettings;
  /** The ids offered for new cases (retired ones are not). */
  readonly institutions: ReadonlySet<string>;
  readonly categories: ReadonlySet<string>;
  readonly sla: SlaPolicy;
  /** Every centre's name by id, the retired ones too (their cases keep them). */
  readonly institutionNames: ReadonlyMap<string, string>;
}

/** What services read the settings through. */
export interface CurrentSettings {
  readonly current: SettingsView;
}

function view(settings: RolloutSettings, version: number): SettingsView {
  return {
    version,
    settings,
    institutions: new Set(activeInstitutions(settings).map((i) => i.id)),
    categories: new Set(activeCategories(settings).map((c) => c.id)),
    sla: slaPolicy(settings),
    institutionNames: new Map(settings.institutions.map((i) => [i.id, i.name])),
  };
}

export class SettingsHolder implements CurrentSettings {
  private snapshot: SettingsView;
  private readonly listeners = new Set<(next: SettingsView, previous: SettingsView) => void>();

  constructor(settings: RolloutSettings, version = 0) {
    this.snapshot = view(settings, version);
  }

  get current(): SettingsView {
    return this.snapshot;
  }

  /** Takes a newer version; an older or the same one (a late or repeated message) is ignored. */
  replace(settings: RolloutSettings, version: number): boolean {
    if (version <= this.snapshot.version) return false;
    const previous = this.snapshot;
    this.snapshot = view(settings, version);
    for (const listener of this.listeners) listener(this.snapshot, previous);
    return true;
  }

  onChange(listener: (next: SettingsView, previous: SettingsView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * Follows the saves of every node: each announcement (and each reconnect, after which some
 * may have been missed) reads the stored settings again. Returns the subscriber to close.
 */
export async function followSettings(redis: Redis, store: SettingsStore, holder: SettingsHolder, onError: (err: Error) => void): Promise<Redis> {
  const refresh = () => {
    store
      .read()
      .then((stored) => stored && holder.replace(stored.settings, stored.version))
      .catch(onError);
  };
  const subscriber = redis.duplicate();
  subscriber.on('error', onError);
  subscriber.on('ready', refresh);
  await subscriber.connect();
  await subscriber.subscribe(SETTINGS_CHANNEL, refresh);
  return subscriber;
}

/**
 * Seeds a new install with the holder's first settings (the config file's), takes what is
 * stored and follows later saves. Returns the subscriber to close.
 */
export async function startSettings(redis: Redis, store: SettingsStore, holder: SettingsHolder, onError: (err: Error) => void) {
  const stored = await store.seed(holder.current.settings);
  holder.replace(stored.settings, stored.version);
  const subscriber = await followSettings(redis, store, holder, onError);
  // A save between the seed's read and the subscription would otherwise be missed.
  const latest = await store.read();
  if (latest) holder.replace(latest.settings, latest.version);
  return { close: () => subscriber.close().catch(() => {}) };
}

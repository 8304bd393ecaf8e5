// Attention without noise: an optional short beep and a browser notification when a new urgent
// case arrives or a case breaches its SLA, on the team's boards only. Off until the person turns
// it on (that click is also when the browser asks for the notification permission); the choice is
// remembered per browser. Only live events count: never an event replayed in a catch-up after a
// reconnect, and never the person's own action.
import type { CaseEvent } from '../../shared/events.ts';
import { storage } from './storage.ts';

export const ATTENTION_KEY = 'warroom.attention';

export type AlertKind = 'urgent' | 'breach';
export type PermissionState = NotificationPermission | 'unsupported';

/** Which events call for attention, from whom: pure, so the rules are tested without a browser. */
export function alertKind(event: CaseEvent, selfId: string): AlertKind | null {
  if (event.actor?.id === selfId) return null;
  if (event.type === 'case.created') return event.data.priority === 'urgent' ? 'urgent' : null;
  if (event.type === 'case.sla_breached') return event.case.status === 'resolved' ? null : 'breach';
  return null;
}

/** The browser's side: sound and notifications. Replaced by fakes in the unit tests. */
export interface AttentionOutput {
  beep(): void;
  /** Called within the click that turns alerts on, so the audio may start later without a gesture. */
  prepare(): void;
  notify(title: string, body: string, tag: string, onclick: () => void): void;
  permission(): PermissionState;
  requestPermission(): Promise<PermissionState>;
}

export interface AttentionOptions {
  selfId: string;
  /** Team boards alert; a superuser's board never does. */
  team: boolean;
  output?: AttentionOutput;
  texts: (kind: AlertKind, event: CaseEvent) => { title: string; body: string };
  /** A click on the notification: bring the board forward and open the case. */
  onopen?: (caseId: string) => void;
  now?: () => number;
  /** Several alerts within this many ms make one sound. */
  soundGapMs?: number;
}

export class Attention {
  /** On: sound and notifications. Off (muted) until the person turns it on. */
  enabled = $state(false);
  permission = $state<PermissionState>('unsupported');
  /** How many alerts were raised since the board opened (shown nowhere; handy for tests and debugging). */
  raised = 0;

  readonly team: boolean;
  readonly #opts: AttentionOptions;
  readonly #out: AttentionOutput;
  #lastSound = -Infinity;

  constructor(opts: AttentionOptions) {
    this.#opts = opts;
    this.team = opts.team;
    this.#out = opts.output ?? browserOutput();
    this.enabled = opts.team && storage.get(ATTENTION_KEY) === 'on';
    this.permission = this.#out.permission();
  }

  /** The header's toggle. Turning on asks for the notification permission (only then, only once). */
  async toggle(): Promise<void> {
    if (!this.team) return;
    if (this.enabled) {
      this.enabled = false;
      storage.set(ATTENTION_KEY, 'off');
      return;
    }
    this.enabled = true;
    storage.set(ATTENTION_KEY, 'on');
    this.#out.prepare();
    if (this.#out.permission() === 'default') {
      try {
        this.permission = await this.#out.requestPermission();
      } catch {
        this.permission = this.#out.permission();
      }
    } else {
      this.permission = this.#out.permission();
    }
  }

  /**
   * Browsers start audio only after a gesture: after a reload with alerts on, the first click or
   * key press on the page readies the sound.
   */
  unlock(): void {
    if (this.team && this.enabled) this.#out.prepare();
  }

  /** Every case event the board applied; `live` is false for events replayed in a catch-up. */
  handle(event: CaseEvent, live: boolean): AlertKind | null {
    if (!this.team || !this.enabled || !live) return null;
    const kind = alertKind(event, this.#opts.selfId);
    if (!kind) return null;
    this.raised++;
    const now = (this.#opts.now ?? Date.now)();
    if (now - this.#lastSound >= (this.#opts.soundGapMs ?? 2000)) {
      this.#lastSound = now;
      try {
        this.#out.beep();
      } catch {
        /* no sound, the notification still goes */
      }
    }
    if (this.#out.permission() === 'granted') {
      const { title, body } = this.#opts.texts(kind, event);
      try {
        // One notification per case and kind: a repeat replaces it instead of piling up.
        this.#out.notify(title, body, `warroom-${kind}-${event.caseId}`, () => this.#opts.onopen?.(event.caseId));
      } catch {
        /* e.g. a browser that only allows notifications from a service worker */
      }
    }
    return kind;
  }
}

type AudioContextCtor = new () => AudioContext;

/** Web Audio and the Notification API; each part does nothing where the browser lacks it. */
export function browserOutput(): AttentionOutput {
  let audio: AudioContext | null = null;
  // Older Safari has only the prefixed constructor, which the DOM types do not declare.
  const audioWindow: { AudioContext?: AudioContextCtor; webkitAudioContext?: AudioContextCtor } | undefined = typeof window === 'undefined' ? undefined : window;
  const AudioCtor: AudioContextCtor | undefined = audioWindow?.AudioContext ?? audioWindow?.webkitAudioContext;
  const context = (): AudioContext | null => {
    if (!AudioCtor) return null;
    audio ??= new AudioCtor();
    if (audio.state === 'suspended') void audio.resume().catch(() => {});
    return audio;
  };
  const Notify = typeof window === 'undefined' ? undefined : window.Notification;
  return {
    prepare() {
      context();
    },
    beep() {
      const ctx = context();
      if (!ctx) return;
      // Two short tones, 880 Hz then 660 Hz, each 0.15 s, soft attack and release: noticeable, not shrill.
      const start = ctx.currentTime + 0.01;
      [880, 660].forEach((frequency, i) => {
        const osc = ctx.createOscillator();
        const gain = ctx.createGain();
        const t0 = start + i * 0.18;
        osc.type = 'sine';
        osc.frequency.value = frequency;
        gain.gain.setValueAtTime(0.0001, t0);
        gain.gain.exponentialRampToValueAtTime(0.2, t0 + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.15);
        osc.connect(gain).connect(ctx.destination);
        osc.start(t0);
        osc.stop(t0 + 0.16);
      });
    },
    notify(title, body, tag, onclick) {
      if (!Notify) return;
      const n = new Notify(title, { body, tag, lang: document.documentElement.lang || undefined });
      n.onclick = () => {
        window.focus();
        onclick();
        n.close();
      };
    },
    permission() {
      return Notify ? Notify.permission : 'unsupported';
    },
    async requestPermission() {
      if (!Notify) return 'unsupported';
      return await Notify.requestPermission();
    },
  };
}

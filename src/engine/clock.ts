// The emulator's only source of "now". In real mode it follows the wall clock plus whatever
// `advance` added; in manual mode it stands still until `advance` moves it. Its position is
// kept in the store so a restart does not move time backwards.
import type { Store } from '../store/store.js';

export type ClockMode = 'real' | 'manual';

/** Something that owns deadlines: called while the clock moves, so it fires what came due. */
export type AdvanceListener = (from: number, to: number) => Promise<void>;

interface SavedClock {
  /** manual mode: the time it stands at */
  manualNow?: number;
  /** real mode: how far advance() has moved it ahead of the wall clock */
  offsetMs?: number;
}

const META_KEY = 'clock';

export class Clock {
  private manualNow: number;
  private offsetMs = 0;
  private readonly listeners: AdvanceListener[] = [];

  constructor(
    readonly mode: ClockMode,
    private readonly wall: () => number = Date.now,
  ) {
    this.manualNow = wall();
  }

  now(): number {
    return this.mode === 'manual' ? this.manualNow : this.wall() + this.offsetMs;
  }

  onAdvance(listener: AdvanceListener): void {
    this.listeners.push(listener);
  }

  /** Moves time forward; resolves once everything due on the way has fired. */
  async advance(ms: number, store: Store): Promise<number> {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError('the clock only moves forward by a finite amount');
    const from = this.now();
    const to = from + ms;
    for (const l of this.listeners) await l(from, to);
    if (this.mode === 'manual') this.manualNow = to;
    else this.offsetMs += ms;
    await this.save(store);
    return this.now();
  }

  /** Restores the position saved by an earlier run. */
  async load(store: Store): Promise<void> {
    const raw = await store.transaction((tx) => tx.getMeta(META_KEY));
    if (!raw) return;
    const saved = JSON.parse(raw) as SavedClock;
    if (saved.offsetMs) this.offsetMs = saved.offsetMs;
    if (this.mode === 'manual' && saved.manualNow && saved.manualNow > this.manualNow) this.manualNow = saved.manualNow;
  }

  /** Back to the wall clock (a reset of the emulator). */
  async reset(store: Store): Promise<void> {
    this.offsetMs = 0;
    this.manualNow = this.wall();
    await this.save(store);
  }

  private async save(store: Store): Promise<void> {
    const saved: SavedClock = { offsetMs: this.offsetMs, manualNow: this.mode === 'manual' ? this.manualNow : undefined };
    await store.transaction((tx) => tx.setMeta(META_KEY, JSON.stringify(saved)));
  }
}

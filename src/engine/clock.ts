// The emulator's only source of "now". In real mode it follows the wall clock plus whatever
// `advance` added; in manual mode it stands still until `advance` moves it. Its position is
// kept in the store so that a restart, in either mode, never moves time backwards.
import type { Store, StoreTx } from '../store/store.js';

export type ClockMode = 'real' | 'manual';

/**
 * Something that owns deadlines: called while the clock moves to `to`, so it fires what came
 * due; `jump` moves the clock to a moment on the way (a deadline's due time) first.
 */
export type AdvanceListener = (to: number, jump: (t: number) => void) => Promise<void>;

interface SavedClock {
  /** the time the clock showed when it was saved */
  now: number;
  /** real mode: how far advance() has moved it ahead of the wall clock */
  offsetMs: number;
}

const META_KEY = 'clock';

export class Clock {
  private manualNow: number;
  private offsetMs = 0;
  private readonly listeners: AdvanceListener[] = [];
  /** advances run one after another, so each fires exactly the deadlines of its own stretch */
  private advancing: Promise<unknown> = Promise.resolve();

  constructor(
    readonly mode: ClockMode,
    private readonly wall: () => number = Date.now,
  ) {
    this.manualNow = wall();
  }

  /** epoch milliseconds, always a whole number */
  now(): number {
    return this.mode === 'manual' ? this.manualNow : this.wall() + this.offsetMs;
  }

  onAdvance(listener: AdvanceListener): void {
    this.listeners.push(listener);
  }

  /** Moves time forward; resolves once everything due on the way has fired. */
  advance(ms: number, store: Store): Promise<number> {
    if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError('the clock moves forward by a whole number of milliseconds');
    const run = async (): Promise<number> => {
      const to = this.now() + ms;
      const jump = (t: number): void => this.jumpTo(t);
      for (const l of this.listeners) await l(to, jump);
      this.jumpTo(to);
      await store.transaction((tx) => this.save(tx));
      return this.now();
    };
    const p = this.advancing.then(run, run);
    this.advancing = p.catch(() => undefined);
    return p;
  }

  /** Sets the clock to `t`, never backwards. */
  private jumpTo(t: number): void {
    if (this.mode === 'manual') this.manualNow = Math.max(this.manualNow, t);
    else this.offsetMs = Math.max(this.offsetMs, t - this.wall());
  }

  /** Takes up the position an earlier run saved, in whichever mode this run has. */
  async load(store: Store): Promise<void> {
    const raw = await store.transaction((tx) => tx.getMeta(META_KEY));
    if (!raw) return;
    const saved = JSON.parse(raw) as Partial<SavedClock>;
    if (this.mode === 'real') this.offsetMs = Math.max(saved.offsetMs ?? 0, (saved.now ?? 0) - this.wall());
    else this.manualNow = Math.max(this.manualNow, saved.now ?? 0);
  }

  /** Back on the wall clock (a reset of the emulator), saved in the caller's transaction. */
  async reset(tx: StoreTx): Promise<void> {
    this.offsetMs = 0;
    this.manualNow = this.wall();
    await this.save(tx);
  }

  private async save(tx: StoreTx): Promise<void> {
    const saved: SavedClock = { now: this.now(), offsetMs: this.offsetMs };
    await tx.setMeta(META_KEY, JSON.stringify(saved));
  }
}

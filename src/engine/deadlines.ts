// Durable deadlines: one queue in the store, ordered by due time (ties in arming order).
// They fire when the emulator clock reaches them: during /_local/clock/advance (each handler
// seeing the clock at its own due time), at start-up for those that came due while the server
// was down, and in real-clock mode from one timer set for the earliest. Nothing polls.
import type { StoredDeadline } from '../store/store.js';
import type { Work } from './work.js';

export type DeadlineHandler = (w: Work, payload: unknown, d: StoredDeadline) => Promise<void>;

/** What the queue needs of the engine: run work in a transaction, and the clock. */
export interface DeadlineHost {
  run<T>(fn: (w: Work) => Promise<T>, now?: number): Promise<T>;
  now(): number;
  realTime: boolean;
}

/** setTimeout takes at most this many milliseconds */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class DeadlineQueue {
  private readonly handlers = new Map<string, DeadlineHandler>();
  private timer?: NodeJS.Timeout;
  private timerDue = Infinity;
  /** firings run one after another, whoever asks (advance, timer, start-up) */
  private firing: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(private readonly host: DeadlineHost) {}

  on(kind: string, handler: DeadlineHandler): void {
    this.handlers.set(kind, handler);
  }

  /**
   * Fires, in order, every deadline due at or before `until`, each in its own transaction
   * at its own due time. `jump` moves the clock to that time first (during an advance).
   */
  fireUntil(until: number, jump?: (t: number) => void): Promise<void> {
    const run = async (): Promise<void> => {
      while (!this.stopped && (await this.fireNext(until, jump)));
    };
    const p = this.firing.then(run, run);
    this.firing = p.catch(() => undefined);
    return p;
  }

  /** Fires the first deadline if it is due by `until`; false when none was. */
  private async fireNext(until: number, jump?: (t: number) => void): Promise<boolean> {
    let failed: StoredDeadline | undefined;
    try {
      return await this.host.run(async (w) => {
        const d = await w.tx.nextDeadline();
        if (!d || d.due > until) return false;
        failed = d;
        jump?.(d.due);
        w.now = d.due;
        // deleting it is the claim: a second node finds it gone
        await w.tx.deleteDeadline(d.kind, d.key);
        const handler = this.handlers.get(d.kind);
        if (handler) await handler(w, JSON.parse(d.payload), d);
        else console.error(`connect-local: no handler for deadline kind ${d.kind}; dropped`);
        return true;
      });
    } catch (e) {
      if (!failed) throw e;
      // a deadline whose handler throws would otherwise come due again forever
      console.error(`connect-local: deadline ${failed.kind} ${failed.key} failed and was dropped; this is a bug in connect-local:`, e);
      const { kind, key } = failed;
      await this.host.run((w) => w.cancel(kind, key));
      return true;
    }
  }

  /** After a commit that armed deadlines: in real time, wake up for the earliest. */
  armed(due: number): void {
    if (this.host.realTime && due < this.timerDue) this.setTimer(due);
  }

  /** Sets the timer for whatever is due first now (real time only). */
  async rearm(): Promise<void> {
    if (!this.host.realTime || this.stopped) return;
    const next = await this.host.run((w) => w.tx.nextDeadline());
    if (next) this.setTimer(next.due);
  }

  private setTimer(due: number): void {
    clearTimeout(this.timer);
    this.timerDue = due;
    const delay = Math.min(Math.max(due - this.host.now(), 0), MAX_TIMER_MS);
    this.timer = setTimeout(() => {
      this.timerDue = Infinity;
      this.timer = undefined;
      this.fireUntil(this.host.now())
        .then(() => this.rearm())
        .catch((e) => console.error('connect-local: firing deadlines failed:', e));
    }, delay);
    this.timer.unref();
  }

  /** Forgets the timer (a reset moved the clock back, or the server stops). */
  clearTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDue = Infinity;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    await this.firing;
  }
}

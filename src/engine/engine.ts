// The behaviour of the emulator, free of HTTP: it owns the store, the clock, the deadlines and
// the event bus, runs every change as a unit of work, and makes sure the contract's fresh
// start (one instance `connect-local`) holds.
import { DEFAULT_ACCOUNT, DEFAULT_REGION } from '../protocol/sigv4.js';
import type { Partition, Store, StoreTx } from '../store/store.js';
import { registerChatDeadlines } from './chat.js';
import { registerOfferDeadlines } from './offers.js';
import { registerRoutingDeadlines } from './router.js';
import { registerFlowDeadlines } from './flow-runner.js';
import './flow-actions/index.js';
import type { Clock } from './clock.js';
import { DeadlineQueue } from './deadlines.js';
import { LocalEventBus, type EventBus } from './events.js';
import { createInstance } from './instances.js';
import { INSTANCE } from './resources.js';
import { LambdaInvoker } from './lambda.js';
import { EventDelivery } from './event-delivery.js';
import { Tickets } from './tickets.js';
import { DEFAULT_SETTINGS, Work, type Settings } from './work.js';

export const DEFAULT_INSTANCE_ALIAS = 'connect-local';
const DEFAULT_PARTITION: Partition = { account: DEFAULT_ACCOUNT, region: DEFAULT_REGION };
/** set once the default instance was made, so that deleting it is not undone by a restart */
const SEEDED = 'seeded';

export class Engine {
  readonly deadlines: DeadlineQueue;
  /** signs the URLs handed out for websockets and attachments */
  readonly tickets = new Tickets();
  /** calls InvokeLambdaFunction's functions (with --lambda-endpoint) */
  readonly lambda?: LambdaInvoker;
  /** sends the contact events to EventBridge (with --eventbridge-endpoint) */
  readonly eventDelivery?: EventDelivery;

  constructor(
    readonly store: Store,
    readonly clock: Clock,
    readonly settings: Settings = DEFAULT_SETTINGS,
    readonly bus: EventBus = new LocalEventBus(),
  ) {
    if (settings.lambdaEndpoint) this.lambda = new LambdaInvoker(settings.lambdaEndpoint);
    if (settings.eventBridgeEndpoint) this.eventDelivery = new EventDelivery(store, settings.eventBridgeEndpoint, bus, settings.eventBridgeMaxBackoffMs);
    this.deadlines = new DeadlineQueue({
      run: (fn, now) => this.run(fn, now),
      now: () => this.clock.now(),
      realTime: clock.mode === 'real',
    });
    const on = this.deadlines.on.bind(this.deadlines);
    registerChatDeadlines(on);
    registerRoutingDeadlines(on);
    registerOfferDeadlines(on);
    registerFlowDeadlines(on);
    clock.onAdvance(async (to, jump) => {
      await this.deadlines.fireUntil(to, jump);
    });
  }

  /** Loads the clock, seeds a fresh start, and fires what came due while the server was down. */
  async start(): Promise<void> {
    await this.clock.load(this.store);
    await this.store.transaction((tx) => this.seed(tx));
    await this.deadlines.fireUntil(this.clock.now());
    await this.deadlines.rearm();
    // what was logged and not delivered before the last stop (and what firing just logged)
    this.eventDelivery?.kick();
  }

  async stop(): Promise<void> {
    await this.eventDelivery?.stop();
    await this.deadlines.stop();
    this.lambda?.close();
  }

  /**
   * Runs `fn` as one unit of work in one transaction, at emulator time `now` (the clock by
   * default). Once committed, its events are announced and the timer learns its deadlines.
   */
  async run<T>(fn: (w: Work) => Promise<T>, now = this.clock.now()): Promise<T> {
    let work!: Work;
    const result = await this.store.transaction((tx) => {
      work = new Work(tx, now, this.settings);
      return fn(work);
    });
    for (const e of work.events) this.bus.publish(e);
    for (const due of work.armedDue) this.deadlines.armed(due);
    for (const task of work.after) task(this).catch((e) => console.error('connect-local: work after a commit failed:', e));
    return result;
  }

  /** Moves the clock forward, firing what comes due on the way; then re-arms the timer. */
  async advance(ms: number): Promise<number> {
    const now = await this.clock.advance(ms, this.store);
    await this.deadlines.rearm();
    return now;
  }

  /** Back to a fresh start in one transaction: no request ever sees it half done. */
  async reset(): Promise<void> {
    this.deadlines.clearTimer();
    await this.store.transaction(async (tx) => {
      await tx.clearAll();
      await this.clock.reset(tx);
      await this.seed(tx);
    });
  }

  /** On a first start (and after a reset) the default instance exists, once; the ticket secret always. */
  private async seed(tx: StoreTx): Promise<void> {
    await this.tickets.load(tx);
    if (await tx.getMeta(SEEDED)) return;
    // someone may have made an instance of that alias already: then it is the default one
    if (!(await tx.getByName(DEFAULT_PARTITION, INSTANCE, '', DEFAULT_INSTANCE_ALIAS))) {
      await createInstance(
        tx,
        DEFAULT_PARTITION,
        { IdentityManagementType: 'CONNECT_MANAGED', InstanceAlias: DEFAULT_INSTANCE_ALIAS, InboundCallsEnabled: true, OutboundCallsEnabled: true },
        this.clock.now(),
      );
    }
    await tx.setMeta(SEEDED, String(this.clock.now()));
  }
}

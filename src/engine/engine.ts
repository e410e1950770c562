// The behaviour of the emulator, free of HTTP: it owns the store and the clock, and makes
// sure the contract's fresh start (one instance `connect-local`) holds.
import { DEFAULT_ACCOUNT, DEFAULT_REGION } from '../protocol/sigv4.js';
import type { Store } from '../store/store.js';
import type { Clock } from './clock.js';
import { createInstance } from './instances.js';

export const DEFAULT_INSTANCE_ALIAS = 'connect-local';
const SEEDED = 'seeded';

export class Engine {
  constructor(
    readonly store: Store,
    readonly clock: Clock,
  ) {}

  /** On a first start (and after a reset) the default instance exists, once. */
  async start(): Promise<void> {
    await this.clock.load(this.store);
    await this.store.transaction(async (tx) => {
      if (await tx.getMeta(SEEDED)) return;
      await createInstance(
        tx,
        { account: DEFAULT_ACCOUNT, region: DEFAULT_REGION },
        {
          IdentityManagementType: 'CONNECT_MANAGED',
          InstanceAlias: DEFAULT_INSTANCE_ALIAS,
          InboundCallsEnabled: true,
          OutboundCallsEnabled: true,
        },
        this.clock.now(),
      );
      await tx.setMeta(SEEDED, String(this.clock.now()));
    });
  }

  /** Back to a fresh start: nothing stored, the clock on the wall clock, the default instance. */
  async reset(): Promise<void> {
    await this.store.clear();
    await this.clock.reset(this.store);
    await this.start();
  }
}

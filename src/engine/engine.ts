// The behaviour of the emulator, free of HTTP: it owns the store and the clock, and makes
// sure the contract's fresh start (one instance `connect-local`) holds.
import { DEFAULT_ACCOUNT, DEFAULT_REGION } from '../protocol/sigv4.js';
import type { Partition, Store, StoreTx } from '../store/store.js';
import type { Clock } from './clock.js';
import { createInstance } from './instances.js';
import { INSTANCE } from './resources.js';

export const DEFAULT_INSTANCE_ALIAS = 'connect-local';
const DEFAULT_PARTITION: Partition = { account: DEFAULT_ACCOUNT, region: DEFAULT_REGION };
/** set once the default instance was made, so that deleting it is not undone by a restart */
const SEEDED = 'seeded';

export class Engine {
  constructor(
    readonly store: Store,
    readonly clock: Clock,
  ) {}

  async start(): Promise<void> {
    await this.clock.load(this.store);
    await this.store.transaction((tx) => this.seed(tx));
  }

  /** Back to a fresh start in one transaction: no request ever sees it half done. */
  async reset(): Promise<void> {
    await this.store.transaction(async (tx) => {
      await tx.clearAll();
      await this.clock.reset(tx);
      await this.seed(tx);
    });
  }

  /** On a first start (and after a reset) the default instance exists, once. */
  private async seed(tx: StoreTx): Promise<void> {
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

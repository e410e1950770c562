// The router: which available agent gets which queued contact (spec routing.md §1, §5).
import type { Partition } from '../store/store.js';
import type { Work } from './work.js';

/**
 * Offers queued contacts of the instance to available agents until no agent with free
 * capacity has an eligible contact. Called after anything that can change the answer.
 */
export async function route(_w: Work, _p: Partition, _instanceId: string): Promise<void> {
  // filled in with the routing work
}

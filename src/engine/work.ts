// A unit of work: one store transaction, the emulator time it happens at, and what it will
// announce and arm once committed. Requests and fired deadlines both change state through one.
import type { StoreTx } from '../store/store.js';
import type { Engine } from './engine.js';
import type { BusEvent } from './events.js';

/** What the person running the emulator chose, that behaviour depends on. */
export interface Settings {
  /** how long an offered contact waits for the agent to accept it */
  offerTimeoutMs: number;
  /** where InvokeLambdaFunction calls the Lambda Invoke API (none: the action takes its error branch) */
  lambdaEndpoint?: string;
  /** where every contact event is sent with PutEvents (none: they are only logged) */
  eventBridgeEndpoint?: string;
  /** caps the back-off of failed deliveries (tests; 60 s otherwise) */
  eventBridgeMaxBackoffMs?: number;
  /** print every flow action as it runs (--log flows) */
  logFlows?: boolean;
  /** makes DistributeByPercentage repeatable */
  seed?: string;
  /** who can sign in on the local sign-in page of customer authentication */
  authUsers: AuthUser[];
}

export interface AuthUser {
  username: string;
  password: string;
  email?: string;
  givenName?: string;
  familyName?: string;
}

/** The identity that signs in out of the box. */
export const DEFAULT_AUTH_USER: AuthUser = { username: 'customer', password: 'Passw0rd!', email: 'customer@example.com', givenName: 'Casey', familyName: 'Customer' };

export const DEFAULT_SETTINGS: Settings = { offerTimeoutMs: 30_000, authUsers: [DEFAULT_AUTH_USER] };

export class Work {
  /** announced on the bus after the commit, in this order */
  readonly events: BusEvent[] = [];
  /** due times of the deadlines armed, so that the real-time timer can be moved earlier */
  readonly armedDue: number[] = [];
  /** what must happen outside the transaction once it committed (a call to a Lambda endpoint) */
  readonly after: ((engine: Engine) => Promise<void>)[] = [];

  constructor(
    readonly tx: StoreTx,
    /** the emulator clock for this work: a request's arrival, or a deadline's due time */
    public now: number,
    readonly settings: Settings = DEFAULT_SETTINGS,
  ) {}

  emit(e: BusEvent): void {
    this.events.push(e);
  }

  /** arms (or moves) the deadline `kind`/`key`; `payload` is kept as JSON */
  async arm(kind: string, key: string, due: number, payload: unknown): Promise<void> {
    await this.tx.putDeadline({ kind, key, due, payload: JSON.stringify(payload) });
    this.armedDue.push(due);
  }

  async cancel(kind: string, key: string): Promise<void> {
    await this.tx.deleteDeadline(kind, key);
  }
}

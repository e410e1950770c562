// --eventbridge-endpoint: every logged contact event is sent with PutEvents to an
// EventBridge-compatible endpoint (moto, LocalStack, ...), so the rules and targets the user
// has there receive it. The event log is the outbox: the position of the last delivered event
// is kept in the store (meta), and delivery reads on from there, in log order, on start and
// after every commit that logged events. So nothing is lost across a restart or while the
// endpoint is down (an event may come twice if the process dies between the PutEvents and the
// saved position: EventBridge itself is at-least-once too).
//
// It runs beside the units of work, never inside one: a request only commits its events and
// announces them; PutEvents happens afterwards, on its own, so a slow or dead endpoint never
// slows or fails an API call. Failures are retried with exponential back-off in real time.
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { Store } from '../store/store.js';
import { EVENTS_PARTITION, EVENTS_STREAM, type ContactEvent } from './contact-events.js';
import type { EventBus } from './events.js';
import { RegionalClients } from './outbound-clients.js';

/** where the position of the last delivered event is kept */
const DELIVERED_KEY = 'eventbridge-delivered';
/** PutEvents takes at most 10 entries */
const BATCH = 10;
const FIRST_BACKOFF_MS = 1000;
export const MAX_BACKOFF_MS = 60_000;
/** a PutEvents that hangs counts as failed after this long */
const CALL_TIMEOUT_MS = 10_000;

export class EventDelivery {
  /** the retries are ours (back-off without end): the SDK's would hold up the pass */
  private readonly clients: RegionalClients<EventBridgeClient>;
  /** a delivery pass is under way (only one at a time, so the log order holds) */
  private running = false;
  /** more was logged while the pass ran: run again */
  private again = false;
  private retryTimer?: NodeJS.Timeout;
  private backoffMs = FIRST_BACKOFF_MS;
  /** the current failure streak was reported (once per streak, not per attempt) */
  private reported = false;
  private stopped = false;
  private readonly abort = new AbortController();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: Store,
    private readonly endpoint: string,
    bus: EventBus,
    /** the cap of the back-off (a test makes it short) */
    private readonly maxBackoffMs = MAX_BACKOFF_MS,
  ) {
    this.clients = new RegionalClients(endpoint, (config) => new EventBridgeClient(config));
    this.unsubscribe = bus.subscribe((e) => {
      if (e.type === 'contact' && e.logged.length) this.kick();
    });
  }

  /** Delivers what is not delivered yet, unless a pass runs (it goes on) or a retry waits (it will). */
  kick(): void {
    if (this.stopped || this.retryTimer) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.pass().finally(() => {
      this.running = false;
      if (this.again && !this.retryTimer) {
        this.again = false;
        this.kick();
      }
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    clearTimeout(this.retryTimer);
    this.abort.abort();
    this.clients.destroy();
  }

  /** Sends batches from the saved position until the log is delivered, or a batch fails. */
  private async pass(): Promise<void> {
    this.again = false;
    try {
      for (;;) {
        if (this.stopped) return;
        const { from, page } = await this.store.transaction(async (tx) => {
          const from = await tx.getMeta(DELIVERED_KEY);
          const page = await tx.readLog<ContactEvent>(EVENTS_PARTITION, { stream: EVENTS_STREAM, direction: 'forward', after: Number(from ?? 0), limit: BATCH });
          return { from, page };
        });
        if (!page.length) return;
        // one call is one region (the client signs for it): the batch ends where the region changes
        const region = page[0].data.region;
        const other = page.findIndex((e) => e.data.region !== region);
        const batch = other < 0 ? page : page.slice(0, other);
        const entries: PutEventsRequestEntry[] = batch.map(({ data: e }) => ({
          Source: e.source,
          DetailType: e['detail-type'],
          Detail: JSON.stringify(e.detail),
          Resources: e.resources,
          Time: new Date(e.time),
        }));
        let delivered = batch.length;
        let why: string | undefined;
        try {
          const out = await this.clients.get(region || 'us-east-1').send(new PutEventsCommand({ Entries: entries }), {
            abortSignal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(CALL_TIMEOUT_MS)]),
          });
          if (out.FailedEntryCount) {
            // the entries that went through before the first failed one count as delivered
            delivered = out.Entries?.findIndex((x) => x.ErrorCode) ?? 0;
            if (delivered < 0) delivered = 0;
            const failed = out.Entries?.[delivered];
            why = `${out.FailedEntryCount} of ${entries.length} entries refused (${failed?.ErrorCode ?? '?'}: ${failed?.ErrorMessage ?? ''})`;
          }
        } catch (e) {
          if (this.stopped) return;
          delivered = 0;
          why = (e as Error).message || (e as Error).name;
        }
        if (delivered > 0) await this.save(from, batch[delivered - 1].seq);
        if (why !== undefined) return this.retryLater(why);
        if (this.reported) console.error(`connect-local: contact events are delivered to ${this.endpoint} again`);
        this.reported = false;
        this.backoffMs = FIRST_BACKOFF_MS;
      }
    } catch (e) {
      // the store failed (or closed while stopping): try again later as well
      if (!this.stopped) this.retryLater((e as Error).message);
    }
  }

  /** Saves the position, unless it moved meanwhile (a reset of the state emptied the log). */
  private async save(from: string | undefined, seq: number): Promise<void> {
    await this.store.transaction(async (tx) => {
      if ((await tx.getMeta(DELIVERED_KEY)) === from) await tx.setMeta(DELIVERED_KEY, String(seq));
    });
  }

  private retryLater(why: string): void {
    if (this.stopped) return;
    if (!this.reported) {
      console.error(
        `connect-local: contact events cannot be delivered to --eventbridge-endpoint ${this.endpoint}: ${why}. ` +
          'They are kept and retried with back-off (nothing is lost, the API is not held up); check that the endpoint runs and accepts PutEvents.',
      );
      this.reported = true;
    }
    const wait = Math.min(this.backoffMs, this.maxBackoffMs);
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.kick();
    }, wait);
    this.retryTimer.unref();
  }
}

// What a handler is: a function from a validated, typed input to a typed output. It never
// sees HTTP; it throws ServiceError/BadRequest and the protocol layer renders them.
import type { Engine } from '../engine/engine.js';
import type { Work } from '../engine/work.js';
import type { ServiceName } from '../protocol/model.js';
import type { Partition, StoreTx } from '../store/store.js';

export interface RequestContext extends Partition {
  service: ServiceName;
  operation: string;
  requestId: string;
  /** how many items a list answers when the caller gives no MaxResults */
  defaultPageSize: number;
  /** the emulator clock when the request arrived, in epoch milliseconds */
  now: number;
  /** the request's transaction: everything it writes lands together or not at all */
  tx: StoreTx;
  /** the request's unit of work (its transaction, time, events and deadlines) */
  work: Work;
  engine: Engine;
}

export type Handler<I = never, O = unknown> = (input: I, ctx: RequestContext) => Promise<O> | O;

export type HandlerTable<Ops extends { [K in keyof Ops]: { input: unknown; output: unknown } }> = {
  [K in keyof Ops]?: Handler<Ops[K]['input'], Ops[K]['output']>;
};

// The flow runner (spec flows.md §3, §5): a contact runs its flow's actions one after another,
// inside the unit of work that started or resumed it, until the flow ends, the contact is
// queued, or an action parks it (Wait, AuthenticateParticipant, a Lambda call). A parked run is
// kept on the contact with a durable deadline for its time limit, so a restart resumes it.
// Actions hold behaviour only (flow-actions/); transitions, conditions, errors, the end of a
// flow and the step limit live here once.
import { randomUUID } from 'node:crypto';
import type { Partition, StoredRecord } from '../store/store.js';
import { endChatFromFlow } from './chat.js';
import { loadModule, type StoredModule } from './contact-flow-modules.js';
import { loadFlow, type StoredFlow } from './contact-flows.js';
import { findContact, isEnded, saveContact, type ContactData } from './contacts.js';
import { parseFlowCached, type FlowAction, type ParsedFlow } from './flow-document.js';
import { recordStep } from './flow-logs.js';
import type { Work } from './work.js';

/** A contact runs at most two flows at once: its main flow, and the customer-queue flow while it waits. */
export type FlowSlot = 'main' | 'queue';

/** Where a parked run waits, and for what. */
export interface Park {
  Kind: 'wait' | 'auth' | 'lambda';
  /** names this park: a late answer for an earlier one finds another id and is ignored */
  Id: string;
  /** Wait: the events that resume it (CustomerReturned, BotParticipantDisconnected) */
  Events?: string[];
  /** AuthenticateParticipant: the session the customer's client names, and its State (the key of the session record) */
  SessionId?: string;
  State?: string;
}

export interface FlowRun {
  FlowId: string;
  FlowName: string;
  FlowType: string;
  /** the action it stands at (parked there, or running) */
  ActionId: string;
  /** UpdateFlowAttributes: visible in this flow only */
  FlowAttributes: Record<string, string>;
  /** Loop counters by action */
  Loops: Record<string, number>;
  Park?: Park;
  /** the run stands in a flow module (FlowId names the module), invoked by the flows on `Return` */
  Module?: true;
  /** InvokeFlowModule: where each caller goes on at EndFlowModuleExecution, innermost last */
  Return?: ReturnTo[];
}

/** A flow (or module) that invoked a module: its InvokeFlowModule action, and what it kept. */
export type ReturnTo = Pick<FlowRun, 'FlowId' | 'FlowName' | 'ActionId' | 'FlowAttributes' | 'Loops' | 'Module'>;

/** What a contact's flows keep between actions (none of it is in DescribeContact). */
export interface ContactFlowState {
  Runs: Partial<Record<FlowSlot, FlowRun>>;
  /** the working queue (UpdateContactTargetQueue), used by $.Queue and TransferContactToQueue */
  TargetQueueId?: string;
  /** UpdateContactEventHooks: hook name -> flow id */
  Hooks: Record<string, string>;
  /** the last InvokeLambdaFunction answer: $.External */
  External?: Record<string, unknown>;
  /** the last GetMetricData: $.Metrics */
  Metrics?: Record<string, unknown>;
  /** UpdateFlowLoggingBehavior, over the instance's CONTACTFLOW_LOGS */
  Logging?: boolean;
  LanguageCode?: string;
  TextToSpeechVoiceId?: string;
  References?: Record<string, { Value: string; Type: string }>;
  /** the profile of an authenticated customer: $.Customer */
  Customer?: Record<string, string>;
}

/** What an action did, and so which transition the run takes. */
export type ActionResult =
  /** done: NextAction */
  | { kind: 'next' }
  /**
   * a value to test the action's Conditions against; none true: `unmatched` when given (a value
   * that must not fall through to NextAction), else NoMatchingCondition, else NextAction
   */
  | { kind: 'value'; value: string | undefined; unmatched?: ActionResult }
  /** failed: the Errors entry of this type, else NoMatchingError */
  | { kind: 'error'; type: string; why?: string }
  /** wait here until resumed, or `timeout` at `due` */
  | { kind: 'park'; park: Omit<Park, 'Id'>; due: number; timeout: ActionResult; onPark?: (parkId: string) => Promise<void> }
  /**
   * the flow is over: queued, ended (EndFlowExecution and friends), or the customer disconnected;
   * `afterwards` runs once the action is logged (the customer-queue flow a transfer starts)
   */
  | { kind: 'end'; how: 'queued' | 'ended' | 'disconnect'; afterwards?: () => Promise<void> }
  /** TransferToFlow: go on at the start of another flow */
  | { kind: 'flow'; flow: StoredRecord<StoredFlow> }
  /** InvokeFlowModule: run the module, then go on at this action's NextAction */
  | { kind: 'module'; module: StoredRecord<StoredModule> }
  /** EndFlowModuleExecution: back to the flow that invoked the module (the flow ends when none did) */
  | { kind: 'return' };

export interface ActionContext {
  w: Work;
  p: Partition;
  contact: StoredRecord<ContactData>;
  slot: FlowSlot;
  run: FlowRun;
  state: ContactFlowState;
  action: FlowAction;
  /** the action's Parameters (never undefined) */
  params: Record<string, unknown>;
}

export type ActionHandler = (x: ActionContext) => Promise<ActionResult>;

/** A run stops after this many actions without a wait (an emulator guard against loops). */
export const MAX_STEPS = 1000;
const FLOW_PARK = 'flow-park';

interface ParkRef extends Partition {
  instanceId: string;
  contactId: string;
  slot: FlowSlot;
  parkId: string;
  timeout: ActionResult;
}

let actions: Record<string, ActionHandler> = {};
/** What happens besides the branch when a park of this kind times out (auth sends its event). */
const timeoutHooks: Partial<Record<Park['Kind'], (x: ActionContext) => Promise<void>>> = {};

export function registerActions(table: Record<string, ActionHandler>): void {
  actions = { ...actions, ...table };
}

export function onParkTimeout(kind: Park['Kind'], hook: (x: ActionContext) => Promise<void>): void {
  timeoutHooks[kind] = hook;
}

export function flowState(c: ContactData): ContactFlowState {
  return (c.Flow ??= { Runs: {}, Hooks: {} });
}

/** Starts `flow` for the contact in `slot` (replacing what ran there) and runs it until it stops. */
export async function startFlow(w: Work, p: Partition, contact: StoredRecord<ContactData>, flow: StoredRecord<StoredFlow>, slot: FlowSlot): Promise<void> {
  await stopFlow(w, contact, slot);
  const doc = parseFlowCached(flow.data.Content!);
  const run: FlowRun = { FlowId: flow.id, FlowName: flow.data.Name ?? '', FlowType: flow.data.Type ?? 'CONTACT_FLOW', ActionId: doc.StartAction, FlowAttributes: {}, Loops: {} };
  flowState(contact.data).Runs[slot] = run;
  await drive(w, p, contact, slot, doc, undefined);
}

/** Forgets the run in `slot` and its time limit (the contact went on without it). */
export async function stopFlow(w: Work, contact: StoredRecord<ContactData>, slot: FlowSlot): Promise<void> {
  const runs = contact.data.Flow?.Runs;
  if (!runs?.[slot]) return;
  if (runs[slot]!.Park) await w.cancel(FLOW_PARK, `${contact.id}/${slot}`);
  delete runs[slot];
}

export async function stopAllFlows(w: Work, contact: StoredRecord<ContactData>): Promise<void> {
  await stopFlow(w, contact, 'main');
  await stopFlow(w, contact, 'queue');
}

/** The parked runs of a contact, with their slots. */
export function parkedRuns(c: ContactData): { slot: FlowSlot; run: FlowRun; park: Park }[] {
  const out: { slot: FlowSlot; run: FlowRun; park: Park }[] = [];
  for (const slot of ['main', 'queue'] as const) {
    const run = c.Flow?.Runs[slot];
    if (run?.Park) out.push({ slot, run, park: run.Park });
  }
  return out;
}

/**
 * Resumes the run parked in `slot` under `parkId` with `result` (what the awaited thing
 * answered); false when no run waits there under that id any more.
 */
export async function resumeFlow(
  w: Work,
  p: Partition,
  contact: StoredRecord<ContactData>,
  slot: FlowSlot,
  parkId: string,
  result: ActionResult,
  before?: (x: ActionContext) => Promise<void>,
): Promise<boolean> {
  const run = contact.data.Flow?.Runs[slot];
  if (!run?.Park || run.Park.Id !== parkId || isEnded(contact.data)) return false;
  await w.cancel(FLOW_PARK, `${contact.id}/${slot}`);
  const content = await runContent(w, p, contact.scope, run);
  const doc = content !== undefined ? parseFlowCached(content) : undefined;
  const action = doc?.byId.get(run.ActionId);
  if (!doc || !action) {
    // the flow was deleted or changed under the parked contact: its run ends there
    await finish(w, p, contact, slot, 'ended');
    return true;
  }
  // what goes with the answer sees the park it answers
  if (before) await before(context(w, p, contact, slot, run, action));
  delete run.Park;
  await drive(w, p, contact, slot, doc, result);
  return true;
}

/** The published content the run stands in (a flow's or a module's), or undefined when it is gone. */
export async function runContent(w: Work, p: Partition, instanceId: string, run: Pick<FlowRun, 'FlowId' | 'Module'>): Promise<string | undefined> {
  if (run.Module) return (await loadModule(w, p, instanceId, run.FlowId).catch(() => undefined))?.data.Content;
  return (await loadFlow(w, p, instanceId, run.FlowId).catch(() => undefined))?.rec.data.Content;
}

function context(w: Work, p: Partition, contact: StoredRecord<ContactData>, slot: FlowSlot, run: FlowRun, action: FlowAction): ActionContext {
  return { w, p, contact, slot, run, state: flowState(contact.data), action, params: (action.Parameters ?? {}) as Record<string, unknown> };
}

/** Runs actions from the run's current one (whose result may be given already) until the run stops. */
async function drive(w: Work, p: Partition, contact: StoredRecord<ContactData>, slot: FlowSlot, doc: ParsedFlow, given: ActionResult | undefined): Promise<void> {
  let result = given;
  for (let steps = 0; ; ) {
    const run = contact.data.Flow?.Runs[slot];
    // the contact ended, or something the action did replaced this run
    if (!run || isEnded(contact.data)) return;
    const action = doc.byId.get(run.ActionId)!;
    const x = context(w, p, contact, slot, run, action);
    if (!result) {
      if (++steps > MAX_STEPS) {
        console.error(`connect-local: contact ${contact.id} ran ${MAX_STEPS} flow actions without a wait in flow ${run.FlowName}; the flow was stopped`);
        await recordStep(x, { kind: 'error', type: 'StepLimitExceeded' });
        return finish(w, p, contact, slot, 'ended');
      }
      const handler = actions[action.Type];
      result = handler ? await handler(x) : { kind: 'error', type: 'NoMatchingError', why: `${action.Type} is not run by connect-local` };
      await recordStep(x, result);
    } else if (steps === 0) {
      // a parked action's answer (or its time limit) is part of the log too
      await recordStep(x, result, true);
    }
    switch (result.kind) {
      case 'park': {
        const parkId = randomUUID();
        run.Park = { ...result.park, Id: parkId };
        const ref: ParkRef = { account: p.account, region: p.region, instanceId: contact.scope, contactId: contact.id, slot, parkId, timeout: result.timeout };
        await w.arm(FLOW_PARK, `${contact.id}/${slot}`, result.due, ref);
        await result.onPark?.(parkId);
        await saveContact(w, p, contact);
        return;
      }
      case 'end':
        // what follows the end (the customer-queue flow) comes after this action in the log,
        // not before the transfer that started it
        await result.afterwards?.();
        return finish(w, p, contact, slot, result.how);
      case 'flow': {
        doc = parseFlowCached(result.flow.data.Content!);
        Object.assign(run, { FlowId: result.flow.id, FlowName: result.flow.data.Name ?? '', FlowType: result.flow.data.Type, ActionId: doc.StartAction, FlowAttributes: {}, Loops: {} });
        // a transfer leaves every module it was made in: nothing returns to their callers
        delete run.Module;
        delete run.Return;
        result = undefined;
        continue;
      }
      case 'module': {
        // the module runs in the caller's run (its type and slot), with flow attributes of its own (flows.md §3.2)
        const { FlowId, FlowName, ActionId, FlowAttributes, Loops, Module } = run;
        (run.Return ??= []).push({ FlowId, FlowName, ActionId, FlowAttributes, Loops, ...(Module ? { Module } : {}) });
        doc = parseFlowCached(result.module.data.Content);
        Object.assign(run, { FlowId: result.module.id, FlowName: result.module.data.Name, ActionId: doc.StartAction, FlowAttributes: {}, Loops: {}, Module: true });
        result = undefined;
        continue;
      }
      case 'return': {
        const back = run.Return?.pop();
        if (!back) return finish(w, p, contact, slot, 'ended');
        if (!run.Return!.length) delete run.Return;
        delete run.Module;
        Object.assign(run, back);
        const content = await runContent(w, p, contact.scope, run);
        const caller = content !== undefined ? parseFlowCached(content) : undefined;
        const invoke = caller?.byId.get(run.ActionId);
        // the caller was deleted or changed while the module ran: its run ends there
        const next = invoke && transition(invoke, { kind: 'next' });
        if (!caller || !next) return finish(w, p, contact, slot, 'ended');
        doc = caller;
        run.ActionId = next;
        result = undefined;
        continue;
      }
      default: {
        const next = transition(action, result);
        if (!next) return finish(w, p, contact, slot, 'ended');
        run.ActionId = next;
        result = undefined;
      }
    }
  }
}

/** The action a result leads to, or undefined: the flow ends there. */
function transition(action: FlowAction, result: ActionResult): string | undefined {
  const t = action.Transitions ?? {};
  const onError = (type: string) => t.Errors?.find((e) => e.ErrorType === type)?.NextAction ?? t.Errors?.find((e) => e.ErrorType === 'NoMatchingError')?.NextAction;
  if (result.kind === 'next') return t.NextAction;
  if (result.kind === 'error') return onError(result.type);
  if (result.kind === 'value') {
    const hit = t.Conditions?.find((c) => c.Condition && conditionHolds(c.Condition.Operator, c.Condition.Operands ?? [], result.value));
    if (hit) return hit.NextAction;
    if (result.unmatched) return transition(action, result.unmatched);
    return t.Errors?.find((e) => e.ErrorType === 'NoMatchingCondition')?.NextAction ?? t.NextAction;
  }
  return undefined;
}

/** A condition of the flow language (§1): strings compared exactly, numbers as decimals; no value matches nothing. */
export function conditionHolds(operator: string, operands: string[], value: string | undefined): boolean {
  if (value === undefined) return false;
  const operand = operands[0] ?? '';
  switch (operator) {
    case 'Equals':
      return value === operand;
    case 'TextStartsWith':
      return value.startsWith(operand);
    case 'TextEndsWith':
      return value.endsWith(operand);
    case 'TextContains':
      return value.includes(operand);
  }
  const a = decimal(value);
  const b = decimal(operand);
  if (a === undefined || b === undefined) return false;
  switch (operator) {
    case 'NumberGreaterThan':
      return a > b;
    case 'NumberGreaterOrEqualTo':
      return a >= b;
    case 'NumberLessThan':
      return a < b;
    case 'NumberLessOrEqualTo':
      return a <= b;
    default:
      return false;
  }
}

const decimal = (s: string): number | undefined => (/^\s*[-+]?(\d+\.?\d*|\.\d+)\s*$/.test(s) ? Number(s) : undefined);

/**
 * The run in `slot` is over (flows.md §5). A main flow that ends before its contact was
 * queued ends the contact; a customer-queue flow that ends leaves the contact waiting.
 */
async function finish(w: Work, p: Partition, contact: StoredRecord<ContactData>, slot: FlowSlot, how: 'queued' | 'ended' | 'disconnect'): Promise<void> {
  const runs = contact.data.Flow?.Runs;
  if (runs) delete runs[slot];
  if (isEnded(contact.data)) return;
  const goesOn = contact.data.QueueInfo?.Id !== undefined || contact.data.AgentInfo !== undefined;
  if (how === 'disconnect' || (slot === 'main' && how !== 'queued' && !goesOn)) return endChatFromFlow(w, p, contact);
  await saveContact(w, p, contact);
}

export function registerFlowDeadlines(on: (kind: string, handler: (w: Work, payload: unknown) => Promise<void>) => void): void {
  on(FLOW_PARK, async (w, payload) => {
    const ref = payload as ParkRef;
    const contact = await findContact(w, ref, ref.instanceId, ref.contactId);
    const run = contact?.data.Flow?.Runs[ref.slot];
    if (!contact || run?.Park?.Id !== ref.parkId) return;
    const hook = timeoutHooks[run.Park.Kind];
    await resumeFlow(w, ref, contact, ref.slot, ref.parkId, ref.timeout, hook);
  });
}

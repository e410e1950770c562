// Flow actions that branch, loop, wait and hand over (spec flows.md §3.3).
import { runnableModule } from '../contact-flow-modules.js';
import { publishedFlow } from '../contact-flows.js';
import type { ActionHandler, ActionResult } from '../flow-runner.js';
import { resolveValue } from '../flow-values.js';

const noMatch = (why: string): ActionResult => ({ kind: 'error', type: 'NoMatchingError', why });

/** mulberry32: a small generator that repeats its draws for the same seed (--seed). */
function seeded(seed: string): () => number {
  let a = [...seed].reduce((h, ch) => Math.imul(h ^ ch.charCodeAt(0), 16777619), 2166136261) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
let draw: { seed?: string; next: () => number } | undefined;

const Compare: ActionHandler = async (x) => ({ kind: 'value', value: await resolveValue(x, x.params.ComparisonValue) });

/** A draw of 1..100; the conditions (NumberLessThan N) split it by percentages. */
const DistributeByPercentage: ActionHandler = async (x) => {
  const seed = x.w.settings.seed;
  if (!draw || draw.seed !== seed) draw = { seed, next: seed === undefined ? Math.random : seeded(seed) };
  return { kind: 'value', value: String(1 + Math.floor(draw.next() * 100)) };
};

/** ContinueLooping LoopCount times, then DoneLooping once, counting per action. */
const Loop: ActionHandler = async (x) => {
  const count = Number(await resolveValue(x, x.params.LoopCount ?? '0'));
  if (!Number.isInteger(count) || count < 0 || count > 100) return noMatch('LoopCount is not 0..100');
  const id = x.action.Identifier;
  const done = x.run.Loops[id] ?? 0;
  if (done < count) {
    x.run.Loops[id] = done + 1;
    return { kind: 'value', value: 'ContinueLooping' };
  }
  delete x.run.Loops[id];
  return { kind: 'value', value: 'DoneLooping' };
};

/** Parks the chat until its time limit (WaitCompleted) or an event it lists (CustomerReturned, BotParticipantDisconnected). */
const Wait: ActionHandler = async (x) => {
  if (!x.contact.data.Chat) return noMatch('Wait works on chats');
  const seconds = Number(await resolveValue(x, x.params.TimeLimitSeconds ?? x.params.TimeoutSeconds));
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 604800) return noMatch('the time limit is not 1..604800 seconds');
  const events = Array.isArray(x.params.Events) ? x.params.Events.map(String) : [];
  return { kind: 'park', park: { Kind: 'wait', Events: events }, due: x.w.now + seconds * 1000, timeout: { kind: 'value', value: 'WaitCompleted' } };
};

const TransferToFlow: ActionHandler = async (x) => {
  const ref = await resolveValue(x, x.params.ContactFlowId);
  const flow = ref ? await publishedFlow(x.w, x.p, x.contact.scope, ref, ['CONTACT_FLOW', x.run.FlowType]) : undefined;
  if (!flow) return noMatch(`${ref ?? 'no flow'} is not a published flow to transfer to`);
  return { kind: 'flow', flow };
};

/** Runs an active module of the instance (id or ARN, static or one JSONPath), then NextAction. */
const InvokeFlowModule: ActionHandler = async (x) => {
  const ref = await resolveValue(x, x.params.FlowModuleId);
  const module = ref ? await runnableModule(x.w, x.p, x.contact.scope, ref) : undefined;
  if (!module) return noMatch(`${ref ?? 'no module'} is not an active flow module`);
  return { kind: 'module', module };
};

const end: ActionHandler = async () => ({ kind: 'end', how: 'ended' });

export const controlActions: Record<string, ActionHandler> = {
  Compare,
  DistributeByPercentage,
  Loop,
  Wait,
  TransferToFlow,
  EndFlowExecution: end,
  EndFlowModuleExecution: async () => ({ kind: 'return' }),
  // a transfer to an agent is a voice feature; on a chat the flow ends there
  TransferContactToAgent: end,
  InvokeFlowModule,
};

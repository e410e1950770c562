// Flow logs (the instance attribute CONTACTFLOW_LOGS, or UpdateFlowLoggingBehavior in the flow):
// every action a contact runs is recorded with its parameters as resolved and its result, in a
// log per contact that /_local/ reads; `--log flows` also prints each one as it happens.
import type { Partition } from '../store/store.js';
import type { ActionContext, ActionResult } from './flow-runner.js';
import { interpolateDeep } from './flow-values.js';
import { getInstance } from './instances.js';
import { isoTime } from './chat-session.js';
import { timeOrderedId } from './resources.js';
import type { Work } from './work.js';

export interface FlowLogEntry {
  Timestamp: string;
  ContactId: string;
  ContactFlowId: string;
  ContactFlowName: string;
  ContactFlowModuleType: string;
  Identifier: string;
  Parameters: unknown;
  /** what the action came to: Success, a condition value, an error type, waiting, the end */
  Results: string;
  /** an answer that came later: a Wait's event or time-out, a Lambda's reply, a sign-in */
  Resumed?: true;
}

const flowLogOf = (contactId: string): string => `flow-log/${contactId}`;

/** CONTACTFLOW_LOGS of each instance, read once per unit of work. */
const enabledByWork = new WeakMap<Work, Map<string, boolean>>();

async function loggingOn(x: ActionContext): Promise<boolean> {
  if (x.state.Logging !== undefined) return x.state.Logging;
  let known = enabledByWork.get(x.w);
  if (!known) enabledByWork.set(x.w, (known = new Map()));
  let on = known.get(x.contact.scope);
  if (on === undefined) {
    const instance = await getInstance(x.w.tx, x.p, x.contact.scope).catch(() => undefined);
    on = instance?.data.Attributes.CONTACTFLOW_LOGS === 'true';
    known.set(x.contact.scope, on);
  }
  return on;
}

function describe(r: ActionResult): string {
  switch (r.kind) {
    case 'next':
      return 'Success';
    case 'value':
      return r.value === undefined ? 'No value' : `Value ${r.value}`;
    case 'error':
      return `Error ${r.type}${r.why ? `: ${r.why}` : ''}`;
    case 'park':
      return `Waiting (${r.park.Kind})`;
    case 'end':
      return r.how === 'queued' ? 'Queued; the flow ends' : r.how === 'disconnect' ? 'Disconnected' : 'The flow ends';
    case 'flow':
      return `Transfer to flow ${r.flow.data.Name}`;
    case 'module':
      return `Invoke module ${r.module.data.Name}`;
    case 'return':
      return 'The module ends';
  }
}

export async function recordStep(x: ActionContext, result: ActionResult, resumed = false): Promise<void> {
  const print = x.w.settings.logFlows;
  if (!print && !(await loggingOn(x))) return;
  const entry: FlowLogEntry = {
    Timestamp: isoTime(x.w.now),
    ContactId: x.contact.id,
    ContactFlowId: x.run.FlowId,
    ContactFlowName: x.run.FlowName,
    ContactFlowModuleType: x.action.Type,
    Identifier: x.action.Identifier,
    Parameters: await interpolateDeep(x, x.params),
    Results: describe(result),
    ...(resumed ? { Resumed: true as const } : {}),
  };
  if (print) {
    process.stdout.write(`flow ${entry.Timestamp} contact ${entry.ContactId} "${entry.ContactFlowName}" ${entry.Identifier} ${entry.ContactFlowModuleType}: ${entry.Results}\n`);
  }
  if (await loggingOn(x)) {
    await x.w.tx.appendLog(x.p, { scope: x.contact.scope, stream: flowLogOf(x.contact.id), id: timeOrderedId(x.w.now), at: x.w.now, data: entry });
  }
}

/** A contact's flow log, oldest first. */
export async function readFlowLog(w: Work, p: Partition, contactId: string): Promise<FlowLogEntry[]> {
  const out: FlowLogEntry[] = [];
  for (let after = 0; ; ) {
    const page = await w.tx.readLog<FlowLogEntry>(p, { stream: flowLogOf(contactId), direction: 'forward', after, limit: 500 });
    out.push(...page.map((e) => e.data));
    if (page.length < 500) return out;
    after = page[page.length - 1].seq;
  }
}

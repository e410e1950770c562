// The flow runner's cost, measured inside the engine (no HTTP): `node dist/bench/flows.js`, run
// by `npm run bench`. A 50-action CONTACT_FLOW (12 rounds of UpdateContactAttributes → Compare →
// UpdateFlowAttributes → MessageParticipant, then UpdateContactTargetQueue and
// TransferContactToQueue to BasicQueue) runs for BENCH_FLOW_CONTACTS chats (default 2000), each
// started by StartChatContact's engine path in a unit of work of its own (commit included, in
// memory). The same number of chats through a 2-action flow (set queue, transfer) gives what a
// chat costs besides its flow, so the 48 extra steps can be priced on their own.
// Flow logs are off (the instance's CONTACTFLOW_LOGS default).
import { Clock } from '../src/engine/clock.js';
import { startChat } from '../src/engine/chat.js';
import { createFlow } from '../src/engine/contact-flows.js';
import { Engine } from '../src/engine/engine.js';
import { getInstance } from '../src/engine/instances.js';
import type { QueueData } from '../src/engine/instance-defaults.js';
import { getContact } from '../src/engine/contacts.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { Partition } from '../src/store/store.js';

const CONTACTS = Number(process.env.BENCH_FLOW_CONTACTS ?? 2000);
const ROUNDS = 12;
const p: Partition = { account: '000000000000', region: 'us-east-1' };

const noMatchTo = (next: string) => [{ ErrorType: 'NoMatchingError', NextAction: next }];

/** 4 actions a round, then the two that queue: 50 actions that all run, plus the end for errors. */
function longFlow(queueArn: string): string {
  const actions: unknown[] = [];
  for (let k = 0; k < ROUNDS; k++) {
    const next = k + 1 < ROUNDS ? `set ${k + 1}` : 'queue';
    actions.push(
      {
        Identifier: `set ${k}`,
        Type: 'UpdateContactAttributes',
        Parameters: { TargetContact: 'Current', Attributes: { step: String(k), [`seen${k}`]: '$.FlowAttributes.f' } },
        Transitions: { NextAction: `cmp ${k}`, Errors: noMatchTo('end') },
      },
      {
        Identifier: `cmp ${k}`,
        Type: 'Compare',
        Parameters: { ComparisonValue: '$.Attributes.step' },
        Transitions: {
          NextAction: 'end',
          Conditions: [{ NextAction: `flow ${k}`, Condition: { Operator: 'Equals', Operands: [String(k)] } }],
          Errors: [{ ErrorType: 'NoMatchingCondition', NextAction: 'end' }],
        },
      },
      { Identifier: `flow ${k}`, Type: 'UpdateFlowAttributes', Parameters: { FlowAttributes: { f: 'round $.Attributes.step' } }, Transitions: { NextAction: `msg ${k}` } },
      {
        Identifier: `msg ${k}`,
        Type: 'MessageParticipant',
        Parameters: { Text: 'step $.Attributes.step: $.FlowAttributes.f' },
        Transitions: { NextAction: next, Errors: noMatchTo(next) },
      },
    );
  }
  return doc(actions, queueArn);
}

function doc(actions: unknown[], queueArn: string): string {
  return JSON.stringify({
    Version: '2019-10-30',
    StartAction: (actions[0] as { Identifier: string } | undefined)?.Identifier ?? 'queue',
    Actions: [
      ...actions,
      { Identifier: 'queue', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: queueArn }, Transitions: { NextAction: 'transfer', Errors: noMatchTo('end') } },
      {
        Identifier: 'transfer',
        Type: 'TransferContactToQueue',
        Parameters: {},
        Transitions: { NextAction: 'end', Errors: [{ ErrorType: 'QueueAtCapacity', NextAction: 'end' }, ...noMatchTo('end')] },
      },
      { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    ],
  });
}

async function main(): Promise<void> {
  const engine = new Engine(new SqliteStore({}), new Clock('manual'));
  await engine.start();
  const ids = await engine.run(async (w) => {
    const [inst] = await w.tx.list<{ Id: string }>(p, { kind: 'instance', scope: '', limit: 1 });
    const instance = await getInstance(w.tx, p, inst.id);
    const queue = (await w.tx.getByName<QueueData>(p, 'queue', instance.id, 'BasicQueue'))!;
    const long = await createFlow(w, p, instance.id, { Name: 'bench 50 actions', Type: 'CONTACT_FLOW', Content: longFlow(queue.data.QueueArn!) });
    const short = await createFlow(w, p, instance.id, { Name: 'bench 2 actions', Type: 'CONTACT_FLOW', Content: doc([], queue.data.QueueArn!) });
    return { instanceId: instance.id, long: long.Id!, short: short.Id! };
  });

  /** seconds for CONTACTS chats in the flow, one unit of work each; checks the last one was queued */
  async function chats(flowId: string): Promise<number> {
    let last = '';
    const t0 = performance.now();
    for (let i = 0; i < CONTACTS; i++) {
      last = await engine.run(async (w) => (await startChat(w, p, { InstanceId: ids.instanceId, ContactFlowId: flowId, ParticipantDetails: { DisplayName: 'Bench' } })).ContactId!);
    }
    const seconds = (performance.now() - t0) / 1000;
    const c = await engine.run((w) => getContact(w, p, ids.instanceId, last));
    if (!c.data.QueueInfo?.Id) throw new Error(`a chat in flow ${flowId} did not reach BasicQueue: its flow did not run to the end`);
    if (flowId === ids.long && c.data.Attributes?.step !== String(ROUNDS - 1)) throw new Error('the 50-action flow did not run every round');
    return seconds;
  }

  // warm-up (JIT, caches), then alternate to even out drift
  await chats(ids.short);
  await chats(ids.long);
  const long = await chats(ids.long);
  const short = await chats(ids.short);
  await engine.stop();
  await engine.store.close();

  const steps = ROUNDS * 4 + 2;
  const perContactMs = (long / CONTACTS) * 1000;
  const extraUs = ((long - short) / CONTACTS / (steps - 2)) * 1e6;
  console.log(`flow bench (engine, in-memory store, flow logs off): ${CONTACTS} chats per run, each StartChatContact one unit of work`);
  console.log(
    `${steps}-action flow: ${(CONTACTS / long).toFixed(0)} chats/s (${perContactMs.toFixed(2)} ms each), ${((CONTACTS * steps) / long).toFixed(0)} flow steps/s all in ` +
      `(${((long / CONTACTS / steps) * 1e6).toFixed(1)} us per step, the chat's own start included)`,
  );
  console.log(
    `2-action flow: ${(CONTACTS / short).toFixed(0)} chats/s (${((short / CONTACTS) * 1000).toFixed(2)} ms each); ` +
      `the 48 extra steps: ${extraUs.toFixed(1)} us per step, ${(1e6 / extraUs).toFixed(0)} flow steps/s`,
  );
  console.log(JSON.stringify({ bench: 'flows', contacts: CONTACTS, steps, longSeconds: Number(long.toFixed(3)), shortSeconds: Number(short.toFixed(3)), usPerStepAllIn: Number(((long / CONTACTS / steps) * 1e6).toFixed(2)), usPerExtraStep: Number(extraUs.toFixed(2)) }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

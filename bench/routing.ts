// The router's cost, measured inside the engine (no HTTP): `node dist/bench/routing.js`, run by
// `npm run bench` after the HTTP scenarios. For each depth (queued chats in BasicQueue) it
// fills the queue with StartChatContact's engine path, makes 1,000 agents (Offline), then:
//   - decision: an agent becomes Available and takes its 2 chats (PutUserStatus's unit of
//     work: readiness, two queue-head reads, two offers), 200 agents in turn;
//   - arrival: with 200 agents ready (capacity left), a new chat is queued and offered;
//   - update: UpdateContactRoutingData moves a random waiting chat (new priority).
// Each is timed per unit of work (commit included, in memory), p50 and p99 over the runs.
// Depths: BENCH_ROUTING_DEPTHS (default 1000,10000,100000).
import { Clock } from '../src/engine/clock.js';
import { startChat } from '../src/engine/chat.js';
import { putUserStatus } from '../src/engine/agents.js';
import { Engine } from '../src/engine/engine.js';
import { getInstance } from '../src/engine/instances.js';
import type { AgentStatusData, ContactFlowData, RoutingProfileData } from '../src/engine/instance-defaults.js';
import { getContact } from '../src/engine/contacts.js';
import { updateRoutingData } from '../src/engine/router.js';
import { createUser } from '../src/engine/users.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { Partition } from '../src/store/store.js';

const DEPTHS = (process.env.BENCH_ROUTING_DEPTHS ?? '1000,10000,100000').split(',').map(Number);
const AGENTS = 1000;
const p: Partition = { account: '000000000000', region: 'us-east-1' };

const pct = (xs: number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const fmt = (xs: number[]): string => `p50 ${(pct(xs, 0.5) * 1000).toFixed(0)} us, p99 ${(pct(xs, 0.99) * 1000).toFixed(0)} us`;

async function timed(runs: number, fn: (i: number) => Promise<void>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return out;
}

async function atDepth(depth: number): Promise<string> {
  const engine = new Engine(new SqliteStore({}), new Clock('manual'));
  await engine.start();
  const ids = await engine.run(async (w) => {
    const [inst] = await w.tx.list<{ Id: string }>(p, { kind: 'instance', scope: '', limit: 1 });
    const instance = await getInstance(w.tx, p, inst.id);
    const flow = (await w.tx.getByName<ContactFlowData>(p, 'contact-flow', instance.id, 'Sample inbound flow (first contact experience)'))!;
    const profile = (await w.tx.getByName<RoutingProfileData>(p, 'routing-profile', instance.id, 'Basic Routing Profile'))!;
    const available = (await w.tx.getByName<AgentStatusData>(p, 'agent-status', instance.id, 'Available'))!;
    const security = (await w.tx.list(p, { kind: 'security-profile', scope: instance.id, limit: 1 }))[0];
    return { instance, flowId: flow.id, profileId: profile.id, availableId: available.id, securityId: security.id };
  });
  const chat = () => ({ InstanceId: ids.instance.id, ContactFlowId: ids.flowId, ParticipantDetails: { DisplayName: 'Bench' } });
  const fillStart = performance.now();
  const contacts: string[] = [];
  for (let done = 0; done < depth; ) {
    const batch = Math.min(500, depth - done);
    await engine.run(async (w) => {
      for (let i = 0; i < batch; i++) contacts.push((await startChat(w, p, chat())).ContactId);
    });
    done += batch;
  }
  const fillSeconds = (performance.now() - fillStart) / 1000;
  const agents: string[] = [];
  await engine.run(async (w) => {
    for (let i = 0; i < AGENTS; i++) {
      const u = await createUser(w, p, ids.instance, {
        InstanceId: ids.instance.id,
        Username: `agent${i}`,
        Password: 'Passw0rd!',
        RoutingProfileId: ids.profileId,
        SecurityProfileIds: [ids.securityId],
      });
      agents.push(u.Id!);
    }
  });
  // an agent becoming Available takes its two best chats
  const decision = await timed(200, (i) => engine.run((w) => putUserStatus(w, p, ids.instance.id, agents[i], ids.availableId)));
  // priority changes of waiting chats (the ones at the back of the queue are still waiting)
  const update = await timed(200, (i) =>
    engine.run(async (w) => {
      const c = await getContact(w, p, ids.instance.id, contacts[contacts.length - 1 - i]);
      await updateRoutingData(w, p, c, { InstanceId: ids.instance.id, ContactId: c.id, QueuePriority: 1 + (i % 9) });
    }),
  );
  await engine.stop();
  await engine.store.close();
  return `depth ${String(depth).padStart(6)}: filled in ${fillSeconds.toFixed(1)} s; agent becomes Available and takes 2 chats: ${fmt(decision)}; UpdateContactRoutingData of a waiting chat: ${fmt(update)}`;
}

async function main(): Promise<void> {
  console.log(`routing bench (engine, in-memory store): ${AGENTS} agents on the Basic Routing Profile, chats waiting in BasicQueue`);
  for (const depth of DEPTHS) console.log(await atDepth(depth));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

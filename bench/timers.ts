// Participant timers at scale, inside the engine (no HTTP): `node dist/bench/timers.js`, run by
// `npm run bench`. BENCH_TIMER_CHATS chats (default 100,000), each with a customer and a custom
// bot connected and a customer idle timer of 2 minutes armed, then:
//   - memory: the process's RSS per chat with an armed timer (the store is in this process);
//   - re-arming: SendMessage's engine path in chats with timers against chats without;
//   - firing: one clock advance of 2 minutes fires every idle timer.
// The store is SQLite in memory; every unit of work commits as a request's would.
import { Clock } from '../src/engine/clock.js';
import { sendMessage } from '../src/engine/chat-messages.js';
import { resolveToken, PARTICIPANT_TOKEN, type Caller } from '../src/engine/chat-session.js';
import { addParticipant, connectParticipant, startChat } from '../src/engine/chat.js';
import { getContact } from '../src/engine/contacts.js';
import { Engine } from '../src/engine/engine.js';
import type { ContactFlowData } from '../src/engine/instance-defaults.js';
import { updateRoleConfig } from '../src/engine/participant-timers.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { Partition } from '../src/store/store.js';

const CHATS = Number(process.env.BENCH_TIMER_CHATS ?? 100_000);
const MESSAGES = 5_000;
const p: Partition = { account: '000000000000', region: 'us-east-1' };

async function main(): Promise<void> {
  const store = new SqliteStore({});
  const engine = new Engine(store, new Clock('manual'));
  await engine.start();
  const { instanceId, flowId } = await engine.run(async (w) => {
    const [inst] = await w.tx.list(p, { kind: 'instance', scope: '', limit: 1 });
    const flow = (await w.tx.getByName<ContactFlowData>(p, 'contact-flow', inst.id, 'Sample inbound flow (first contact experience)'))!;
    return { instanceId: inst.id, flowId: flow.id };
  });

  /** a chat whose customer and bot are in; with `timer`, a 2-minute customer idle timer runs */
  const chat = async (timer: boolean): Promise<Caller> =>
    engine.run(async (w) => {
      const started = await startChat(w, p, { InstanceId: instanceId, ContactFlowId: flowId, ParticipantDetails: { DisplayName: 'Bench' } });
      if (timer) {
        const contact = await getContact(w, p, instanceId, started.ContactId);
        await updateRoleConfig(w, p, contact, [{ ParticipantRole: 'CUSTOMER', TimerType: 'IDLE', TimerValue: { ParticipantTimerDurationInMinutes: 2 } }]);
      }
      const bot = await addParticipant(w, p, instanceId, started.ContactId, { ParticipantRole: 'CUSTOM_BOT', DisplayName: 'Bot' });
      const customer = await resolveToken(w, PARTICIPANT_TOKEN, started.ParticipantToken);
      await connectParticipant(w, customer);
      await connectParticipant(w, await resolveToken(w, PARTICIPANT_TOKEN, bot.ParticipantToken));
      return resolveToken(w, PARTICIPANT_TOKEN, started.ParticipantToken);
    });

  const plain: Caller[] = [];
  for (let i = 0; i < 1000; i++) plain.push(await chat(false));

  global.gc?.();
  const rss0 = process.memoryUsage().rss;
  const armed0 = await engine.run((w) => w.tx.countDeadlines());
  const t0 = performance.now();
  const timed: Caller[] = [];
  for (let i = 0; i < CHATS; i++) {
    const c = await chat(true);
    if (i < 1000) timed.push(c);
  }
  const setupSeconds = (performance.now() - t0) / 1000;
  global.gc?.();
  const rssPer = (process.memoryUsage().rss - rss0) / CHATS;
  const armed = await engine.run((w) => w.tx.countDeadlines());

  const send = async (callers: Caller[]): Promise<number> => {
    const start = performance.now();
    for (let i = 0; i < MESSAGES; i++) {
      const c = callers[i % callers.length];
      // a fresh view of the chat per message, as a request resolves its token
      await engine.run(async (w) => sendMessage(w, await resolveToken(w, PARTICIPANT_TOKEN, c.participant.ParticipantToken), 'text/plain', 'hi'));
    }
    return ((performance.now() - start) * 1000) / MESSAGES;
  };
  const withoutUs = await send(plain);
  const withUs = await send(timed);

  const f0 = performance.now();
  await engine.advance(2 * 60_000);
  const fireSeconds = (performance.now() - f0) / 1000;
  const left = await engine.run((w) => w.tx.countDeadlines());
  await engine.stop();
  await store.close();
  console.log(
    `timers bench (engine, in-memory store): ${CHATS} chats with a customer idle timer armed (set up in ${setupSeconds.toFixed(1)} s; ${armed - armed0} deadlines armed by them, their chat durations included)\n` +
      `  per chat with an armed timer: ${(rssPer / 1024).toFixed(1)} KiB of process memory (the whole chat in the store: contact, tokens, transcript, two deadlines)\n` +
      `  SendMessage engine path: ${withoutUs.toFixed(0)} us without timers, ${withUs.toFixed(0)} us with the sender's idle timer re-armed\n` +
      `  one advance of 2 minutes fired ${armed - left} timers in ${fireSeconds.toFixed(1)} s (${(((fireSeconds * 1e6) / Math.max(1, armed - left))).toFixed(0)} us each)`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

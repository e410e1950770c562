// --offer-timeout: how long an agent has to accept an offer, on the emulator clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agentEnv, createAgent, goAvailable, takes, notOffered } from './support/agents.js';
import { advance, startChat } from './support/chat.js';
import { connectClient, defaultInstanceId, startServer } from './support/server.js';

test('--offer-timeout 5: an offer is missed after 5 s instead of 30', async () => {
  const server = await startServer({ inMemory: true, clock: 'manual', args: ['--offer-timeout', '5'] });
  try {
    const client = connectClient(server.url);
    const env = await agentEnv(client, server.url, await defaultInstanceId(client));
    const [first, second] = [await createAgent(env), await createAgent(env)];
    await goAvailable(env, first);
    const { ContactId } = await startChat(client, env.instanceId);
    await advance(server.url, 4.999);
    // still the first agent's offer: the second, Available now, does not get it
    await goAvailable(env, second);
    await notOffered(env, second, [ContactId]);
    await advance(server.url, 0.001);
    // missed by the first agent: it goes to the second at once, and the first cannot take it
    await notOffered(env, first, [ContactId]);
    await takes(env, second, [ContactId]);
  } finally {
    await server.stop();
  }
});

test('--offer-timeout must be a number of seconds above 0', async () => {
  await assert.rejects(startServer({ inMemory: true, args: ['--offer-timeout', '0'] }), /--offer-timeout: 0 is not a number of seconds above 0/);
});

// A server on a data dir that a test restarts (SIGTERM, or kill -9) in the middle of what it
// tests, on a manual clock: the clock is moved an hour ahead first, so that a restart shows it
// resumed where it stood rather than at the wall clock.
import assert from 'node:assert/strict';
import { after } from 'node:test';
import { advance, clockNow, type ChatTestServer } from './chat.js';
import { connectClient, createTestInstance, participantClient, removeDir, startServer, tempDir, type TestServer } from './server.js';

export type How = 'stop' | 'kill -9';

const dirs: string[] = [];
after(() => dirs.forEach(removeDir));

/** Runs `body` on a fresh instance of a fresh server; `restart` restarts the server and hands back the new clients. */
export async function withRestarts(body: (t: ChatTestServer, restart: (how: How) => Promise<ChatTestServer>) => Promise<void>, prefix = 'flow-restart'): Promise<void> {
  const dataDir = tempDir();
  dirs.push(dataDir);
  let server: TestServer = await startServer({ dataDir, clock: 'manual' });
  try {
    await advance(server.url, 3600);
    const client = connectClient(server.url);
    let t: ChatTestServer = { server, client, pc: participantClient(server.url), instanceId: await createTestInstance(client, { prefix }) };
    await body(t, async (how) => {
      const before = await clockNow(server.url);
      if (how === 'stop') await server.stop();
      else await server.kill9();
      server = await startServer({ dataDir, clock: 'manual' });
      t = { ...t, server, client: connectClient(server.url), pc: participantClient(server.url) };
      assert.equal(await clockNow(server.url), before, 'the manual clock resumes where it stood');
      return t;
    });
  } finally {
    await server.stop();
  }
}

// The /_local/ control plane of the contract: health, the clock, reset.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateInstanceCommand, DescribeInstanceCommand, ListInstancesCommand } from '@aws-sdk/client-connect';
import { connectClient, defaultInstanceId, removeDir, startServer, tempDir } from './support/server.js';

const dirs: string[] = [];
after(() => dirs.forEach(removeDir));

async function local(url: string, path: string, body?: unknown) {
  const res = await fetch(url + path, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, body: (await res.json()) as any };
}

test('health names both services and the version', async () => {
  const server = await startServer({ inMemory: true });
  try {
    const { status, body } = await local(server.url, '/_local/health');
    assert.equal(status, 200);
    assert.deepEqual(body, { status: 'ok', version: body.version, services: { connect: 'running', connectparticipant: 'running' } });
    assert.match(body.version, /^\d+\.\d+\.\d+/);
  } finally {
    await server.stop();
  }
});

test('a manual clock stands still until advanced, and timestamps follow it', async () => {
  const dataDir = tempDir();
  dirs.push(dataDir);
  let server = await startServer({ dataDir, clock: 'manual' });
  try {
    const first = (await local(server.url, '/_local/clock')).body;
    assert.equal(first.mode, 'manual');
    assert.equal((await local(server.url, '/_local/clock')).body.now, first.now);
    const advanced = await local(server.url, '/_local/clock/advance', { seconds: 3600 });
    assert.equal(advanced.status, 200);
    assert.equal(advanced.body.now, first.now + 3_600_000);
    const client = connectClient(server.url);
    const { Id } = await client.send(new CreateInstanceCommand({ IdentityManagementType: 'SAML', InstanceAlias: 'clocked', InboundCallsEnabled: true, OutboundCallsEnabled: true }));
    const { Instance } = await client.send(new DescribeInstanceCommand({ InstanceId: Id }));
    assert.equal(Instance?.CreatedTime?.getTime(), first.now + 3_600_000);

    for (const bad of [{ seconds: -1 }, { seconds: 'x' }, {}, { seconds: null }]) {
      const r = await local(server.url, '/_local/clock/advance', bad);
      assert.equal(r.status, 400, JSON.stringify(bad));
      assert.match(r.body.message, /seconds/);
    }
    await server.stop();
    // the clock does not go back on a restart
    server = await startServer({ dataDir, clock: 'manual' });
    assert.equal((await local(server.url, '/_local/clock')).body.now, first.now + 3_600_000);
  } finally {
    await server.stop();
  }
});

test('in real mode advance still jumps ahead', async () => {
  const server = await startServer({ inMemory: true });
  try {
    const before = Date.now();
    const { body } = await local(server.url, '/_local/clock/advance', { seconds: 86400 });
    assert.equal(body.mode, 'real');
    assert.ok(body.now >= before + 86_400_000 && body.now < Date.now() + 86_400_000 + 1000);
  } finally {
    await server.stop();
  }
});

test('reset goes back to a fresh start: only a new connect-local instance', async () => {
  const server = await startServer({ inMemory: true });
  try {
    const client = connectClient(server.url);
    const oldDefault = await defaultInstanceId(client);
    await client.send(new CreateInstanceCommand({ IdentityManagementType: 'SAML', InstanceAlias: 'gone-after-reset', InboundCallsEnabled: true, OutboundCallsEnabled: true }));
    const other = connectClient(server.url, { accessKeyId: '111111111111' });
    await other.send(new CreateInstanceCommand({ IdentityManagementType: 'SAML', InstanceAlias: 'also-gone', InboundCallsEnabled: true, OutboundCallsEnabled: true }));
    const r = await local(server.url, '/_local/reset', {});
    assert.equal(r.status, 200);
    const list = await client.send(new ListInstancesCommand({}));
    assert.deepEqual(list.InstanceSummaryList?.map((i) => i.InstanceAlias), ['connect-local']);
    assert.notEqual(list.InstanceSummaryList?.[0].Id, oldDefault);
    assert.deepEqual((await other.send(new ListInstancesCommand({}))).InstanceSummaryList, []);
  } finally {
    await server.stop();
  }
});

test('unknown control-plane routes are 404, wrong methods 405; accepting needs a ContactId and a known instance; participants of an unknown contact are 404', async () => {
  const server = await startServer({ inMemory: true });
  try {
    assert.equal((await local(server.url, '/_local/nothing')).status, 404);
    assert.equal((await local(server.url, '/_local/reset')).status, 405);
    const bad = await fetch(server.url + '/_local/clock/advance', { method: 'POST', body: '{nope' });
    assert.equal(bad.status, 400);
    assert.equal((await local(server.url, '/_local/instances/i/agents/u/accept', {})).status, 400);
    assert.equal((await local(server.url, '/_local/instances/i/agents/u/accept', { ContactId: 'c' })).status, 404);
    const participants = await local(server.url, '/_local/instances/i/contacts/c/participants');
    assert.equal(participants.status, 404);
  } finally {
    await server.stop();
  }
});

test('reset is one step: concurrent requests never see it half done, and a racing CreateInstance cannot break the next start', async () => {
  const dataDir = tempDir();
  dirs.push(dataDir);
  let server = await startServer({ dataDir });
  try {
    const client = connectClient(server.url);
    const lists = Array.from({ length: 40 }, () => client.send(new ListInstancesCommand({})));
    const racer = client
      .send(new CreateInstanceCommand({ IdentityManagementType: 'SAML', InstanceAlias: 'connect-local', InboundCallsEnabled: true, OutboundCallsEnabled: true }))
      .then(
        () => 'created',
        (e: Error) => e.name,
      );
    const reset = local(server.url, '/_local/reset', {});
    const more = Array.from({ length: 40 }, () => client.send(new ListInstancesCommand({})));
    for (const out of await Promise.all([...lists, ...more])) {
      assert.ok(out.InstanceSummaryList?.some((i) => i.InstanceAlias === 'connect-local'), 'connect-local is always there');
    }
    assert.equal((await reset).status, 200);
    assert.ok(['created', 'InvalidRequestException'].includes(await racer));
    await server.stop();
    server = await startServer({ dataDir });
    const after = await connectClient(server.url).send(new ListInstancesCommand({}));
    assert.equal(after.InstanceSummaryList?.filter((i) => i.InstanceAlias === 'connect-local').length, 1);
  } finally {
    await server.stop();
  }
});

test('the clock keeps whole milliseconds, runs concurrent advances one after another, and never goes back when the mode changes', async () => {
  const dataDir = tempDir();
  dirs.push(dataDir);
  let server = await startServer({ dataDir, clock: 'manual' });
  try {
    const start = (await local(server.url, '/_local/clock')).body.now as number;
    const tiny = await local(server.url, '/_local/clock/advance', { seconds: 0.0004 });
    assert.equal(tiny.body.now, start);
    await Promise.all([local(server.url, '/_local/clock/advance', { seconds: 10 }), local(server.url, '/_local/clock/advance', { seconds: 10.5 })]);
    const manualNow = (await local(server.url, '/_local/clock')).body.now;
    assert.equal(manualNow, start + 20_500);
    await local(server.url, '/_local/clock/advance', { seconds: 7 * 86400 });
    await server.stop();
    // the same state in real mode starts where the manual clock stood, a week ahead
    server = await startServer({ dataDir, clock: 'real' });
    const real = (await local(server.url, '/_local/clock')).body;
    assert.equal(real.mode, 'real');
    assert.ok(real.now >= start + 20_500 + 7 * 86_400_000, `${real.now} is not behind the saved time`);
  } finally {
    await server.stop();
  }
});

test('a ClientToken is remembered for 8 hours of emulator time, then forgotten', async () => {
  const server = await startServer({ inMemory: true, clock: 'manual' });
  try {
    const client = connectClient(server.url);
    const create = (alias: string) =>
      client.send(new CreateInstanceCommand({ ClientToken: 'same-token', IdentityManagementType: 'SAML', InstanceAlias: alias, InboundCallsEnabled: true, OutboundCallsEnabled: true }));
    const first = await create('first-alias');
    assert.equal((await create('first-alias')).Id, first.Id, 'a retry within the window replays the answer');
    await local(server.url, '/_local/clock/advance', { seconds: 8 * 3600 - 1 });
    await assert.rejects(create('other-alias'), (e: Error) => e.name === 'InvalidRequestException' && /already used/.test(e.message));
    await local(server.url, '/_local/clock/advance', { seconds: 2 });
    const later = await create('other-alias');
    assert.notEqual(later.Id, first.Id, 'past the window the token is new again');
  } finally {
    await server.stop();
  }
});

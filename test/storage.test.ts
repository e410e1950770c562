// State lives in DATA_DIR/state.db: a restart keeps it, and a kill -9 loses nothing that was
// answered with a 2xx.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import {
  CreateInstanceCommand,
  CreateIntegrationAssociationCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstanceCommand,
  ListInstancesCommand,
  ListIntegrationAssociationsCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UpdateInstanceAttributeCommand,
  type InstanceAttributeType,
} from '@aws-sdk/client-connect';
import { connectModel } from '../src/generated/connect.model.js';
import { MAIN, connectClient, defaultInstanceId, removeDir, startServer, tempDir } from './support/server.js';

const dirs: string[] = [];
const newDir = () => {
  const d = tempDir();
  dirs.push(d);
  return d;
};
after(() => dirs.forEach(removeDir));

const attributeShape = connectModel.shapes.InstanceAttributeType;
const ATTRIBUTES = (attributeShape.type === 'string' ? attributeShape.enum! : []) as InstanceAttributeType[];

test('a restart with the same data dir keeps everything, and seeds the default instance only once', async () => {
  const dataDir = newDir();
  let server = await startServer({ dataDir });
  let client = connectClient(server.url);
  const defaultId = await defaultInstanceId(client);
  const created = await client.send(
    new CreateInstanceCommand({
      IdentityManagementType: 'CONNECT_MANAGED',
      InstanceAlias: 'kept-after-restart',
      InboundCallsEnabled: true,
      OutboundCallsEnabled: false,
      Tags: { team: 'a' },
    }),
  );
  await client.send(new UpdateInstanceAttributeCommand({ InstanceId: created.Id, AttributeType: 'CONTACTFLOW_LOGS', Value: 'true' }));
  const assoc = await client.send(
    new CreateIntegrationAssociationCommand({ InstanceId: created.Id, IntegrationType: 'COGNITO_USER_POOL', IntegrationArn: 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_abc' }),
  );
  await client.send(new TagResourceCommand({ resourceArn: created.Arn, tags: { env: 'dev' } }));
  await server.stop();
  assert.ok(existsSync(join(dataDir, 'state.db')));

  server = await startServer({ dataDir });
  client = connectClient(server.url);
  try {
    const list = await client.send(new ListInstancesCommand({}));
    assert.equal(list.InstanceSummaryList?.length, 2);
    assert.equal(list.InstanceSummaryList?.filter((i) => i.InstanceAlias === 'connect-local').length, 1);
    assert.equal(await defaultInstanceId(client), defaultId);
    const { Instance } = await client.send(new DescribeInstanceCommand({ InstanceId: created.Id }));
    assert.equal(Instance?.InstanceAlias, 'kept-after-restart');
    assert.equal(Instance?.OutboundCallsEnabled, false);
    const attr = await client.send(new DescribeInstanceAttributeCommand({ InstanceId: created.Id, AttributeType: 'CONTACTFLOW_LOGS' }));
    assert.equal(attr.Attribute?.Value, 'true');
    const assocs = await client.send(new ListIntegrationAssociationsCommand({ InstanceId: created.Id }));
    assert.deepEqual(assocs.IntegrationAssociationSummaryList?.map((a) => a.IntegrationAssociationId), [assoc.IntegrationAssociationId]);
    const tags = await client.send(new ListTagsForResourceCommand({ resourceArn: created.Arn }));
    assert.deepEqual(tags.tags, { team: 'a', env: 'dev' });
  } finally {
    await server.stop();
  }
});

test('kill -9 during a burst of UpdateInstanceAttribute loses no answered write', async (t) => {
  const dataDir = newDir();
  let server = await startServer({ dataDir });
  const client = connectClient(server.url);
  const instances = [await defaultInstanceId(client)];
  for (let i = 0; i < 3; i++) {
    const out = await client.send(
      new CreateInstanceCommand({ IdentityManagementType: 'CONNECT_MANAGED', InstanceAlias: `burst-${i}`, InboundCallsEnabled: true, OutboundCallsEnabled: true }),
    );
    instances.push(out.Id!);
  }
  // One lane per (instance, attribute): each writes alternating values one after another and
  // stops after its own number of writes, so that at the kill some lanes are idle (their last
  // answered value must be on disk) and others have a request in flight (either value).
  interface Lane {
    instance: string;
    type: InstanceAttributeType;
    writes: number;
    acked?: string;
    inFlight?: string;
  }
  const lanes: Lane[] = [];
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (const instance of instances) for (const type of ATTRIBUTES) lanes.push({ instance, type, writes: 5 + Math.floor(rand() * 120) });
  let answered = 0;
  const runLane = async (lane: Lane) => {
    for (let i = 0; i < lane.writes; i++) {
      const value = i % 2 === 0 ? 'true' : 'false';
      lane.inFlight = value;
      try {
        await client.send(new UpdateInstanceAttributeCommand({ InstanceId: lane.instance, AttributeType: lane.type, Value: value }));
      } catch {
        return; // the server is gone: this write was not answered, it may or may not be on disk
      }
      lane.acked = value;
      lane.inFlight = undefined;
      answered++;
    }
  };
  const half = lanes.reduce((n, l) => n + l.writes, 0) / 2;
  const killer = (async () => {
    while (answered < half) await new Promise((r) => setImmediate(r));
    await server.kill9();
  })();
  await Promise.all([...lanes.map(runLane), killer]);
  client.destroy();
  assert.ok(answered >= half, `the burst got ${answered} answers before the kill`);
  const idle = lanes.filter((l) => l.acked !== undefined && l.inFlight === undefined);
  const busy = lanes.filter((l) => l.inFlight !== undefined);
  assert.ok(idle.length > 0 && busy.length > 0, `idle ${idle.length}, in flight ${busy.length}`);
  t.diagnostic(`${answered} writes answered before the kill; ${idle.length} lanes idle, ${busy.length} in flight`);

  server = await startServer({ dataDir });
  const after = connectClient(server.url);
  try {
    for (const lane of lanes) {
      const { Attribute } = await after.send(new DescribeInstanceAttributeCommand({ InstanceId: lane.instance, AttributeType: lane.type }));
      const allowed = [lane.acked, lane.inFlight].filter((v): v is string => v !== undefined);
      if (allowed.length === 0) continue; // never written
      assert.ok(allowed.includes(Attribute?.Value ?? ''), `${lane.type} of ${lane.instance}: ${Attribute?.Value}, answered ${lane.acked}, in flight ${lane.inFlight}`);
    }
  } finally {
    await server.stop();
  }
});

test('--in-memory writes nothing to disk', async () => {
  const cwd = newDir();
  const child = spawn(process.execPath, [MAIN, '--in-memory', '--port', '0'], { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout.on('data', (d) => String(d).includes('listening') && resolve()));
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  assert.deepEqual(readdirSync(cwd), []);
});

test('without --data-dir, state goes to ./.connect-local/state.db', async () => {
  const cwd = newDir();
  const child = spawn(process.execPath, [MAIN, '--port', '0'], { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout.on('data', (d) => String(d).includes('listening') && resolve()));
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  assert.ok(existsSync(join(cwd, '.connect-local', 'state.db')));
});

test('a second server on the same data dir refuses to start, and the first keeps serving', async () => {
  const dataDir = newDir();
  const first = await startServer({ dataDir });
  try {
    await assert.rejects(startServer({ dataDir }), /state\.db is in use by another connect-local/);
    assert.ok((await connectClient(first.url).send(new ListInstancesCommand({}))).InstanceSummaryList?.length);
  } finally {
    await first.stop();
  }
});

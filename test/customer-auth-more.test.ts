// Customer authentication beyond one server's run: an authentication survives a restart,
// codes are good for 5 minutes and for their own session only, and --auth-users replaces the
// default identity.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DescribeContactCommand, UpdateParticipantAuthenticationCommand } from '@aws-sdk/client-connect';
import { CancelParticipantAuthenticationCommand } from '@aws-sdk/client-connectparticipant';
import { advance, connectCustomer, startChat, TestSocket, type ChatTestServer } from './support/chat.js';
import { connectClient, defaultInstanceId, participantClient, removeDir, startServer, tempDir, type StartOptions, type TestServer } from './support/server.js';
import { authChat, authUrl, BRANCH, CANCELLED, FAILED, INITIATED, NAME_UPDATED, setUpAuth, signIn, SUCCEEDED, systemTexts } from './support/auth.js';

const dirs: string[] = [];
const servers: TestServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  dirs.forEach(removeDir);
});

async function serve(opts: StartOptions): Promise<ChatTestServer> {
  const server = await startServer(opts);
  servers.push(server);
  const client = connectClient(server.url);
  return { server, client, pc: participantClient(server.url), instanceId: await defaultInstanceId(client) };
}

test('an authentication waiting in the block survives a restart: the code from before still authenticates', async () => {
  const dataDir = tempDir();
  dirs.push(dataDir);
  const t = await serve({ dataDir, clock: 'manual' });
  const flowId = await setUpAuth(t.client, t.instanceId);
  const c = await authChat(t, flowId);
  const url = await authUrl(t.pc, c.token, c.sessionId);
  const signed = await signIn(url, { username: 'customer', password: 'Passw0rd!' });
  await c.socket.close();
  await t.server.stop();

  const u = await serve({ dataDir, clock: 'manual' });
  const socket = await TestSocket.subscribed((await connectCustomer(u.pc, c.ParticipantToken)).url);
  await u.client.send(new UpdateParticipantAuthenticationCommand({ InstanceId: u.instanceId, State: signed.query!.get('state')!, Code: signed.query!.get('code')! }));
  assert.equal((await socket.item((i) => i.ContentType === NAME_UPDATED)).DisplayName, 'Casey');
  await socket.item((i) => i.ContentType === SUCCEEDED);
  await socket.item((i) => i.Content === BRANCH.success);
  const { Contact } = await u.client.send(new DescribeContactCommand({ InstanceId: u.instanceId, ContactId: c.ContactId }));
  assert.match(Contact!.CustomerId ?? '', /^[0-9a-f]{32}$/);
  await socket.close();
});

test('a code is good for 5 minutes, and only for the session it was issued for', async () => {
  const t = await serve({ inMemory: true, clock: 'manual' });
  const flowId = await setUpAuth(t.client, t.instanceId, { minutes: '15' });

  const a = await authChat(t, flowId);
  const signedA = await signIn(await authUrl(t.pc, a.token, a.sessionId), { username: 'customer', password: 'Passw0rd!' });
  await advance(t.server.url, 300);
  await t.client.send(new UpdateParticipantAuthenticationCommand({ InstanceId: t.instanceId, State: signedA.query!.get('state')!, Code: signedA.query!.get('code')! }));
  await a.socket.item((i) => i.ContentType === FAILED);
  assert.deepEqual(await systemTexts(t.pc, a.token), [BRANCH.error]);

  // b's code handed over for c's State: c takes Error, and b's code is still b's
  const b = await authChat(t, flowId);
  const c = await authChat(t, flowId);
  const signedB = await signIn(await authUrl(t.pc, b.token, b.sessionId), { username: 'customer', password: 'Passw0rd!' });
  const stateC = (await authUrl(t.pc, c.token, c.sessionId)).searchParams.get('state')!;
  await t.client.send(new UpdateParticipantAuthenticationCommand({ InstanceId: t.instanceId, State: stateC, Code: signedB.query!.get('code')! }));
  await c.socket.item((i) => i.ContentType === FAILED);
  await t.client.send(new UpdateParticipantAuthenticationCommand({ InstanceId: t.instanceId, State: signedB.query!.get('state')!, Code: signedB.query!.get('code')! }));
  await b.socket.item((i) => i.ContentType === SUCCEEDED);
  await Promise.all([a.socket.close(), b.socket.close(), c.socket.close()]);
});

test('--auth-users: the identities of the file sign in (their given name is the display name); the default one does not', async () => {
  const dir = tempDir();
  dirs.push(dir);
  const file = join(dir, 'users.json');
  writeFileSync(file, JSON.stringify([{ username: 'robin', password: 's3cret!', email: 'robin@example.com', givenName: 'Robin', familyName: 'Hood' }]));
  const t = await serve({ inMemory: true, clock: 'manual', args: ['--auth-users', file] });
  const flowId = await setUpAuth(t.client, t.instanceId);
  const c = await authChat(t, flowId);
  const url = await authUrl(t.pc, c.token, c.sessionId);
  assert.equal((await signIn(url, { username: 'customer', password: 'Passw0rd!' })).status, 401);
  const signed = await signIn(url, { username: 'robin', password: 's3cret!' });
  await t.client.send(new UpdateParticipantAuthenticationCommand({ InstanceId: t.instanceId, State: signed.query!.get('state')!, Code: signed.query!.get('code')! }));
  assert.equal((await c.socket.item((i) => i.ContentType === NAME_UPDATED)).DisplayName, 'Robin');
  await c.socket.item((i) => i.Content === 'signed in as Robin');
  await c.socket.close();
});

test('the block takes Error when its user pool is not one associated with the instance; a flow without Opted out takes Error on a cancel', async () => {
  const t = await serve({ inMemory: true, clock: 'manual' });
  // associates POOL_ARN; the block names another pool
  const otherPool = await setUpAuth(t.client, t.instanceId, { poolArn: 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_other' });
  const chat = await startChat(t.client, t.instanceId, { ContactFlowId: otherPool });
  const conn = await connectCustomer(t.pc, chat.ParticipantToken);
  const socket = await TestSocket.subscribed(conn.url);
  await socket.sync();
  assert.ok(!socket.takeItems().some((i) => i.ContentType === INITIATED), 'no authentication starts');
  assert.deepEqual(await systemTexts(t.pc, conn.connectionToken), [BRANCH.error]);
  await socket.close();

  const noOptOut = await setUpAuth(t.client, t.instanceId, { associate: false, optedOut: false });
  const c = await authChat(t, noOptOut);
  await t.pc.send(new CancelParticipantAuthenticationCommand({ ConnectionToken: c.token, SessionId: c.sessionId }));
  await c.socket.item((i) => i.ContentType === CANCELLED);
  await c.socket.item((i) => i.Type === 'MESSAGE' && i.ParticipantRole === 'SYSTEM');
  assert.deepEqual(await systemTexts(t.pc, c.token), [BRANCH.error], 'not the Success branch');
  await c.socket.close();
});

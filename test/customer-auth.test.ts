// Customer authentication in chat, end to end over HTTP with the official SDKs (spec auth.md,
// flows.md AuthenticateParticipant): the block's four branches and what they do to the contact.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { CreateParticipantCommand, DescribeContactCommand, UpdateParticipantAuthenticationCommand } from '@aws-sdk/client-connect';
import { CancelParticipantAuthenticationCommand, CreateParticipantConnectionCommand, GetTranscriptCommand } from '@aws-sdk/client-connectparticipant';
import { advance, chatServerPerFile, connectCustomer, startChat, TestSocket, type SocketItem } from './support/chat.js';
import { createTestInstance } from './support/server.js';
import {
  authChat, authUrl, BRANCH, CANCELLED, CLIENT_ID, FAILED, INITIATED, NAME_UPDATED, REDIRECT, sessionOf, setUpAuth, signIn, SUCCEEDED, systemTexts, TIMEOUT,
} from './support/auth.js';

const t = chatServerPerFile();
let flowId: string;


/** Takes items from the socket until one of `contentType` arrives; returns them all. */
async function itemsUntil(socket: TestSocket, contentType: string): Promise<SocketItem[]> {
  const seen: SocketItem[] = [];
  for (;;) {
    const i = await socket.item();
    seen.push(i);
    if (i.ContentType === contentType) return seen;
  }
}

describe('AuthenticateParticipant', () => {
  before(async () => {
    flowId = await setUpAuth(t.client, t.instanceId);
  });

  test('the customer socket gets authentication.initiated with a 36-character SessionId', async () => {
    const c = await authChat(t, flowId);
    assert.match(c.sessionId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(c.sessionId.length, 36);
    assert.equal(c.initiated.Type, 'EVENT');
    assert.equal(c.initiated.ParticipantRole, 'CUSTOMER');
    assert.equal(c.initiated.ContactId, c.ContactId);
    // nothing of the branches yet: the flow waits in the block
    assert.deepEqual(await systemTexts(t.pc, c.token), []);
    // the event is the customer's: not kept in the transcript
    const { Transcript } = await t.pc.send(new GetTranscriptCommand({ ConnectionToken: c.token }));
    assert.ok(!Transcript!.some((i) => i.ContentType === INITIATED));
    await c.socket.close();
  });

  test('GetAuthenticationUrl answers the sign-in page shaped as the Cognito authorize endpoint', async () => {
    const c = await authChat(t, flowId);
    const url = await authUrl(t.pc, c.token, c.sessionId);
    assert.equal(url.origin, t.server.url);
    assert.equal(url.pathname, '/_local/auth/oauth2/authorize');
    assert.equal(url.searchParams.get('response_type'), 'code');
    assert.equal(url.searchParams.get('client_id'), CLIENT_ID);
    assert.equal(url.searchParams.get('redirect_uri'), REDIRECT);
    assert.ok(url.searchParams.get('scope')?.split(' ').includes('openid'));
    assert.ok((url.searchParams.get('state') ?? '').length > 0);
    const page = await fetch(url);
    const html = await page.text();
    assert.equal(page.status, 200);
    for (const id of ['username', 'password', 'sign-in', 'cancel']) assert.ok(html.includes(`id="${id}"`), `the form has #${id}`);
    await c.socket.close();
  });

  test('sign-in, then UpdateParticipantAuthentication with the code: Success, CustomerId, display name, events', async () => {
    const c = await authChat(t, flowId);
    const url = await authUrl(t.pc, c.token, c.sessionId);
    const signed = await signIn(url, { username: 'customer', password: 'Passw0rd!' });
    assert.equal(signed.status, 302);
    assert.equal(`${signed.location!.origin}${signed.location!.pathname}`, REDIRECT);
    const code = signed.query!.get('code');
    assert.ok(code);
    assert.equal(signed.query!.get('state'), url.searchParams.get('state'));
    const out = await t.client.send(new UpdateParticipantAuthenticationCommand({ InstanceId: t.instanceId, State: signed.query!.get('state')!, Code: code }));
    assert.equal(out.$metadata.httpStatusCode, 200);

    const seen = await itemsUntil(c.socket, SUCCEEDED);
    const renamed = seen.find((i) => i.ContentType === NAME_UPDATED);
    assert.ok(renamed, 'participant.displayname.updated before authentication.succeeded');
    assert.equal(renamed.DisplayName, 'Casey');
    assert.equal(renamed.ParticipantId, c.ParticipantId);
    assert.equal(sessionOf(seen.at(-1)!), c.sessionId);

    const { Contact } = await t.client.send(new DescribeContactCommand({ InstanceId: t.instanceId, ContactId: c.ContactId }));
    assert.match(Contact!.CustomerId ?? '', /^[0-9a-f]{32}$/);
    assert.equal(Contact!.SegmentAttributes?.['connect:CustomerAuthentication']?.ValueMap?.Status?.ValueString, 'AUTHENTICATED');
    // the Success branch ran, with $.Customer.FirstName from the identity
    await c.socket.item((i) => i.Type === 'MESSAGE' && i.Content === BRANCH.success);
    assert.deepEqual(await systemTexts(t.pc, c.token), [BRANCH.success]);

    // the same person again: the same profile
    const d = await authChat(t, flowId);
    const again = await signIn(await authUrl(t.pc, d.token, d.sessionId), { username: 'customer', password: 'Passw0rd!' });
    await t.client.send(new UpdateParticipantAuthenticationCommand({ InstanceId: t.instanceId, State: again.query!.get('state')!, Code: again.query!.get('code')! }));
    await d.socket.item((i) => i.ContentType === SUCCEEDED);
    const second = await t.client.send(new DescribeContactCommand({ InstanceId: t.instanceId, ContactId: d.ContactId }));
    assert.equal(second.Contact!.CustomerId, Contact!.CustomerId);
    await Promise.all([c.socket.close(), d.socket.close()]);
  });

  test('the cancel button redirects with error=access_denied; Error takes the Error branch', async () => {
    const c = await authChat(t, flowId);
    const url = await authUrl(t.pc, c.token, c.sessionId);
    const cancelled = await signIn(url, { action: 'cancel' });
    assert.equal(cancelled.status, 302);
    assert.equal(cancelled.query!.get('error'), 'access_denied');
    assert.equal(cancelled.query!.get('state'), url.searchParams.get('state'));
    assert.equal(cancelled.query!.get('code'), null);
    await t.client.send(
      new UpdateParticipantAuthenticationCommand({ InstanceId: t.instanceId, State: url.searchParams.get('state')!, Error: 'access_denied', ErrorDescription: 'The user cancelled' }),
    );
    const failed = await c.socket.item((i) => i.ContentType === FAILED);
    assert.equal(sessionOf(failed), c.sessionId);
    await c.socket.item((i) => i.Content === BRANCH.error);
    assert.deepEqual(await systemTexts(t.pc, c.token), [BRANCH.error]);
    const { Contact } = await t.client.send(new DescribeContactCommand({ InstanceId: t.instanceId, ContactId: c.ContactId }));
    assert.equal(Contact!.CustomerId, undefined);
    await c.socket.close();
  });

  test('a code the sign-in page did not issue takes the Error branch', async () => {
    const c = await authChat(t, flowId);
    const url = await authUrl(t.pc, c.token, c.sessionId);
    await t.client.send(new UpdateParticipantAuthenticationCommand({ InstanceId: t.instanceId, State: url.searchParams.get('state')!, Code: 'not-a-code' }));
    await c.socket.item((i) => i.ContentType === FAILED);
    await c.socket.item((i) => i.Content === BRANCH.error);
    await c.socket.close();
  });

  test('a wrong password shows the page again with 401 and issues no code', async () => {
    const c = await authChat(t, flowId);
    const url = await authUrl(t.pc, c.token, c.sessionId);
    const wrong = await signIn(url, { username: 'customer', password: 'nope' });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.location, undefined);
    assert.ok(wrong.html.includes('Incorrect username or password.'));
    // the session still waits: the right password works after
    const right = await signIn(url, { username: 'customer', password: 'Passw0rd!' });
    assert.ok(right.query?.get('code'));
    await c.socket.close();
  });

  test('CancelParticipantAuthentication takes Opted out and tells the customer authentication.cancelled', async () => {
    const c = await authChat(t, flowId);
    // the SessionId used for the URL may still cancel
    await authUrl(t.pc, c.token, c.sessionId);
    const out = await t.pc.send(new CancelParticipantAuthenticationCommand({ ConnectionToken: c.token, SessionId: c.sessionId }));
    assert.equal(out.$metadata.httpStatusCode, 200);
    const cancelled = await c.socket.item((i) => i.ContentType === CANCELLED);
    assert.equal(sessionOf(cancelled), c.sessionId);
    await c.socket.item((i) => i.Content === BRANCH.optedOut);
    assert.deepEqual(await systemTexts(t.pc, c.token), [BRANCH.optedOut]);
    await c.socket.close();
  });

  test('the time limit: not at 179.999 s, Timeout branch and authentication.timeout at exactly 180 s', async () => {
    const c = await authChat(t, flowId);
    await advance(t.server.url, 179.999);
    await c.socket.sync();
    assert.deepEqual(c.socket.takeItems(), []);
    assert.deepEqual(await systemTexts(t.pc, c.token), []);
    await advance(t.server.url, 0.001);
    const timedOut = await c.socket.item((i) => i.ContentType === TIMEOUT);
    assert.equal(sessionOf(timedOut), c.sessionId);
    await c.socket.item((i) => i.Content === BRANCH.timeout);
    assert.deepEqual(await systemTexts(t.pc, c.token), [BRANCH.timeout]);
    await c.socket.close();
  });

  test('TimeLimitMinutes 15 is honoured', async () => {
    const fifteen = await setUpAuth(t.client, t.instanceId, { associate: false, minutes: '15' });
    const c = await authChat(t, fifteen);
    await advance(t.server.url, 14 * 60 + 59);
    assert.deepEqual(await systemTexts(t.pc, c.token), []);
    await advance(t.server.url, 1);
    await c.socket.item((i) => i.ContentType === TIMEOUT);
    await c.socket.item((i) => i.Content === BRANCH.timeout);
    await c.socket.close();
  });

  test('without a COGNITO_USER_POOL association the block takes the Error branch at once', async () => {
    const bare = await createTestInstance(t.client, { prefix: 'no-pool' });
    const noPool = await setUpAuth(t.client, bare, { associate: false });
    const chat = await startChat(t.client, bare, { ContactFlowId: noPool });
    const conn = await connectCustomer(t.pc, chat.ParticipantToken);
    const socket = await TestSocket.subscribed(conn.url);
    await socket.sync();
    assert.ok(!socket.takeItems().some((i) => i.ContentType === INITIATED), 'no authentication starts');
    assert.deepEqual(await systemTexts(t.pc, conn.connectionToken), [BRANCH.error]);
    await socket.close();
  });

  test('a customer socket that subscribes later still gets authentication.initiated with the same session', async () => {
    const c = await authChat(t, flowId);
    const again = await connectCustomer(t.pc, c.ParticipantToken);
    const second = await TestSocket.subscribed(again.url);
    const initiated = await second.item((i) => i.ContentType === INITIATED);
    assert.equal(sessionOf(initiated), c.sessionId);
    // the first socket is not told twice
    await c.socket.sync();
    assert.ok(!c.socket.takeItems().some((i) => i.ContentType === INITIATED));
    await Promise.all([c.socket.close(), second.close()]);
  });

  test('another participant (a bot) sees the display name change but none of the authentication events', async () => {
    const c = await authChat(t, flowId);
    const bot = await t.client.send(
      new CreateParticipantCommand({ InstanceId: t.instanceId, ContactId: c.ContactId, ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: 'Bot' } }),
    );
    const conn = await t.pc.send(new CreateParticipantConnectionCommand({ ParticipantToken: bot.ParticipantCredentials!.ParticipantToken!, Type: ['WEBSOCKET'] }));
    const botSocket = await TestSocket.subscribed(conn.Websocket!.Url!);
    const signed = await signIn(await authUrl(t.pc, c.token, c.sessionId), { username: 'customer', password: 'Passw0rd!' });
    await t.client.send(new UpdateParticipantAuthenticationCommand({ InstanceId: t.instanceId, State: signed.query!.get('state')!, Code: signed.query!.get('code')! }));
    await c.socket.item((i) => i.Content === BRANCH.success);
    const renamed = await botSocket.item((i) => i.ContentType === NAME_UPDATED);
    assert.equal(renamed.DisplayName, 'Casey');
    await botSocket.item((i) => i.Content === BRANCH.success);
    await botSocket.sync();
    const authEvents = botSocket.takeItems().filter((i) => i.ContentType?.includes('.authentication.'));
    assert.deepEqual(authEvents, []);
    await Promise.all([c.socket.close(), botSocket.close()]);
  });
});

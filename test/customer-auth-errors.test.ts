// Customer authentication: what the three operations and the sign-in page refuse (spec auth.md §3).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { UpdateParticipantAuthenticationCommand, type UpdateParticipantAuthenticationRequest } from '@aws-sdk/client-connect';
import { CancelParticipantAuthenticationCommand, DisconnectParticipantCommand, GetAuthenticationUrlCommand } from '@aws-sdk/client-connectparticipant';
import { advance, chatServerPerFile } from './support/chat.js';
import { expectError, rejects } from './support/errors.js';
import { createTestInstance } from './support/server.js';
import { authChat, authUrl, CANCELLED, FAILED, REDIRECT, setUpAuth, signIn, SUCCEEDED } from './support/auth.js';

const t = chatServerPerFile();
let flowId: string;

const update = (input: Omit<UpdateParticipantAuthenticationRequest, 'InstanceId'> & { InstanceId?: string }) =>
  t.client.send(new UpdateParticipantAuthenticationCommand({ InstanceId: t.instanceId, ...input }));

describe('customer authentication errors', () => {
  before(async () => {
    flowId = await setUpAuth(t.client, t.instanceId);
  });

  test('UpdateParticipantAuthentication takes exactly one of Code and Error (InvalidRequestException)', async () => {
    const c = await authChat(t, flowId);
    const url = await authUrl(t.pc, c.token, c.sessionId);
    const state = url.searchParams.get('state')!;
    await rejects(() => update({ State: state }), 'InvalidRequestException', 400);
    await rejects(() => update({ State: state, Code: 'x', Error: 'access_denied' }), 'InvalidRequestException', 400);
    // neither refusal answered the session: a real answer still works
    const signed = await signIn(url, { username: 'customer', password: 'Passw0rd!' });
    await update({ State: state, Code: signed.query!.get('code')! });
    await c.socket.item((i) => i.ContentType === SUCCEEDED);
    await c.socket.close();
  });

  test('an unknown State, or one of another instance, is an InvalidRequestException', async () => {
    await expectError(update({ State: 'no-such-state', Code: 'abc' }), 'InvalidRequestException', 'State');
    const c = await authChat(t, flowId);
    const state = (await authUrl(t.pc, c.token, c.sessionId)).searchParams.get('state')!;
    const other = await createTestInstance(t.client, { prefix: 'other' });
    await expectError(update({ InstanceId: other, State: state, Error: 'access_denied' }), 'InvalidRequestException', 'State');
    await c.socket.close();
  });

  test('Error and ErrorDescription outside printable ASCII without quote and backslash are an InvalidParameterException', async () => {
    const c = await authChat(t, flowId);
    const state = (await authUrl(t.pc, c.token, c.sessionId)).searchParams.get('state')!;
    await rejects(() => update({ State: state, Error: 'bad "quote"' }), 'InvalidParameterException', 400);
    await rejects(() => update({ State: state, Error: 'access_denied', ErrorDescription: 'back\\slash' }), 'InvalidParameterException', 400);
    await c.socket.close();
  });

  test('a State answered once is a ConflictException (409) the second time', async () => {
    const c = await authChat(t, flowId);
    const url = await authUrl(t.pc, c.token, c.sessionId);
    const signed = await signIn(url, { username: 'customer', password: 'Passw0rd!' });
    const state = signed.query!.get('state')!;
    await update({ State: state, Code: signed.query!.get('code')! });
    await c.socket.item((i) => i.ContentType === SUCCEEDED);
    await rejects(() => update({ State: state, Code: signed.query!.get('code')! }), 'ConflictException', 409);
    await rejects(() => update({ State: state, Error: 'access_denied' }), 'ConflictException', 409);
    // and the sign-in page no longer takes it
    const page = await fetch(url);
    assert.equal(page.status, 400);
    assert.match(await page.text(), /not valid/);
    await c.socket.close();
  });

  test('two answers for one State at once: one is taken, the other is a ConflictException', async () => {
    const c = await authChat(t, flowId);
    const signed = await signIn(await authUrl(t.pc, c.token, c.sessionId), { username: 'customer', password: 'Passw0rd!' });
    const state = signed.query!.get('state')!;
    const results = await Promise.allSettled([update({ State: state, Code: signed.query!.get('code')! }), update({ State: state, Error: 'access_denied' })]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1, JSON.stringify(results.map((r) => r.status)));
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.equal((refused.reason as Error).name, 'ConflictException');
    // exactly one outcome reached the customer
    await c.socket.item((i) => i.ContentType === SUCCEEDED || i.ContentType === FAILED);
    await c.socket.sync();
    assert.ok(!c.socket.takeItems().some((i) => i.ContentType === SUCCEEDED || i.ContentType === FAILED));
    await c.socket.close();
  });

  test('a block that no longer waits (cancelled, timed out, chat ended) is a ConflictException', async () => {
    const a = await authChat(t, flowId);
    const stateA = (await authUrl(t.pc, a.token, a.sessionId)).searchParams.get('state')!;
    await t.pc.send(new CancelParticipantAuthenticationCommand({ ConnectionToken: a.token, SessionId: a.sessionId }));
    await a.socket.item((i) => i.ContentType === CANCELLED);
    await rejects(() => update({ State: stateA, Error: 'access_denied' }), 'ConflictException', 409);

    const b = await authChat(t, flowId);
    const urlB = await authUrl(t.pc, b.token, b.sessionId);
    const stateB = urlB.searchParams.get('state')!;
    const signed = await signIn(urlB, { username: 'customer', password: 'Passw0rd!' });
    assert.ok(signed.query?.get('code'));
    await advance(t.server.url, 180);
    await rejects(() => update({ State: stateB, Code: signed.query!.get('code')! }), 'ConflictException', 409);

    const c = await authChat(t, flowId);
    const stateC = (await authUrl(t.pc, c.token, c.sessionId)).searchParams.get('state')!;
    await t.pc.send(new DisconnectParticipantCommand({ ConnectionToken: c.token }));
    await rejects(() => update({ State: stateC, Error: 'access_denied' }), 'ConflictException', 409);
    await Promise.all([a.socket.close(), b.socket.close(), c.socket.close()]);
  });

  test('GetAuthenticationUrl: unknown, used or expired SessionId, or a RedirectUri that is no URL, is a ValidationException; 60 s is still in time', async () => {
    const c = await authChat(t, flowId);
    await expectError(t.pc.send(new GetAuthenticationUrlCommand({ ConnectionToken: c.token, SessionId: randomUUID(), RedirectUri: REDIRECT })), 'ValidationException');
    await rejects(() => t.pc.send(new GetAuthenticationUrlCommand({ ConnectionToken: c.token, SessionId: 'short', RedirectUri: REDIRECT })), 'ValidationException', 400);
    // a RedirectUri the browser could not be sent to is refused, and the session stays unused
    await expectError(t.pc.send(new GetAuthenticationUrlCommand({ ConnectionToken: c.token, SessionId: c.sessionId, RedirectUri: 'callback.html' })), 'ValidationException', 'RedirectUri');
    await advance(t.server.url, 60);
    await authUrl(t.pc, c.token, c.sessionId);
    await expectError(t.pc.send(new GetAuthenticationUrlCommand({ ConnectionToken: c.token, SessionId: c.sessionId, RedirectUri: REDIRECT })), 'ValidationException', 'already');

    const d = await authChat(t, flowId);
    await advance(t.server.url, 60.001);
    await expectError(t.pc.send(new GetAuthenticationUrlCommand({ ConnectionToken: d.token, SessionId: d.sessionId, RedirectUri: REDIRECT })), 'ValidationException', 'expired');
    // the SessionId of one chat is nothing to another
    const e = await authChat(t, flowId);
    await expectError(t.pc.send(new GetAuthenticationUrlCommand({ ConnectionToken: e.token, SessionId: c.sessionId, RedirectUri: REDIRECT })), 'ValidationException');
    await Promise.all([c.socket.close(), d.socket.close(), e.socket.close()]);
  });

  test('CancelParticipantAuthentication of an unknown or answered session is a ValidationException', async () => {
    const c = await authChat(t, flowId);
    await expectError(t.pc.send(new CancelParticipantAuthenticationCommand({ ConnectionToken: c.token, SessionId: randomUUID() })), 'ValidationException');
    await t.pc.send(new CancelParticipantAuthenticationCommand({ ConnectionToken: c.token, SessionId: c.sessionId }));
    await c.socket.item((i) => i.ContentType === CANCELLED);
    await expectError(t.pc.send(new CancelParticipantAuthenticationCommand({ ConnectionToken: c.token, SessionId: c.sessionId })), 'ValidationException');
    await c.socket.close();
  });

  test('a bad or ended ConnectionToken is a 403 AccessDeniedException on both participant operations', async () => {
    const c = await authChat(t, flowId);
    await rejects(() => t.pc.send(new GetAuthenticationUrlCommand({ ConnectionToken: 'not-a-token', SessionId: c.sessionId, RedirectUri: REDIRECT })), 'AccessDeniedException', 403);
    await rejects(() => t.pc.send(new CancelParticipantAuthenticationCommand({ ConnectionToken: 'not-a-token', SessionId: c.sessionId })), 'AccessDeniedException', 403);
    await t.pc.send(new DisconnectParticipantCommand({ ConnectionToken: c.token }));
    await rejects(() => t.pc.send(new GetAuthenticationUrlCommand({ ConnectionToken: c.token, SessionId: c.sessionId, RedirectUri: REDIRECT })), 'AccessDeniedException', 403);
    await rejects(() => t.pc.send(new CancelParticipantAuthenticationCommand({ ConnectionToken: c.token, SessionId: c.sessionId })), 'AccessDeniedException', 403);
    await c.socket.close();
  });

  test('the sign-in page refuses a client_id or redirect_uri other than those of the session', async () => {
    const c = await authChat(t, flowId);
    const url = await authUrl(t.pc, c.token, c.sessionId);
    for (const [k, v] of [['client_id', 'other'], ['redirect_uri', 'https://evil.example.com/'], ['response_type', 'token']]) {
      const bad = new URL(url);
      bad.searchParams.set(k, v);
      const res = await fetch(bad);
      assert.equal(res.status, 400, `${k}=${v}`);
      await res.text();
    }
    await c.socket.close();
  });
});

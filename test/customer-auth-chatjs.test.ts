// Customer authentication with the real amazon-connect-chatjs: a customer ChatSession hears
// onAuthenticationInitiated, asks getAuthenticationUrl and cancelParticipantAuthentication, and
// hears how the block ended (onAuthenticationSuccessful/Failed/Timeout/Canceled) and the new
// display name (onParticipantDisplayNameUpdated), as a chat widget does.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { UpdateParticipantAuthenticationCommand } from '@aws-sdk/client-connect';
import { advance, chatServerPerFile, startChat } from './support/chat.js';
import { disposeSession, loadChatJs, nextEvent, type ChatJs, type ChatJsSession } from './support/chatjs.js';
import { BRANCH, CLIENT_ID, REDIRECT, setUpAuth, signIn } from './support/auth.js';

const t = chatServerPerFile();
let flowId: string;
let chatjs: ChatJs;
const sessions: ChatJsSession[] = [];
after(() => sessions.forEach(disposeSession));

/** A chat in the auth flow and its chatjs customer session, connected; the SessionId chatjs delivered. */
async function customerSession() {
  const chat = await startChat(t.client, t.instanceId, { ContactFlowId: flowId });
  const session = chatjs.ChatSession.create({
    chatDetails: { ContactId: chat.ContactId, ParticipantId: chat.ParticipantId, ParticipantToken: chat.ParticipantToken },
    type: 'CUSTOMER',
  });
  sessions.push(session);
  // registered before connect: the event comes right after the socket subscribes
  const initiated = nextEvent((cb) => session.onAuthenticationInitiated(cb), 'onAuthenticationInitiated');
  await session.connect();
  const e = await initiated;
  assert.equal(e.data?.ContentType, 'application/vnd.amazonaws.connect.event.authentication.initiated');
  const sessionId = (JSON.parse(e.data!.Content as string) as { SessionId: string }).SessionId;
  return { chat, session, sessionId };
}

const systemMessage = (session: ChatJsSession, text: string) =>
  nextEvent((cb) => session.onMessage(cb), `the message "${text}"`, (e) => e.data?.ParticipantRole === 'SYSTEM' && e.data?.Content === text);

describe('customer authentication with amazon-connect-chatjs', () => {
  before(async () => {
    flowId = await setUpAuth(t.client, t.instanceId);
    chatjs = await loadChatJs({ endpoint: t.server.url, region: 'us-east-1' });
  });

  test('onAuthenticationInitiated, getAuthenticationUrl, then success: display name and onAuthenticationSuccessful', async () => {
    const { chat, session, sessionId } = await customerSession();
    assert.equal(sessionId.length, 36);
    const res = await session.getAuthenticationUrl({ sessionId, redirectUri: REDIRECT });
    const url = new URL(res.data.AuthenticationUrl as string);
    assert.equal(url.searchParams.get('client_id'), CLIENT_ID);
    assert.equal(url.searchParams.get('redirect_uri'), REDIRECT);

    const signed = await signIn(url, { username: 'customer', password: 'Passw0rd!' });
    const renamed = nextEvent((cb) => session.onParticipantDisplayNameUpdated(cb), 'onParticipantDisplayNameUpdated');
    const succeeded = nextEvent((cb) => session.onAuthenticationSuccessful(cb), 'onAuthenticationSuccessful');
    const message = systemMessage(session, BRANCH.success);
    await t.client.send(new UpdateParticipantAuthenticationCommand({ InstanceId: t.instanceId, State: signed.query!.get('state')!, Code: signed.query!.get('code')! }));
    const name = await renamed;
    assert.equal(name.data?.DisplayName, 'Casey');
    assert.equal(name.data?.ParticipantId, chat.ParticipantId);
    const ok = await succeeded;
    assert.equal((JSON.parse(ok.data!.Content as string) as { SessionId: string }).SessionId, sessionId);
    await message;
    // what the customer sends from now on carries the new name
    const sent = await session.sendMessage({ message: 'thanks', contentType: 'text/plain' });
    const { data } = await session.getTranscript({ sortOrder: 'ASCENDING', scanDirection: 'BACKWARD', maxResults: 100 });
    const mine = (data.Transcript as { Id: string; DisplayName: string }[]).find((i) => i.Id === sent.data.Id);
    assert.equal(mine?.DisplayName, 'Casey');
  });

  test('cancelParticipantAuthentication: onAuthenticationCanceled and the Opted out branch', async () => {
    const { session, sessionId } = await customerSession();
    const cancelled = nextEvent((cb) => session.onAuthenticationCanceled(cb), 'onAuthenticationCanceled');
    const message = systemMessage(session, BRANCH.optedOut);
    const res = await session.cancelParticipantAuthentication({ sessionId });
    assert.ok(res.data);
    assert.equal((await cancelled).data?.ContentType, 'application/vnd.amazonaws.connect.event.authentication.cancelled');
    await message;
  });

  test('an Error answer: onAuthenticationFailed and the Error branch', async () => {
    const { session, sessionId } = await customerSession();
    const url = new URL((await session.getAuthenticationUrl({ sessionId, redirectUri: REDIRECT })).data.AuthenticationUrl as string);
    const failed = nextEvent((cb) => session.onAuthenticationFailed(cb), 'onAuthenticationFailed');
    const message = systemMessage(session, BRANCH.error);
    await t.client.send(new UpdateParticipantAuthenticationCommand({ InstanceId: t.instanceId, State: url.searchParams.get('state')!, Error: 'access_denied' }));
    await failed;
    await message;
  });

  test('the time limit: onAuthenticationTimeout and the Timeout branch', async () => {
    const { session } = await customerSession();
    const timedOut = nextEvent((cb) => session.onAuthenticationTimeout(cb), 'onAuthenticationTimeout');
    const message = systemMessage(session, BRANCH.timeout);
    await advance(t.server.url, 180);
    await timedOut;
    await message;
  });

  test('getAuthenticationUrl with a SessionId the chat does not wait for rejects with ValidationException', async () => {
    const { session } = await customerSession();
    await assert.rejects(session.getAuthenticationUrl({ sessionId: '00000000-0000-4000-8000-000000000000', redirectUri: REDIRECT }), (e: unknown) => {
      // chatjs rejects with its own shape: { type, message, statusCode }
      const err = e as { type?: string; statusCode?: number };
      assert.equal(err.type, 'ValidationException');
      assert.equal(err.statusCode, 400);
      return true;
    });
  });
});

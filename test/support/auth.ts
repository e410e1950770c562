// Customer authentication for tests (spec auth.md): a flow with AuthenticateParticipant, the
// instance's COGNITO_USER_POOL association, a chat parked in the block with its SessionId, and
// the local sign-in page driven by plain HTTP as a browser would.
import assert from 'node:assert/strict';
import { CreateContactFlowCommand, CreateIntegrationAssociationCommand, ListQueuesCommand, type ConnectClient } from '@aws-sdk/client-connect';
import { GetAuthenticationUrlCommand, GetTranscriptCommand, type ConnectParticipantClient } from '@aws-sdk/client-connectparticipant';
import { connectCustomer, EVENT, startChat, TestSocket, type ChatTestServer, type SocketItem } from './chat.js';

export const POOL_ARN = 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_test';
export const CLIENT_ID = 'client123';
export const INITIATED = `${EVENT}authentication.initiated`;
export const SUCCEEDED = `${EVENT}authentication.succeeded`;
export const FAILED = `${EVENT}authentication.failed`;
export const TIMEOUT = `${EVENT}authentication.timeout`;
export const CANCELLED = `${EVENT}authentication.cancelled`;
export const NAME_UPDATED = `${EVENT}participant.displayname.updated`;
export const REDIRECT = 'https://app.example.com/callback';

/** Branch messages of authFlow: which branch the block took. */
export const BRANCH = { success: 'signed in as Casey', optedOut: 'opted out', timeout: 'timed out', error: 'auth error' };

const message = (id: string, text: string) => ({
  Identifier: id,
  Type: 'MessageParticipant',
  Parameters: { Text: text },
  Transitions: { NextAction: 'set queue', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'set queue' }] },
});

export interface AuthFlowOptions {
  minutes?: string;
  /** the block's user pool (POOL_ARN unless given) */
  poolArn?: string;
  /** false: no Opted out branch (condition Equals OptedOut) */
  optedOut?: boolean;
}

/** AuthenticateParticipant, one message per branch, then the queue. */
export function authFlow(queueArn: string, opts: AuthFlowOptions = {}): string {
  return JSON.stringify({
    Version: '2019-10-30',
    StartAction: 'auth',
    Actions: [
      {
        Identifier: 'auth',
        Type: 'AuthenticateParticipant',
        Parameters: { CognitoConfiguration: { UserPoolArn: opts.poolArn ?? POOL_ARN, AppClientId: CLIENT_ID }, TimeLimitMinutes: opts.minutes ?? '3' },
        Transitions: {
          NextAction: 'ok',
          ...(opts.optedOut === false ? {} : { Conditions: [{ NextAction: 'opted', Condition: { Operator: 'Equals', Operands: ['OptedOut'] } }] }),
          Errors: [
            { ErrorType: 'TimeLimitExceeded', NextAction: 'timed' },
            { ErrorType: 'NoMatchingError', NextAction: 'failed' },
          ],
        },
      },
      message('ok', 'signed in as $.Customer.FirstName'),
      message('opted', BRANCH.optedOut),
      message('timed', BRANCH.timeout),
      message('failed', BRANCH.error),
      {
        Identifier: 'set queue',
        Type: 'UpdateContactTargetQueue',
        Parameters: { QueueId: queueArn },
        Transitions: { NextAction: 'transfer', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'end' }] },
      },
      {
        Identifier: 'transfer',
        Type: 'TransferContactToQueue',
        Parameters: {},
        Transitions: { NextAction: 'end', Errors: [{ ErrorType: 'QueueAtCapacity', NextAction: 'end' }, { ErrorType: 'NoMatchingError', NextAction: 'end' }] },
      },
      { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    ],
  });
}

/** Creates the auth flow in an instance (and, unless told not to, the user-pool association); its id. */
export async function setUpAuth(client: ConnectClient, instanceId: string, opts: AuthFlowOptions & { associate?: boolean; name?: string } = {}): Promise<string> {
  if (opts.associate ?? true) {
    await client.send(new CreateIntegrationAssociationCommand({ InstanceId: instanceId, IntegrationType: 'COGNITO_USER_POOL', IntegrationArn: POOL_ARN }));
  }
  const { QueueSummaryList } = await client.send(new ListQueuesCommand({ InstanceId: instanceId, QueueTypes: ['STANDARD'] }));
  const basic = QueueSummaryList!.find((q) => q.Name === 'BasicQueue')!;
  const { ContactFlowId } = await client.send(
    new CreateContactFlowCommand({ InstanceId: instanceId, Name: opts.name ?? `Auth flow ${Math.random().toString(36).slice(2)}`, Type: 'CONTACT_FLOW', Content: authFlow(basic.Arn!, opts) }),
  );
  return ContactFlowId!;
}

/** A chat started in `flowId` whose customer is connected and subscribed; the initiated event taken. */
export async function authChat(t: ChatTestServer, flowId: string, instanceId = t.instanceId) {
  const chat = await startChat(t.client, instanceId, { ContactFlowId: flowId });
  const conn = await connectCustomer(t.pc, chat.ParticipantToken);
  const socket = await TestSocket.subscribed(conn.url);
  const initiated = await socket.item((i) => i.ContentType === INITIATED);
  const sessionId = (JSON.parse(initiated.Content!) as { SessionId: string }).SessionId;
  return { ...chat, instanceId, token: conn.connectionToken, socket, initiated, sessionId };
}

export async function authUrl(pc: ConnectParticipantClient, token: string, sessionId: string, redirectUri = REDIRECT): Promise<URL> {
  const { AuthenticationUrl } = await pc.send(new GetAuthenticationUrlCommand({ ConnectionToken: token, SessionId: sessionId, RedirectUri: redirectUri }));
  assert.ok(AuthenticationUrl);
  return new URL(AuthenticationUrl);
}

/**
 * The sign-in page by plain HTTP: GET the form, POST it as its button would. Answers the
 * redirect's query (Location), or the page's status and HTML when it does not redirect.
 */
export async function signIn(
  url: URL,
  form: { username?: string; password?: string; action?: 'sign-in' | 'cancel' },
): Promise<{ status: number; query?: URLSearchParams; location?: URL; html: string }> {
  const page = await fetch(url);
  const html = await page.text();
  assert.equal(page.status, 200, html);
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  const state = /name="state" value="([^"]*)"/.exec(html)?.[1];
  assert.ok(action && state !== undefined, 'the page has a form with the state');
  const body = new URLSearchParams({ state: state.replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c))), username: form.username ?? '', password: form.password ?? '', action: form.action ?? 'sign-in' });
  const res = await fetch(new URL(action, url), { method: 'POST', body, redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const location = res.headers.get('location');
  const text = await res.text();
  return location ? { status: res.status, location: new URL(location), query: new URL(location).searchParams, html: text } : { status: res.status, html: text };
}

/** The texts of the system messages in the chat's transcript. */
export async function systemTexts(pc: ConnectParticipantClient, token: string): Promise<string[]> {
  const { Transcript } = await pc.send(new GetTranscriptCommand({ ConnectionToken: token, SortOrder: 'ASCENDING', MaxResults: 100 }));
  return (Transcript ?? []).filter((i) => i.Type === 'MESSAGE' && i.ParticipantRole === 'SYSTEM').map((i) => i.Content!);
}

/** Content of an authentication event: its SessionId. */
export const sessionOf = (i: SocketItem): string | undefined => (i.Content ? (JSON.parse(i.Content) as { SessionId?: string }).SessionId : undefined);

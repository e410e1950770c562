// Customer authentication in chat (spec auth.md, flows.md §3.4): the AuthenticateParticipant
// action parks the flow and tells the customer's socket authentication.initiated; the client asks
// GetAuthenticationUrl for a sign-in page (connect-local's own, in place of Cognito's hosted UI);
// the sign-in gives the RedirectUri a code, which the customer's backend hands to
// UpdateParticipantAuthentication. Success, Error, Opted out (CancelParticipantAuthentication)
// and Timeout are the block's branches.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { BadRequest, ServiceError } from '../protocol/errors.js';
import type { Partition, StoredRecord } from '../store/store.js';
import { addItem, DISPLAY_NAME_UPDATED, EVENT, fromParticipant, isoTime, TOKEN_PARTITION, tokenKey, type Caller } from './chat-session.js';
import type { ChatItem } from './events.js';
import { timeOrderedId } from './resources.js';
import { findContact, saveContact, type ContactData } from './contacts.js';
import { onParkTimeout, parkedRuns, resumeFlow, type ActionContext, type ActionHandler, type ActionResult, type FlowSlot } from './flow-runner.js';
import { resolveValue } from './flow-values.js';
import { getInstance } from './instances.js';
import type { AuthUser, Work } from './work.js';

export const AUTH_INITIATED = `${EVENT}authentication.initiated`;
export const AUTH_SUCCEEDED = `${EVENT}authentication.succeeded`;
export const AUTH_FAILED = `${EVENT}authentication.failed`;
export const AUTH_TIMEOUT = `${EVENT}authentication.timeout`;
export const AUTH_CANCELLED = `${EVENT}authentication.cancelled`;

const SESSION = 'auth-session';
const CODE = 'auth-code';
/** GetAuthenticationUrl is allowed within a minute of the initiated event (model docs) */
const URL_WINDOW_MS = 60_000;
/** a code from the sign-in page is good for 5 minutes, as Cognito's */
const CODE_MS = 5 * 60_000;

/** One authentication of a parked flow, found by its State (the sign-in page and UpdateParticipantAuthentication know only that). */
export interface AuthSession extends Partition {
  instanceId: string;
  contactId: string;
  slot: FlowSlot;
  parkId: string;
  SessionId: string;
  InitiatedAt: number;
  AppClientId: string;
  UserPoolArn: string;
  RedirectUri?: string;
  /** answered: a second answer is a ConflictException */
  Consumed?: boolean;
}

interface AuthCode {
  State: string;
  username: string;
  expiresAt: number;
}

const getSession = (w: Work, state: string) => w.tx.get<AuthSession>(TOKEN_PARTITION, SESSION, '', state);
const putSession = (w: Work, state: string, s: AuthSession) => w.tx.put(TOKEN_PARTITION, { kind: SESSION, scope: '', id: state, data: s });

/** Something the customer's socket alone gets (not kept in the transcript). */
async function tellCustomer(w: Work, p: Partition, contact: StoredRecord<ContactData>, contentType: string, content?: unknown): Promise<void> {
  const customer = contact.data.Chat?.Participants.find((x) => x.ParticipantRole === 'CUSTOMER');
  if (!customer) return;
  await addItem(w, p, contact, { Type: 'EVENT', ContentType: contentType, ...(content ? { Content: JSON.stringify(content) } : {}), ...fromParticipant(customer) }, true, customer.ParticipantId);
}

const AuthenticateParticipant: ActionHandler = async (x) => {
  const noMatch = (why: string): ActionResult => ({ kind: 'error', type: 'NoMatchingError', why });
  if (!x.contact.data.Chat) return noMatch('customer authentication is for chats');
  const cognito = (x.params.CognitoConfiguration ?? {}) as { UserPoolArn?: unknown; AppClientId?: unknown };
  const poolArn = await resolveValue(x, cognito.UserPoolArn);
  // Fix: the block's user pool must be one associated with the instance (the console offers
  // only those); any COGNITO_USER_POOL association used to do, whatever pool the block named.
  const [pool] = await x.w.tx.list<{ IntegrationArn: string }>(x.p, {
    kind: 'integration-association',
    scope: x.contact.scope,
    limit: 1,
    where: { IntegrationType: 'COGNITO_USER_POOL', ...(poolArn ? { IntegrationArn: String(poolArn) } : {}) },
  });
  if (!pool) return noMatch(`the instance has no COGNITO_USER_POOL integration association${poolArn ? ` for ${String(poolArn)}` : ''}`);
  const minutes = Number((await resolveValue(x, x.params.TimeLimitMinutes)) ?? 3);
  if (!Number.isInteger(minutes) || minutes < 3 || minutes > 15) return noMatch('TimeLimitMinutes is not 3..15');
  const sessionId = randomUUID();
  const state = randomBytes(32).toString('base64url');
  const { w, p, contact, slot } = x;
  return {
    kind: 'park',
    park: { Kind: 'auth', SessionId: sessionId },
    due: w.now + minutes * 60_000,
    timeout: { kind: 'error', type: 'TimeLimitExceeded' },
    onPark: async (parkId) => {
      await putSession(w, state, {
        account: p.account,
        region: p.region,
        instanceId: contact.scope,
        contactId: contact.id,
        slot,
        parkId,
        SessionId: sessionId,
        InitiatedAt: w.now,
        AppClientId: String((await resolveValue(x, cognito.AppClientId)) ?? 'connect-local'),
        UserPoolArn: pool.data.IntegrationArn,
      });
      // the contact keeps where to find its session
      contact.data.Flow!.Runs[slot]!.Park!.State = state;
      await tellCustomer(w, p, contact, AUTH_INITIATED, { SessionId: sessionId });
    },
  };
};

export const authActions: Record<string, ActionHandler> = { AuthenticateParticipant };

/** The customer's flow waiting in an AuthenticateParticipant block, if the caller is the customer. */
const parkedSignIn = (caller: Caller) =>
  caller.participant.ParticipantRole === 'CUSTOMER' ? parkedRuns(caller.contact.data).find((r) => r.park.Kind === 'auth' && r.park.State) : undefined;

/** Whether a socket of this caller may be owed authentication.initiated (see pendingInitiated): most sockets are not, and need no look-up. */
export const mayBeOwedInitiated = (caller: Caller): boolean => parkedSignIn(caller) !== undefined;

/**
 * The authentication.initiated a customer's socket gets when it subscribes. Fix: a chat's flow
 * runs inside StartChatContact, so it reaches the block before the customer has any socket and
 * the event sent then reached nobody (chatjs's onAuthenticationInitiated never fired). While the
 * URL has not been asked for, a newly subscribed customer socket gets it again, and the
 * one-minute window of GetAuthenticationUrl counts from that delivery.
 */
export async function pendingInitiated(w: Work, caller: Caller): Promise<ChatItem | undefined> {
  const parked = parkedSignIn(caller);
  const session = parked ? await getSession(w, parked.park.State!) : undefined;
  if (!session || session.data.Consumed || session.data.RedirectUri !== undefined) return undefined;
  session.data.InitiatedAt = w.now;
  await putSession(w, parked!.park.State!, session.data);
  return {
    AbsoluteTime: isoTime(w.now),
    Id: timeOrderedId(w.now),
    Type: 'EVENT',
    ContentType: AUTH_INITIATED,
    Content: JSON.stringify({ SessionId: session.data.SessionId }),
    ...fromParticipant(caller.participant),
    ContactId: caller.contact.id,
    InitialContactId: caller.contact.data.InitialContactId!,
  };
}

/** The authentication a participant's chat is parked in under SessionId, or ValidationException. */
async function pending(w: Work, caller: Caller, sessionId: string): Promise<{ state: string; session: StoredRecord<AuthSession> }> {
  const parked = parkedRuns(caller.contact.data).find((r) => r.park.Kind === 'auth' && r.park.SessionId === sessionId);
  const state = parked?.park.State;
  const session = state ? await getSession(w, state) : undefined;
  if (!state || !session || session.data.Consumed) throw new BadRequest(`SessionId: ${sessionId} is not an authentication this chat waits for`);
  return { state, session };
}

/** GetAuthenticationUrl: once per session, within a minute of authentication.initiated. */
export async function authenticationUrl(w: Work, caller: Caller, sessionId: string, redirectUri: string): Promise<{ state: string; clientId: string }> {
  const { state, session } = await pending(w, caller, sessionId);
  if (w.now > session.data.InitiatedAt + URL_WINDOW_MS) throw new BadRequest(`SessionId: ${sessionId} has expired; the URL must be asked for within a minute of authentication.initiated`);
  if (session.data.RedirectUri !== undefined) throw new BadRequest(`SessionId: ${sessionId} has been used for an authentication URL already`);
  // the sign-in page sends the browser there: refused now rather than after the person signed in
  if (!URL.canParse(redirectUri)) throw new BadRequest(`RedirectUri: ${JSON.stringify(redirectUri)} is not an absolute URL`);
  session.data.RedirectUri = redirectUri;
  await putSession(w, state, session.data);
  return { state, clientId: session.data.AppClientId };
}

/** Resumes the flow of a session with `result`, after `tell` went to the customer. */
async function answer(w: Work, s: AuthSession, state: string, tell: string, result: ActionResult, onSuccess?: (x: ActionContext) => Promise<void>): Promise<void> {
  s.Consumed = true;
  await putSession(w, state, s);
  const contact = await findContact(w, s, s.instanceId, s.contactId);
  if (!contact) return;
  await resumeFlow(w, s, contact, s.slot, s.parkId, result, async (x) => {
    await onSuccess?.(x);
    await tellCustomer(w, s, contact, tell, { SessionId: s.SessionId });
  });
}

/** CancelParticipantAuthentication: the block takes Opted out. */
export async function cancelAuthentication(w: Work, caller: Caller, sessionId: string): Promise<void> {
  const { state, session } = await pending(w, caller, sessionId);
  // Opted out is the block's condition Equals "OptedOut"; a flow without it must not take
  // NextAction (Success) for a customer who did not sign in: Error instead
  const optedOut: ActionResult = { kind: 'value', value: 'OptedOut', unmatched: { kind: 'error', type: 'NoMatchingError', why: 'the customer opted out; the flow has no Opted out branch' } };
  await answer(w, session.data, state, AUTH_CANCELLED, optedOut);
}

/** The sign-in page: whether State is an authentication waiting for a sign-in, with what the page must check. */
export async function signInSession(w: Work, state: string): Promise<AuthSession | undefined> {
  const s = await getSession(w, state);
  return s && !s.data.Consumed && s.data.RedirectUri !== undefined ? s.data : undefined;
}

/** A person signed in on the page as `user`: a code the RedirectUri receives. */
export async function issueCode(w: Work, state: string, user: AuthUser): Promise<string> {
  const code = randomBytes(24).toString('base64url');
  const data: AuthCode = { State: state, username: user.username, expiresAt: w.now + CODE_MS };
  await w.tx.put(TOKEN_PARTITION, { kind: CODE, scope: '', id: tokenKey(code), data });
  return code;
}

/** A Customer Profiles id for an identity: the same person is the same profile in an instance. */
const profileId = (s: AuthSession, username: string): string => createHash('sha256').update(`${s.account}/${s.instanceId}/${username}`).digest('hex').slice(0, 32);

/**
 * UpdateParticipantAuthentication: a valid Code takes Success (CustomerId, display name), an
 * Error or a code that is not good takes Error.
 */
export async function updateParticipantAuthentication(
  w: Work,
  p: Partition,
  input: { InstanceId: string; State: string; Code?: string; Error?: string },
  users: AuthUser[],
): Promise<void> {
  const instance = await getInstance(w.tx, p, input.InstanceId).catch(() => {
    throw new BadRequest(`InstanceId: no instance ${input.InstanceId}`);
  });
  if ((input.Code === undefined) === (input.Error === undefined)) throw new BadRequest('Give exactly one of Code and Error');
  const found = await getSession(w, input.State);
  const s = found?.data;
  if (!s || s.account !== p.account || s.region !== p.region || s.instanceId !== instance.id) throw new BadRequest('State: not an authentication of this instance');
  const contact = await findContact(w, s, s.instanceId, s.contactId);
  const waiting = contact?.data.Flow?.Runs[s.slot]?.Park?.Id === s.parkId;
  if (s.Consumed || !waiting) throw new ServiceError('ConflictException', 'This authentication has been answered already, or its contact no longer waits for it');

  let user: AuthUser | undefined;
  if (input.Code !== undefined) {
    const code = await w.tx.get<AuthCode>(TOKEN_PARTITION, CODE, '', tokenKey(input.Code));
    if (code && code.data.State === input.State && code.data.expiresAt > w.now) {
      await w.tx.delete(TOKEN_PARTITION, CODE, '', code.id);
      user = users.find((u) => u.username === code.data.username);
    }
  }
  if (!user) return answer(w, s, input.State, AUTH_FAILED, { kind: 'error', type: 'NoMatchingError', why: input.Error ?? 'the code is not one the sign-in page issued' });
  const signedIn = user;
  await answer(w, s, input.State, AUTH_SUCCEEDED, { kind: 'next' }, async (x) => {
    const c = x.contact.data;
    c.CustomerId = profileId(s, signedIn.username);
    c.SegmentAttributes = { ...c.SegmentAttributes, 'connect:CustomerAuthentication': { ValueMap: { Status: { ValueString: 'AUTHENTICATED' } } } };
    x.state.Customer = {
      ProfileId: c.CustomerId,
      ...(signedIn.givenName ? { FirstName: signedIn.givenName } : {}),
      ...(signedIn.familyName ? { LastName: signedIn.familyName } : {}),
      ...(signedIn.email ? { EmailAddress: signedIn.email } : {}),
    };
    const customer = c.Chat?.Participants.find((q) => q.ParticipantRole === 'CUSTOMER');
    if (customer && signedIn.givenName && customer.DisplayName !== signedIn.givenName) {
      customer.DisplayName = signedIn.givenName;
      await addItem(w, s, x.contact, { Type: 'EVENT', ContentType: DISPLAY_NAME_UPDATED, ...fromParticipant(customer) }, true);
    }
    await saveContact(w, s, x.contact, 'CONTACT_DATA_UPDATED', ['CustomerId', 'SegmentAttributes']);
  });
}

onParkTimeout('auth', async (x) => {
  const state = x.run.Park?.State;
  const s = state ? await getSession(x.w, state) : undefined;
  if (s && state) {
    s.data.Consumed = true;
    await putSession(x.w, state, s.data);
  }
  await tellCustomer(x.w, x.p, x.contact, AUTH_TIMEOUT, { SessionId: s?.data.SessionId });
});

// The Participant Service as a chat customer uses it (spec chat.md §2, wire-protocol.md §6):
// CreateParticipantConnection, SendMessage, SendEvent, DisconnectParticipant, DescribeView, and
// the /_local/ route that hands out participant tokens. GetTranscript paging is in
// transcript.test.ts, the socket protocol in websocket.test.ts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeContactCommand, StopContactCommand } from '@aws-sdk/client-connect';
import {
  CreateParticipantConnectionCommand,
  DescribeViewCommand,
  DisconnectParticipantCommand,
  GetTranscriptCommand,
  SendEventCommand,
  SendMessageCommand,
  type Item,
} from '@aws-sdk/client-connectparticipant';
import { expectError, rejects } from './support/errors.js';
import { advance, chatServerPerFile, connectedChat, clockNow, connectCustomer, DELIVERED, JOINED, local, READ, startChat, TestSocket, TYPING } from './support/chat.js';

const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const iso = (ms: number): string => new Date(ms).toISOString();

// A manual clock: expiries and timestamps can be checked to the millisecond.
const ctx = chatServerPerFile();

async function transcript(token: string): Promise<Item[]> {
  const out = await ctx.pc.send(new GetTranscriptCommand({ ConnectionToken: token, MaxResults: 100, SortOrder: 'ASCENDING' }));
  return out.Transcript ?? [];
}

const send = (token: string, Content: string, ContentType = 'text/plain', ClientToken?: string) =>
  ctx.pc.send(new SendMessageCommand({ ConnectionToken: token, ContentType, Content, ClientToken }));

describe('CreateParticipantConnection', () => {
  test('both types: a ws://127.0.0.1 URL for 100 s and a ConnectionToken for 24 h', async () => {
    const chat = await startChat(ctx.client, ctx.instanceId);
    const now = await clockNow(ctx.server.url);
    const out = await ctx.pc.send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken, Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }));
    // chatjs accepts ws:// only on the literal 127.0.0.1
    assert.ok(out.Websocket?.Url?.startsWith(`ws://127.0.0.1:${ctx.server.port}/`), out.Websocket?.Url);
    assert.match(out.Websocket!.ConnectionExpiry!, ISO_MS);
    assert.equal(out.Websocket!.ConnectionExpiry, iso(now + 100_000));
    assert.ok(out.ConnectionCredentials?.ConnectionToken);
    assert.match(out.ConnectionCredentials!.Expiry!, ISO_MS);
    assert.equal(out.ConnectionCredentials!.Expiry, iso(now + 24 * 3600_000));
  });

  test('only the requested members come back', async () => {
    const chat = await startChat(ctx.client, ctx.instanceId);
    const creds = await ctx.pc.send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken, Type: ['CONNECTION_CREDENTIALS'] }));
    assert.equal(creds.Websocket, undefined);
    assert.ok(creds.ConnectionCredentials?.ConnectionToken);
    const ws = await ctx.pc.send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken, Type: ['WEBSOCKET'] }));
    assert.equal(ws.ConnectionCredentials, undefined);
    assert.ok(ws.Websocket?.Url);
    // each call is a connection of its own: the first token still works after the second call
    assert.equal((await transcript(creds.ConnectionCredentials!.ConnectionToken!)).length, 1);
  });

  test('an unknown ParticipantToken, or a ConnectionToken in its place, is refused with 403', async () => {
    await rejects(() => ctx.pc.send(new CreateParticipantConnectionCommand({ ParticipantToken: 'no-such-token', Type: ['WEBSOCKET'] })), 'AccessDeniedException', 403);
    const { token } = await connectedChat(ctx);
    await rejects(() => ctx.pc.send(new CreateParticipantConnectionCommand({ ParticipantToken: token, Type: ['WEBSOCKET'] })), 'AccessDeniedException', 403);
  });

  test('the first connection joins the customer and connects the contact; later ones do not', async () => {
    const chat = await startChat(ctx.client, ctx.instanceId);
    const before = await ctx.client.send(new DescribeContactCommand({ InstanceId: ctx.instanceId, ContactId: chat.ContactId }));
    assert.equal(before.Contact?.ConnectedToSystemTimestamp, undefined);

    const connectedAt = await advance(ctx.server.url, 5);
    const first = await connectCustomer(ctx.pc, chat.ParticipantToken);
    await advance(ctx.server.url, 5);
    const second = await connectCustomer(ctx.pc, chat.ParticipantToken);

    const items = await transcript(second.connectionToken);
    assert.deepEqual(items, [
      {
        AbsoluteTime: iso(connectedAt),
        Id: items[0]?.Id,
        Type: 'EVENT',
        ContentType: JOINED,
        ParticipantId: chat.ParticipantId,
        DisplayName: 'Customer',
        ParticipantRole: 'CUSTOMER',
        ContactId: chat.ContactId,
      },
    ]);
    assert.notEqual(first.connectionToken, second.connectionToken);
    const { Contact } = await ctx.client.send(new DescribeContactCommand({ InstanceId: ctx.instanceId, ContactId: chat.ContactId }));
    assert.equal(Contact?.ConnectedToSystemTimestamp?.getTime(), connectedAt);
  });
});

describe('SendMessage', () => {
  test('answers Id and AbsoluteTime, and the transcript holds that message', async () => {
    const { token, ParticipantId, ContactId } = await connectedChat(ctx);
    const now = await advance(ctx.server.url, 1);
    const out = await send(token, 'hello');
    assert.ok(out.Id);
    assert.equal(out.AbsoluteTime, iso(now));
    const items = await transcript(token);
    assert.deepEqual(items.at(-1), {
      AbsoluteTime: out.AbsoluteTime,
      Id: out.Id,
      Type: 'MESSAGE',
      ContentType: 'text/plain',
      Content: 'hello',
      ParticipantId,
      DisplayName: 'Customer',
      ParticipantRole: 'CUSTOMER',
      ContactId,
    });
  });

  test('content types and lengths: text 1024, JSON 12000, only what the chat supports', async () => {
    const { token } = await connectedChat(ctx, { SupportedMessagingContentTypes: ['text/plain', 'application/json'] });
    await send(token, 'x'.repeat(1024));
    await expectError(send(token, 'x'.repeat(1025)), 'ValidationException', '1025');
    await send(token, JSON.stringify({ v: 'y'.repeat(11990) }).padEnd(12000, ' '), 'application/json');
    await expectError(send(token, 'j'.repeat(12001), 'application/json'), 'ValidationException', '12001');
    await expectError(send(token, '<b>hi</b>', 'text/html'), 'ValidationException', 'text/html');
    // text/markdown is a message type, but this chat did not declare it
    await expectError(send(token, '*hi*', 'text/markdown'), 'ValidationException', 'SupportedMessagingContentTypes');
    const messages = (await transcript(token)).filter((i) => i.Type === 'MESSAGE');
    assert.deepEqual(messages.map((m) => [m.ContentType, m.Content?.length]), [
      ['text/plain', 1024],
      ['application/json', 12000],
    ]);
  });

  test('a chat with the default types takes only text/plain', async () => {
    const { token } = await connectedChat(ctx);
    await expectError(send(token, '{}', 'application/json'), 'ValidationException', 'SupportedMessagingContentTypes');
  });

  test('ClientToken: an exact repeat is a retry; the same token with other content is a new message', async () => {
    const { token } = await connectedChat(ctx);
    const first = await send(token, 'once', 'text/plain', 'tok-1');
    // a retry a second later still answers the first Id and time
    await advance(ctx.server.url, 1);
    const retry = await send(token, 'once', 'text/plain', 'tok-1');
    assert.deepEqual([retry.Id, retry.AbsoluteTime], [first.Id, first.AbsoluteTime]);
    // chatjs reuses one literal token for every receipt, so other input is not a conflict here
    const other = await send(token, 'twice', 'text/plain', 'tok-1');
    assert.notEqual(other.Id, first.Id);
    const messages = (await transcript(token)).filter((i) => i.Type === 'MESSAGE');
    assert.deepEqual(messages.map((m) => [m.Id, m.Content]), [
      [first.Id, 'once'],
      [other.Id, 'twice'],
    ]);
  });
});

describe('SendEvent', () => {
  test('typing reaches the socket but not the transcript', async () => {
    const { token, conn, ParticipantId } = await connectedChat(ctx);
    const socket = await TestSocket.subscribed(conn.url);
    try {
      const out = await ctx.pc.send(new SendEventCommand({ ConnectionToken: token, ContentType: TYPING }));
      const item = await socket.item((i) => i.ContentType === TYPING);
      assert.equal(item.Id, out.Id);
      assert.equal(item.ParticipantId, ParticipantId);
      assert.equal(item.Type, 'EVENT');
      assert.ok(!(await transcript(token)).some((i) => i.ContentType === TYPING || i.Id === out.Id));
    } finally {
      await socket.close();
    }
  });

  test('read and delivered receipts: MESSAGEMETADATA on the socket, Receipts on the message', async () => {
    const { token, conn, ParticipantId } = await connectedChat(ctx);
    const socket = await TestSocket.subscribed(conn.url);
    try {
      const m1 = await send(token, 'one');
      const m2 = await send(token, 'two');
      const deliveredAt = await advance(ctx.server.url, 1);
      // chatjs sends every receipt with the literal ClientToken INCOMING_<kind>_RECEIPT
      const receipt = (ContentType: string, messageId: string, ClientToken: string) =>
        ctx.pc.send(new SendEventCommand({ ConnectionToken: token, ContentType, Content: JSON.stringify({ messageId }), ClientToken }));
      await receipt(DELIVERED, m1.Id!, 'INCOMING_DELIVERED_RECEIPT');
      const readAt = await advance(ctx.server.url, 1);
      await receipt(READ, m1.Id!, 'INCOMING_READ_RECEIPT');
      await receipt(READ, m2.Id!, 'INCOMING_READ_RECEIPT');

      const delivered = await socket.item((i) => i.Type === 'MESSAGEMETADATA');
      assert.deepEqual(delivered.MessageMetadata, {
        MessageId: m1.Id,
        Receipts: [{ DeliveredTimestamp: iso(deliveredAt), RecipientParticipantId: ParticipantId }],
      });
      const read = await socket.item((i) => i.Type === 'MESSAGEMETADATA');
      assert.deepEqual(read.MessageMetadata, { MessageId: m1.Id, Receipts: [{ ReadTimestamp: iso(readAt), RecipientParticipantId: ParticipantId }] });
      assert.equal((await socket.item((i) => i.Type === 'MESSAGEMETADATA')).MessageMetadata?.MessageId, m2.Id);

      const byId = new Map((await transcript(token)).map((i) => [i.Id, i]));
      assert.deepEqual(byId.get(m1.Id)?.MessageMetadata, {
        MessageId: m1.Id,
        Receipts: [{ DeliveredTimestamp: iso(deliveredAt), ReadTimestamp: iso(readAt), RecipientParticipantId: ParticipantId }],
      });
      assert.deepEqual(byId.get(m2.Id)?.MessageMetadata, { MessageId: m2.Id, Receipts: [{ ReadTimestamp: iso(readAt), RecipientParticipantId: ParticipantId }] });
      // the receipts themselves are not transcript items
      assert.ok(![...byId.values()].some((i) => (i.Type as string) === 'MESSAGEMETADATA'));
    } finally {
      await socket.close();
    }
  });

  test(
    'a repeated receipt: the socket tells the same ReadTimestamp as the transcript',
    async () => {
      const { token, conn } = await connectedChat(ctx);
      const socket = await TestSocket.subscribed(conn.url);
      try {
        const m = await send(token, 'read me');
        const read = () => ctx.pc.send(new SendEventCommand({ ConnectionToken: token, ContentType: READ, Content: JSON.stringify({ messageId: m.Id }) }));
        await read();
        await advance(ctx.server.url, 5);
        await read();
        await socket.sync();
        const stored = (await transcript(token)).find((i) => i.Id === m.Id)?.MessageMetadata?.Receipts?.[0]?.ReadTimestamp;
        const told = socket.takeItems().filter((i) => i.Type === 'MESSAGEMETADATA').map((i) => i.MessageMetadata?.Receipts?.[0]?.ReadTimestamp);
        assert.ok(stored && told.length >= 1);
        assert.ok(told.every((t) => t === stored), `socket ${JSON.stringify(told)}, transcript ${stored}`);
      } finally {
        await socket.close();
      }
    },
  );

  test('bad receipt content and unknown event types are ValidationException', async () => {
    const { token } = await connectedChat(ctx);
    const joined = (await transcript(token))[0];
    const other = await connectedChat(ctx);
    const foreign = await send(other.token, 'not yours');
    const event = (ContentType: string, Content?: string) => ctx.pc.send(new SendEventCommand({ ConnectionToken: token, ContentType, Content }));
    await expectError(event(READ, 'not json'), 'ValidationException', 'messageId');
    await expectError(event(READ), 'ValidationException', 'messageId');
    await expectError(event(DELIVERED, '{"id":"x"}'), 'ValidationException', 'messageId');
    await expectError(event(READ, JSON.stringify({ messageId: 'no-such-message' })), 'ValidationException', 'no-such-message');
    // a message of another chat, and an item that is not a message, are not messages of this chat
    await expectError(event(READ, JSON.stringify({ messageId: foreign.Id })), 'ValidationException', foreign.Id);
    await expectError(event(READ, JSON.stringify({ messageId: joined.Id })), 'ValidationException', joined.Id);
    await expectError(event('application/vnd.amazonaws.connect.event.chat.ended'), 'ValidationException', 'chat.ended');
    await expectError(event('text/plain', 'hi'), 'ValidationException', 'text/plain');
  });
});

describe('the end of a chat', () => {
  /** Every call a customer makes, with its tokens: each must be refused once the chat is over. */
  async function allRefused(chat: { ParticipantToken: string; token: string }): Promise<void> {
    const t = chat.token;
    const calls: [string, () => Promise<unknown>][] = [
      ['CreateParticipantConnection', () => ctx.pc.send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken, Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }))],
      ['SendMessage', () => send(t, 'anyone?')],
      ['SendEvent', () => ctx.pc.send(new SendEventCommand({ ConnectionToken: t, ContentType: TYPING }))],
      ['GetTranscript', () => ctx.pc.send(new GetTranscriptCommand({ ConnectionToken: t }))],
      ['DisconnectParticipant', () => ctx.pc.send(new DisconnectParticipantCommand({ ConnectionToken: t }))],
      ['DescribeView', () => ctx.pc.send(new DescribeViewCommand({ ConnectionToken: t, ViewToken: 'view' }))],
    ];
    for (const [name, call] of calls) {
      const err = await rejects(call, 'AccessDeniedException', 403).catch((e: Error) => assert.fail(`${name}: ${e.message}`));
      assert.equal(err.message, 'Access denied', name);
    }
  }

  test('DisconnectParticipant answers {} and then every token of the customer is refused', async () => {
    const chat = await connectedChat(ctx);
    const { $metadata, ...out } = await ctx.pc.send(new DisconnectParticipantCommand({ ConnectionToken: chat.token }));
    assert.equal($metadata.httpStatusCode, 200);
    assert.deepEqual(out, {});
    await allRefused(chat);
    const { Contact } = await ctx.client.send(new DescribeContactCommand({ InstanceId: ctx.instanceId, ContactId: chat.ContactId }));
    assert.equal(Contact?.DisconnectReason, 'CUSTOMER_DISCONNECT');
  });

  test('StopContact ends the chat for the customer the same way', async () => {
    const chat = await connectedChat(ctx);
    await ctx.client.send(new StopContactCommand({ InstanceId: ctx.instanceId, ContactId: chat.ContactId }));
    await allRefused(chat);
  });
});

describe('DescribeView', () => {
  test('no view exists: ResourceNotFoundException; a bad token: AccessDeniedException', async () => {
    const { token } = await connectedChat(ctx);
    await rejects(() => ctx.pc.send(new DescribeViewCommand({ ConnectionToken: token, ViewToken: 'some-view' })), 'ResourceNotFoundException', 404);
    await rejects(() => ctx.pc.send(new DescribeViewCommand({ ConnectionToken: 'bad-token', ViewToken: 'some-view' })), 'AccessDeniedException', 403);
  });
});

describe('GET /_local/instances/{InstanceId}/contacts/{ContactId}/participants', () => {
  const path = (contactId: string, instance = ctx.instanceId) => `/_local/instances/${instance}/contacts/${contactId}/participants`;

  test('lists the customer with a token that connects', async () => {
    const chat = await startChat(ctx.client, ctx.instanceId, { ParticipantDetails: { DisplayName: 'Jane' } });
    const { status, body } = await local(ctx.server.url, path(chat.ContactId));
    assert.equal(status, 200);
    assert.deepEqual(body, {
      Participants: [{ ParticipantId: chat.ParticipantId, ParticipantRole: 'CUSTOMER', DisplayName: 'Jane', ParticipantToken: chat.ParticipantToken }],
    });
    const conn = await connectCustomer(ctx.pc, body.Participants[0].ParticipantToken);
    const [joined] = await transcript(conn.connectionToken);
    assert.equal(joined.ContentType, JOINED);
    assert.equal(joined.DisplayName, 'Jane');
  });

  test('an unknown contact or instance is 404', async () => {
    const chat = await startChat(ctx.client, ctx.instanceId);
    const contact = await local(ctx.server.url, path('00000000-0000-0000-0000-000000000000'));
    assert.equal(contact.status, 404);
    assert.match(contact.body.message, /00000000-0000-0000-0000-000000000000/);
    assert.equal((await local(ctx.server.url, path(chat.ContactId, '11111111-1111-1111-1111-111111111111'))).status, 404);
  });
});

// Last in this file: it moves the clock a whole day.
describe('ConnectionToken lifetime', () => {
  test('a ConnectionToken works for 24 hours; the ParticipantToken then gives a new one', async () => {
    const chat = await connectedChat(ctx);
    await advance(ctx.server.url, 24 * 3600 - 1);
    await transcript(chat.token);
    await advance(ctx.server.url, 1);
    await rejects(() => ctx.pc.send(new GetTranscriptCommand({ ConnectionToken: chat.token })), 'AccessDeniedException', 403);
    // the chat itself (25 h by default) goes on
    const fresh = await connectCustomer(ctx.pc, chat.ParticipantToken);
    assert.equal((await transcript(fresh.connectionToken)).filter((i) => i.ContentType === JOINED).length, 1);
  });
});

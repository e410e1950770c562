// GetTranscript (spec chat.md §2.4, §3): its defaults, sorting, start positions, paging in
// both directions, the items it shows, and the transcript of a persistent chat.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DisconnectParticipantCommand,
  GetTranscriptCommand,
  SendMessageCommand,
  type GetTranscriptRequest,
  type Item,
} from '@aws-sdk/client-connectparticipant';
import { expectError } from './support/errors.js';
import { advance, chatServerPerFile, connectCustomer, ENDED, JOINED, LEFT, startChat } from './support/chat.js';

const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const MESSAGES = 25;

// A manual clock: each message gets a time of its own, one second after the previous.
const ctx = chatServerPerFile();

const read = (token: string, q: Omit<GetTranscriptRequest, 'ConnectionToken'> = {}) => ctx.pc.send(new GetTranscriptCommand({ ConnectionToken: token, ...q }));
const ids = (items: Item[] | undefined): string[] => (items ?? []).map((i) => i.Id!);

/** A chat with an InitialMessage, the customer joined, then messages m0..m24, one a second. */
async function busyChat() {
  const chat = await startChat(ctx.client, ctx.instanceId, { InitialMessage: { ContentType: 'text/plain', Content: 'initial' } });
  const { connectionToken: token } = await connectCustomer(ctx.pc, chat.ParticipantToken);
  const sent: { Id: string; AbsoluteTime: string }[] = [];
  for (let i = 0; i < MESSAGES; i++) {
    const out = await ctx.pc.send(new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/plain', Content: `m${i}` }));
    sent.push({ Id: out.Id!, AbsoluteTime: out.AbsoluteTime! });
    await advance(ctx.server.url, 1);
  }
  const all = await read(token, { MaxResults: 100, SortOrder: 'ASCENDING' });
  assert.equal(all.NextToken, undefined, 'the whole transcript fits in one page of 100');
  return { ...chat, token, sent, all: all.Transcript!, allIds: ids(all.Transcript) };
}

describe('GetTranscript of one chat', () => {
  let chat: Awaited<ReturnType<typeof busyChat>>;
  before(async () => {
    chat = await busyChat();
  });

  test('the InitialMessage comes first, then the join, then the messages in order', () => {
    assert.equal(chat.all.length, MESSAGES + 2);
    const [initial, joined] = chat.all;
    assert.deepEqual(
      [initial.Type, initial.ContentType, initial.Content, initial.ParticipantId, initial.ParticipantRole],
      ['MESSAGE', 'text/plain', 'initial', chat.ParticipantId, 'CUSTOMER'],
    );
    assert.deepEqual([joined.Type, joined.ContentType, joined.Content], ['EVENT', JOINED, undefined]);
    assert.deepEqual(chat.allIds.slice(2), chat.sent.map((s) => s.Id));
  });

  test('items carry every field chatjs and apps read', () => {
    for (const item of chat.all) {
      assert.match(item.AbsoluteTime!, ISO_MS);
      assert.ok(item.Id);
      assert.equal(item.ContactId, chat.ContactId);
      assert.equal(item.RelatedContactId, undefined);
    }
    const m3 = chat.all[5];
    assert.deepEqual(m3, {
      AbsoluteTime: chat.sent[3].AbsoluteTime,
      Id: chat.sent[3].Id,
      Type: 'MESSAGE',
      ParticipantId: chat.ParticipantId,
      DisplayName: 'Customer',
      ParticipantRole: 'CUSTOMER',
      ContentType: 'text/plain',
      Content: 'm3',
      ContactId: chat.ContactId,
    });
  });

  test('no arguments: the newest 10, newest first, with a NextToken and the InitialContactId', async () => {
    const out = await read(chat.token);
    assert.deepEqual(ids(out.Transcript), chat.allIds.slice(-10).reverse());
    assert.ok(out.NextToken);
    assert.equal(out.InitialContactId, chat.ContactId);
  });

  test('SortOrder ASCENDING and MaxResults order and size the newest page', async () => {
    assert.deepEqual(ids((await read(chat.token, { SortOrder: 'ASCENDING' })).Transcript), chat.allIds.slice(-10));
    assert.deepEqual(ids((await read(chat.token, { MaxResults: 3 })).Transcript), chat.allIds.slice(-3).reverse());
    // what chatjs sends by default: an empty StartPosition means none
    const chatjs = await read(chat.token, { MaxResults: 15, ScanDirection: 'BACKWARD', SortOrder: 'ASCENDING', StartPosition: {} });
    assert.deepEqual(ids(chatjs.Transcript), chat.allIds.slice(-15));
  });

  async function pages(first: Omit<GetTranscriptRequest, 'ConnectionToken'>): Promise<string[][]> {
    const out: string[][] = [];
    let NextToken: string | undefined;
    do {
      const page = await read(chat.token, { ...first, ...(NextToken ? { NextToken } : {}) });
      out.push(ids(page.Transcript));
      NextToken = page.NextToken;
      assert.ok(out.length <= 20, 'the pages end');
    } while (NextToken);
    return out;
  }

  test('paging BACKWARD by 4 covers every item exactly once', async () => {
    const got = await pages({ MaxResults: 4, SortOrder: 'ASCENDING' });
    assert.equal(got.length, Math.ceil(chat.all.length / 4));
    assert.ok(got.every((p, i) => p.length === (i < got.length - 1 ? 4 : chat.all.length % 4 || 4)));
    // newest page first, each page in ascending order
    assert.deepEqual(got.reverse().flat(), chat.allIds);
  });

  test('paging FORWARD by 4 from the first item covers every item exactly once', async () => {
    const got = await pages({ MaxResults: 4, ScanDirection: 'FORWARD', SortOrder: 'ASCENDING', StartPosition: { Id: chat.allIds[0] } });
    assert.deepEqual(got.flat(), chat.allIds);
    // DESCENDING only orders each page; the pages still go forward
    const desc = await pages({ MaxResults: 4, ScanDirection: 'FORWARD', SortOrder: 'DESCENDING', StartPosition: { Id: chat.allIds[0] } });
    assert.deepEqual(desc.map((p) => [...p].reverse()).flat(), chat.allIds);
  });

  test('StartPosition Id includes that item, FORWARD by default or BACKWARD', async () => {
    const m5 = chat.sent[5].Id;
    const at = chat.allIds.indexOf(m5);
    const forward = await read(chat.token, { StartPosition: { Id: m5 }, MaxResults: 3, SortOrder: 'ASCENDING' });
    assert.deepEqual(ids(forward.Transcript), chat.allIds.slice(at, at + 3));
    const backward = await read(chat.token, { StartPosition: { Id: m5 }, ScanDirection: 'BACKWARD', MaxResults: 3, SortOrder: 'ASCENDING' });
    assert.deepEqual(ids(backward.Transcript), chat.allIds.slice(at - 2, at + 1));
    await expectError(read(chat.token, { StartPosition: { Id: 'no-such-item' } }), 'ValidationException', 'no-such-item');
    await expectError(read(chat.token, { StartPosition: { Id: m5, MostRecent: 1 } }), 'ValidationException', 'StartPosition');
  });

  test('StartPosition MostRecent n starts at the n-th newest item (0 = the newest)', async () => {
    const out = await read(chat.token, { StartPosition: { MostRecent: 2 }, SortOrder: 'ASCENDING' });
    assert.deepEqual(ids(out.Transcript), chat.allIds.slice(-3));
    assert.equal(out.NextToken, undefined);
    const newest = await read(chat.token, { StartPosition: { MostRecent: 0 } });
    assert.deepEqual(ids(newest.Transcript), chat.allIds.slice(-1));
  });

  test('StartPosition AbsoluteTime: the items at or after it FORWARD, at or before it BACKWARD', async () => {
    const m10 = chat.sent[10];
    const at = chat.allIds.indexOf(m10.Id);
    const q = { MaxResults: 2, SortOrder: 'ASCENDING' } as const;
    assert.deepEqual(ids((await read(chat.token, { ...q, StartPosition: { AbsoluteTime: m10.AbsoluteTime } })).Transcript), chat.allIds.slice(at, at + 2));
    const backward = await read(chat.token, { ...q, ScanDirection: 'BACKWARD', StartPosition: { AbsoluteTime: m10.AbsoluteTime } });
    assert.deepEqual(ids(backward.Transcript), chat.allIds.slice(at - 1, at + 1));
    // half a second after m10: m11 is the first after, m10 the last before
    const between = new Date(Date.parse(m10.AbsoluteTime) + 500).toISOString();
    assert.deepEqual(ids((await read(chat.token, { ...q, StartPosition: { AbsoluteTime: between } })).Transcript), chat.allIds.slice(at + 1, at + 3));
    assert.deepEqual(ids((await read(chat.token, { ...q, ScanDirection: 'BACKWARD', StartPosition: { AbsoluteTime: between } })).Transcript), chat.allIds.slice(at - 1, at + 1));
    await expectError(read(chat.token, { StartPosition: { AbsoluteTime: 'yesterday' } }), 'ValidationException', 'AbsoluteTime');
  });

  test('a NextToken of another chat or a garbled one is ValidationException', async () => {
    const other = await startChat(ctx.client, ctx.instanceId);
    const { connectionToken } = await connectCustomer(ctx.pc, other.ParticipantToken);
    for (let i = 0; i < 3; i++) await ctx.pc.send(new SendMessageCommand({ ConnectionToken: connectionToken, ContentType: 'text/plain', Content: `o${i}` }));
    const foreign = (await read(connectionToken, { MaxResults: 1 })).NextToken;
    assert.ok(foreign);
    await expectError(read(chat.token, { NextToken: foreign }), 'ValidationException', 'NextToken');
    await expectError(read(chat.token, { NextToken: 'garbage' }), 'ValidationException', 'NextToken');
    const mine = (await read(chat.token, { MaxResults: 1 })).NextToken!;
    await expectError(read(chat.token, { NextToken: mine.slice(0, -2) }), 'ValidationException', 'NextToken');
  });

  test('ContactId: this chat shows its transcript, an unrelated chat shows nothing', async () => {
    assert.deepEqual(ids((await read(chat.token, { ContactId: chat.ContactId, MaxResults: 100, SortOrder: 'ASCENDING' })).Transcript), chat.allIds);
    const unrelated = await startChat(ctx.client, ctx.instanceId);
    const out = await read(chat.token, { ContactId: unrelated.ContactId });
    assert.deepEqual(out.Transcript, []);
    assert.equal(out.NextToken, undefined);
    assert.equal(out.InitialContactId, chat.ContactId);
  });
});

describe('GetTranscript of a persistent chat', () => {
  test('ENTIRE_PAST_SESSION shows the past chat with RelatedContactId, the new one with ContactId', async () => {
    const past = await startChat(ctx.client, ctx.instanceId);
    const pastConn = await connectCustomer(ctx.pc, past.ParticipantToken);
    for (const Content of ['a1', 'a2']) await ctx.pc.send(new SendMessageCommand({ ConnectionToken: pastConn.connectionToken, ContentType: 'text/plain', Content }));
    await ctx.pc.send(new DisconnectParticipantCommand({ ConnectionToken: pastConn.connectionToken }));

    const next = await startChat(ctx.client, ctx.instanceId, { PersistentChat: { RehydrationType: 'ENTIRE_PAST_SESSION', SourceContactId: past.ContactId } });
    assert.equal(next.ContinuedFromContactId, past.ContactId);
    assert.notEqual(next.ContactId, past.ContactId);
    const { connectionToken } = await connectCustomer(ctx.pc, next.ParticipantToken);
    await ctx.pc.send(new SendMessageCommand({ ConnectionToken: connectionToken, ContentType: 'text/plain', Content: 'b1' }));

    const out = await read(connectionToken, { MaxResults: 100, SortOrder: 'ASCENDING' });
    assert.equal(out.InitialContactId, next.ContactId, 'a persistent chat is a session of its own');
    const shape = (out.Transcript ?? []).map((i) => [i.ContentType, i.Content ?? null, i.ParticipantId ?? null, i.ContactId ?? null, i.RelatedContactId ?? null]);
    assert.deepEqual(shape, [
      [JOINED, null, past.ParticipantId, null, past.ContactId],
      ['text/plain', 'a1', past.ParticipantId, null, past.ContactId],
      ['text/plain', 'a2', past.ParticipantId, null, past.ContactId],
      // the customer leaving, then the end of the chat, which names no participant
      [LEFT, null, past.ParticipantId, null, past.ContactId],
      [ENDED, null, null, null, past.ContactId],
      [JOINED, null, next.ParticipantId, next.ContactId, null],
      ['text/plain', 'b1', next.ParticipantId, next.ContactId, null],
    ]);
    const ended = out.Transcript![4];
    assert.deepEqual([ended.Type, ended.DisplayName, ended.ParticipantRole], ['EVENT', undefined, undefined]);

    // the past contact is of the same chain: asking for it shows the same transcript
    const byPast = await read(connectionToken, { ContactId: past.ContactId, MaxResults: 100, SortOrder: 'ASCENDING' });
    assert.deepEqual(ids(byPast.Transcript), ids(out.Transcript));
  });

  test(
    'two chats resumed from the same past chat do not see each other',
    async () => {
      const past = await startChat(ctx.client, ctx.instanceId);
      const pastConn = await connectCustomer(ctx.pc, past.ParticipantToken);
      await ctx.pc.send(new SendMessageCommand({ ConnectionToken: pastConn.connectionToken, ContentType: 'text/plain', Content: 'past' }));
      await ctx.pc.send(new DisconnectParticipantCommand({ ConnectionToken: pastConn.connectionToken }));
      const resume = { PersistentChat: { RehydrationType: 'ENTIRE_PAST_SESSION', SourceContactId: past.ContactId } } as const;
      const tokens: string[] = [];
      for (const Content of ['first', 'second']) {
        const chat = await startChat(ctx.client, ctx.instanceId, resume);
        const { connectionToken } = await connectCustomer(ctx.pc, chat.ParticipantToken);
        await ctx.pc.send(new SendMessageCommand({ ConnectionToken: connectionToken, ContentType: 'text/plain', Content }));
        tokens.push(connectionToken);
      }
      const texts = async (token: string) =>
        ((await read(token, { MaxResults: 100, SortOrder: 'ASCENDING' })).Transcript ?? []).filter((i) => i.Type === 'MESSAGE').map((i) => i.Content);
      // each shows the past chat and itself only
      assert.deepEqual(await texts(tokens[0]), ['past', 'first']);
      assert.deepEqual(await texts(tokens[1]), ['past', 'second']);
    },
  );
});

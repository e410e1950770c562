// The chat websocket as chatjs speaks it (spec chat.md §4), with raw `ws` sockets: the
// subscribe, ping and heartbeat answers, chat frames and who gets them, error frames, which
// URLs open a socket, and how the server ends a socket when the chat ends.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateParticipantCommand, StopContactCommand } from '@aws-sdk/client-connect';
import { DisconnectParticipantCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { advance, chatServerPerFile, connectedChat, connectCustomer, ENDED, LEFT, refusedUpgrade, TestSocket, type SocketItem } from './support/chat.js';

// A manual clock: URL expiry and chat duration are reached by advancing it, not by waiting.
const ctx = chatServerPerFile();

const say = (token: string, Content: string) => ctx.pc.send(new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/plain', Content }));

/** Opens the sockets, runs the test, and closes them whatever happened. */
async function withSockets(urls: string[], fn: (sockets: TestSocket[]) => Promise<void>): Promise<void> {
  const sockets: TestSocket[] = [];
  try {
    for (const url of urls) sockets.push(await TestSocket.subscribed(url));
    await fn(sockets);
  } finally {
    await Promise.all(sockets.map((s) => s.close()));
  }
}

describe('the protocol', () => {
  test('subscribe, ping and heartbeat get the answers chatjs waits for', async () => {
    const { url } = await connectedChat(ctx);
    const socket = await TestSocket.open(url);
    try {
      socket.send({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } });
      assert.deepEqual(await socket.take(), { topic: 'aws/subscribe', content: { status: 'success', topics: ['aws/chat'] } });
      socket.send({ topic: 'aws/ping' });
      assert.deepEqual(await socket.take(), { topic: 'aws/ping', statusCode: 200 });
      socket.send({ topic: 'aws/heartbeat' });
      assert.deepEqual(await socket.take(), { topic: 'aws/heartbeat' });
    } finally {
      await socket.close();
    }
  });

  test('a chat frame carries the item as a JSON string with InitialContactId and ContactId', async () => {
    const chat = await connectedChat(ctx);
    await withSockets([chat.url], async ([socket]) => {
      const sent = await say(chat.token, 'hello');
      const frame = await socket.take((f) => f.topic === 'aws/chat');
      assert.deepEqual(Object.keys(frame).sort(), ['content', 'contentType', 'topic']);
      assert.equal(frame.contentType, 'application/json');
      assert.equal(typeof frame.content, 'string');
      assert.deepEqual(JSON.parse(frame.content as string), {
        AbsoluteTime: sent.AbsoluteTime,
        Id: sent.Id,
        Type: 'MESSAGE',
        ContentType: 'text/plain',
        Content: 'hello',
        ParticipantId: chat.ParticipantId,
        DisplayName: 'Customer',
        ParticipantRole: 'CUSTOMER',
        ContactId: chat.ContactId,
        InitialContactId: chat.ContactId,
      });
    });
  });

  test('every socket of the chat gets each message once, in order; another chat gets none', async () => {
    const chat = await connectedChat(ctx);
    // a second connection of the same customer, as chatjs makes when it refreshes its socket
    const second = await connectCustomer(ctx.pc, chat.ParticipantToken);
    const other = await connectedChat(ctx);
    await withSockets([chat.url, second.url, other.url], async ([a, b, stranger]) => {
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) ids.push((await say(chat.token, `n${i}`)).Id!);
      for (const s of [a, b, stranger]) await s.sync();
      for (const s of [a, b]) {
        const items = s.takeItems();
        assert.deepEqual(items.map((i) => i.Id), ids);
        assert.deepEqual(items.map((i) => i.Content), ids.map((_, i) => `n${i}`));
      }
      assert.deepEqual(stranger.takeItems(), []);
    });
  });

  test('a frame the server does not understand gets an error frame without a topic', async () => {
    const { url } = await connectedChat(ctx);
    const socket = await TestSocket.open(url);
    try {
      const errors = [];
      for (const bad of ['not json', '{}', '{"topic":"aws/nonsense"}']) {
        socket.send(bad);
        const frame = await socket.take();
        assert.deepEqual(Object.keys(frame).sort(), ['connectionId', 'message', 'requestId'], bad);
        assert.equal(typeof frame.message, 'string');
        errors.push(frame);
      }
      // one connection, one id; every answer its own request id
      assert.equal(new Set(errors.map((e) => e.connectionId)).size, 1);
      assert.equal(new Set(errors.map((e) => e.requestId)).size, errors.length);
      // the socket stays usable
      socket.send({ topic: 'aws/heartbeat' });
      assert.deepEqual(await socket.take(), { topic: 'aws/heartbeat' });
    } finally {
      await socket.close();
    }
  });
});

describe('which URLs open a socket', () => {
  test('a tampered or missing ticket is refused with 403', async () => {
    const { url } = await connectedChat(ctx);
    const u = new URL(url);
    const ticket = u.searchParams.get('ticket')!;
    assert.ok(ticket);
    const last = ticket.at(-1) === 'A' ? 'B' : 'A';
    u.searchParams.set('ticket', ticket.slice(0, -1) + last);
    assert.equal(await refusedUpgrade(u.href), 403);
    u.searchParams.delete('ticket');
    assert.equal(await refusedUpgrade(u.href), 403);
    // the untouched URL still opens
    const socket = await TestSocket.open(url);
    await socket.close();
  });

  test('a URL is good for 100 seconds', async () => {
    const chat = await connectedChat(ctx);
    const later = await connectCustomer(ctx.pc, chat.ParticipantToken);
    await advance(ctx.server.url, 99);
    const socket = await TestSocket.open(chat.url);
    await socket.close();
    await advance(ctx.server.url, 2);
    assert.equal(await refusedUpgrade(later.url), 403);
  });

  test("the URL of a chat that ended is refused", async () => {
    const chat = await connectedChat(ctx);
    await ctx.pc.send(new DisconnectParticipantCommand({ ConnectionToken: chat.token }));
    assert.equal(await refusedUpgrade(chat.url), 403);
  });

  test('any other path is 404', async () => {
    const { url } = await connectedChat(ctx);
    const u = new URL(url);
    u.pathname = '/somewhere-else';
    assert.equal(await refusedUpgrade(u.href), 404);
  });
});

describe('the end of a chat on the socket', () => {
  /** participant.left of the customer, then chat.ended naming nobody, then the server closes. */
  async function expectEnd(socket: TestSocket, chat: { ContactId: string; ParticipantId: string }): Promise<SocketItem[]> {
    const closedWith = await socket.waitClosed();
    const items = socket.takeItems();
    assert.deepEqual(items.map((i) => [i.Type, i.ContentType]), [
      ['EVENT', LEFT],
      ['EVENT', ENDED],
    ]);
    const [left, ended] = items;
    assert.deepEqual([left.ParticipantId, left.ParticipantRole, left.DisplayName], [chat.ParticipantId, 'CUSTOMER', 'Customer']);
    assert.deepEqual([ended.ParticipantId, ended.DisplayName, ended.ParticipantRole], [undefined, undefined, undefined]);
    for (const i of items) assert.deepEqual([i.ContactId, i.InitialContactId], [chat.ContactId, chat.ContactId]);
    assert.equal(closedWith, 1000);
    return items;
  }

  test('DisconnectParticipant: left, ended, then the server closes the socket', async () => {
    const chat = await connectedChat(ctx);
    await withSockets([chat.url], async ([socket]) => {
      await ctx.pc.send(new DisconnectParticipantCommand({ ConnectionToken: chat.token }));
      await expectEnd(socket, chat);
    });
  });

  test('a participant who leaves a chat that goes on loses its socket; the others keep theirs', async () => {
    const chat = await connectedChat(ctx);
    const bot = await ctx.client.send(
      new CreateParticipantCommand({ InstanceId: ctx.instanceId, ContactId: chat.ContactId, ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: 'Bot' } }),
    );
    const botConn = await connectCustomer(ctx.pc, bot.ParticipantCredentials!.ParticipantToken!);
    await withSockets([chat.url, botConn.url], async ([customer, botSocket]) => {
      await ctx.pc.send(new DisconnectParticipantCommand({ ConnectionToken: botConn.connectionToken }));
      assert.equal(await botSocket.waitClosed(), 1000);
      const left = await customer.item((i) => i.ContentType === LEFT);
      assert.equal(left.ParticipantRole, 'CUSTOM_BOT');
      await say(chat.token, 'still here');
      assert.equal((await customer.item((i) => i.Type === 'MESSAGE')).Content, 'still here');
    });
  });

  test('StopContact ends it the same way', async () => {
    const chat = await connectedChat(ctx);
    await withSockets([chat.url], async ([socket]) => {
      await ctx.client.send(new StopContactCommand({ InstanceId: ctx.instanceId, ContactId: chat.ContactId }));
      await expectEnd(socket, chat);
    });
  });

  test('ChatDurationInMinutes: the chat ends when its time is up, not a second before', async () => {
    const chat = await connectedChat(ctx, { ChatDurationInMinutes: 60 });
    await withSockets([chat.url], async ([socket]) => {
      await advance(ctx.server.url, 3599);
      await socket.sync();
      assert.deepEqual(socket.takeItems(), []);
      const endedAt = await advance(ctx.server.url, 1);
      const items = await expectEnd(socket, chat);
      assert.ok(items.every((i) => i.AbsoluteTime === new Date(endedAt).toISOString()));
    });
  });
});

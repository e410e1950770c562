// The real amazon-connect-chatjs from npm, as a chat widget runs it, against the server: the
// customer's session connects, sends, receives what another participant (a custom bot added
// with CreateParticipant) sends and types, shares a file, reads the transcript, leaves, and
// sees the end.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateParticipantCommand } from '@aws-sdk/client-connect';
import { startChat } from './support/chat.js';
import {
  CreateParticipantConnectionCommand,
  GetAttachmentCommand,
  GetTranscriptCommand,
  SendEventCommand,
  SendMessageCommand,
} from '@aws-sdk/client-connectparticipant';
import { disposeSession, loadChatJs, nextEvent, type ChatJsSession } from './support/chatjs.js';
import { connectClient, defaultInstanceId, participantClient, startServer } from './support/server.js';


const sessions: ChatJsSession[] = [];
after(() => sessions.forEach(disposeSession));

test('amazon-connect-chatjs: connect, send, receive, typing, attachment, transcript, disconnect, ended', async () => {
  const server = await startServer({ inMemory: true });
  try {
    const connect = connectClient(server.url);
    const participant = participantClient(server.url);
    const instanceId = await defaultInstanceId(connect);
    const chat = await startChat(connect, instanceId, {
      ParticipantDetails: { DisplayName: 'Jane' },
      InitialMessage: { ContentType: 'text/plain', Content: 'I need help' },
    });

    // chatjs signs for whatever region it is given; the token alone finds the chat
    const { ChatSession } = await loadChatJs({ endpoint: server.url, region: 'us-west-2' });
    const session = ChatSession.create({
      chatDetails: { ContactId: chat.ContactId, ParticipantId: chat.ParticipantId, ParticipantToken: chat.ParticipantToken },
      type: 'CUSTOMER',
      options: { region: 'us-west-2' },
    });
    sessions.push(session);
    const established = nextEvent((cb) => session.onConnectionEstablished(cb), 'onConnectionEstablished');
    await session.connect();
    await established;

    // another participant of the chat: a custom bot, through the official clients
    const bot = await connect.send(
      new CreateParticipantCommand({
        InstanceId: instanceId,
        ContactId: chat.ContactId,
        ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: 'Helper bot' },
      }),
    );
    const botConnection = await participant.send(
      new CreateParticipantConnectionCommand({ ParticipantToken: bot.ParticipantCredentials!.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'] }),
    );
    const botToken = botConnection.ConnectionCredentials!.ConnectionToken!;

    // the customer sends through chatjs; the bot reads it in the transcript
    const sent = await session.sendMessage({ message: 'hello from chatjs', contentType: 'text/plain' });
    const sentId = sent.data.Id as string;
    assert.ok(sentId);
    const botView = await participant.send(new GetTranscriptCommand({ ConnectionToken: botToken, SortOrder: 'ASCENDING', MaxResults: 100 }));
    const mine = botView.Transcript!.find((i) => i.Id === sentId);
    assert.equal(mine?.Content, 'hello from chatjs');
    assert.equal(mine?.ParticipantRole, 'CUSTOMER');

    // the bot types and sends; chatjs delivers both to the customer
    const typing = nextEvent((cb) => session.onTyping(cb), 'onTyping', (e) => e.data?.ParticipantRole === 'CUSTOM_BOT');
    await participant.send(new SendEventCommand({ ConnectionToken: botToken, ContentType: 'application/vnd.amazonaws.connect.event.typing' }));
    assert.equal((await typing).data?.DisplayName, 'Helper bot');
    const received = nextEvent((cb) => session.onMessage(cb), 'the bot message', (e) => e.data?.Type === 'MESSAGE' && e.data?.ParticipantRole === 'CUSTOM_BOT');
    const botMessage = await participant.send(new SendMessageCommand({ ConnectionToken: botToken, ContentType: 'text/plain', Content: 'how can I help?' }));
    const got = (await received).data!;
    assert.equal(got.Content, 'how can I help?');
    assert.equal(got.Id, botMessage.Id);
    assert.equal(got.ContactId, chat.ContactId);
    assert.equal(got.InitialContactId, chat.ContactId);

    // chatjs's own transcript call (BACKWARD, ASCENDING, StartPosition {})
    const transcript = await session.getTranscript({ maxResults: 15, sortOrder: 'ASCENDING', scanDirection: 'BACKWARD' });
    const items = transcript.data.Transcript as Record<string, unknown>[];
    const contents = items.filter((i) => i.Type === 'MESSAGE').map((i) => i.Content);
    assert.deepEqual(contents, ['I need help', 'hello from chatjs', 'how can I help?']);
    assert.equal(transcript.data.InitialContactId, chat.ContactId);

    // chatjs shares a file; the bot sees the ATTACHMENT item and downloads the same bytes
    const shared = nextEvent((cb) => session.onMessage(cb), 'the attachment item', (e) => e.data?.Type === 'ATTACHMENT');
    await session.sendAttachment({ attachment: new File(['notes for the bot'], 'notes.txt', { type: 'text/plain' }) });
    const item = (await shared).data!;
    const [attachment] = item.Attachments as { AttachmentId: string; AttachmentName: string; Status: string }[];
    assert.equal(attachment.AttachmentName, 'notes.txt');
    assert.equal(attachment.Status, 'APPROVED');
    const link = await participant.send(new GetAttachmentCommand({ ConnectionToken: botToken, AttachmentId: attachment.AttachmentId }));
    assert.equal(link.AttachmentSizeInBytes, 17);
    assert.equal(await (await fetch(link.Url!)).text(), 'notes for the bot');
    const blob = await session.downloadAttachment({ attachmentId: attachment.AttachmentId });
    assert.equal(await blob.text(), 'notes for the bot');
    const latest = await session.getTranscript({ maxResults: 1 });
    assert.equal((latest.data.Transcript as Record<string, unknown>[])[0].Type, 'ATTACHMENT');

    // the customer leaves: chat.ended reaches chatjs, which ends the session
    const ended = nextEvent((cb) => session.onEnded(cb), 'onEnded');
    await session.disconnectParticipant();
    await ended;
    await assert.rejects(
      participant.send(new SendMessageCommand({ ConnectionToken: botToken, ContentType: 'text/plain', Content: 'anyone?' })),
      (e: Error) => e.name === 'AccessDeniedException',
    );
  } finally {
    await server.stop();
  }
});

// Chat attachments through the official participant client: the upload URL on this server,
// CompleteAttachmentUpload sharing the file, GetAttachment's download URL, and the rules.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connectCustomer, startChat } from './support/chat.js';
import {
  CompleteAttachmentUploadCommand,
  GetAttachmentCommand,
  GetTranscriptCommand,
  StartAttachmentUploadCommand,
  type ConnectParticipantClient,
} from '@aws-sdk/client-connectparticipant';
import { expectError } from './support/errors.js';
import { connectClient, defaultInstanceId, participantClient, startServer, type TestServer } from './support/server.js';

let server: TestServer;
let participant: ConnectParticipantClient;

before(async () => {
  server = await startServer({ inMemory: true, clock: 'manual' });
  participant = participantClient(server.url);
});
after(() => server.stop());

/** A new chat's customer ConnectionToken. */
async function customer(): Promise<string> {
  const connect = connectClient(server.url);
  const chat = await startChat(connect, await defaultInstanceId(connect));
  return (await connectCustomer(participant, chat.ParticipantToken)).connectionToken;
}

const upload = (token: string, name: string, bytes: Buffer, type = 'application/pdf') =>
  participant.send(
    new StartAttachmentUploadCommand({ ConnectionToken: token, ContentType: type, AttachmentName: name, AttachmentSizeInBytes: bytes.length, ClientToken: crypto.randomUUID() }),
  );

const put = (url: string, headers: Record<string, string>, body: Buffer) => fetch(url, { method: 'PUT', headers, body });

test('upload, complete, download: the bytes come back and the transcript shows the attachment', async () => {
  const token = await customer();
  const bytes = Buffer.from('%PDF-1.4 a small file');
  const started = await upload(token, 'report.pdf', bytes);
  const meta = started.UploadMetadata!;
  assert.match(meta.Url!, new RegExp(`^${server.url}/`));
  assert.match(meta.UrlExpiry!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.equal(meta.HeadersToInclude!['Content-Type'], 'application/pdf');
  assert.equal((await put(meta.Url!, meta.HeadersToInclude!, bytes)).status, 200);
  await participant.send(new CompleteAttachmentUploadCommand({ ConnectionToken: token, AttachmentIds: [started.AttachmentId!], ClientToken: crypto.randomUUID() }));

  const transcript = await participant.send(new GetTranscriptCommand({ ConnectionToken: token, MaxResults: 1 }));
  const item = transcript.Transcript![0];
  assert.equal(item.Type, 'ATTACHMENT');
  assert.deepEqual(item.Attachments, [{ ContentType: 'application/pdf', AttachmentId: started.AttachmentId, AttachmentName: 'report.pdf', Status: 'APPROVED' }]);

  const link = await participant.send(new GetAttachmentCommand({ ConnectionToken: token, AttachmentId: started.AttachmentId!, UrlExpiryInSeconds: 60 }));
  assert.equal(link.AttachmentSizeInBytes, bytes.length);
  const download = await fetch(link.Url!);
  assert.equal(download.headers.get('content-type'), 'application/pdf');
  assert.deepEqual(Buffer.from(await download.arrayBuffer()), bytes);
  // a download URL does not take uploads
  assert.equal((await put(link.Url!, {}, bytes)).status, 403);
});

test('types and sizes the admin guide allows; anything else is refused', async () => {
  const token = await customer();
  await expectError(upload(token, 'run.exe', Buffer.from('MZ'), 'application/x-msdownload'), 'ValidationException', 'application/x-msdownload');
  await expectError(
    participant.send(
      new StartAttachmentUploadCommand({ ConnectionToken: token, ContentType: 'image/png', AttachmentName: 'huge.png', AttachmentSizeInBytes: 20 * 1024 * 1024 + 1, ClientToken: 'big' }),
    ),
    'ServiceQuotaExceededException',
    '20971520',
  );
});

test('completing before the upload is a conflict; an upload of another size is refused; a used URL is spent', async () => {
  const token = await customer();
  const bytes = Buffer.from('col1,col2\n1,2\n');
  const started = await upload(token, 'data.csv', bytes, 'text/csv');
  const complete = () =>
    participant.send(new CompleteAttachmentUploadCommand({ ConnectionToken: token, AttachmentIds: [started.AttachmentId!], ClientToken: crypto.randomUUID() }));
  await expectError(complete(), 'ConflictException', 'not been uploaded');
  const { Url, HeadersToInclude } = started.UploadMetadata!;
  assert.equal((await put(Url!, HeadersToInclude!, Buffer.from('short'))).status, 400);
  assert.equal((await put(Url!, HeadersToInclude!, bytes)).status, 200);
  assert.equal((await put(Url!, HeadersToInclude!, bytes)).status, 400);
  await complete();
  // the file is shared, but not downloadable before: GetAttachment of a pending one is refused
  const pending = await upload(token, 'later.csv', bytes, 'text/csv');
  await expectError(participant.send(new GetAttachmentCommand({ ConnectionToken: token, AttachmentId: pending.AttachmentId! })), 'ValidationException', 'not been shared');
});

test('another chat cannot see an attachment; an expired or forged URL is refused', async () => {
  const token = await customer();
  const other = await customer();
  const bytes = Buffer.from('png bytes');
  const started = await upload(token, 'pic.png', bytes, 'image/png');
  await expectError(
    participant.send(new CompleteAttachmentUploadCommand({ ConnectionToken: other, AttachmentIds: [started.AttachmentId!], ClientToken: 'x' })),
    'ValidationException',
    'not an attachment of this chat',
  );
  const { Url, HeadersToInclude } = started.UploadMetadata!;
  assert.equal((await put(Url!.slice(0, -3) + 'AAA', HeadersToInclude!, bytes)).status, 403);
  await fetch(`${server.url}/_local/clock/advance`, { method: 'POST', body: JSON.stringify({ seconds: 300 }) });
  const expired = await put(Url!, HeadersToInclude!, bytes);
  assert.equal(expired.status, 403);
  assert.match(((await expired.json()) as { message: string }).message, /expired/);
});

// The restJson1 layer as a client sees it: routing, errors, limits, headers, SigV4 context.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import {
  ConnectClient,
  InvalidParameterException,
  ListInstancesCommand,
  DescribeVocabularyCommand,
  UpdateParticipantRoleConfigCommand,
} from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, ValidationException } from '@aws-sdk/client-connectparticipant';
import { connectClient, defaultInstanceId, participantClient, serverPerFile, type TestServer } from './support/server.js';

let server: TestServer;
let client: ConnectClient;
let instanceId: string;

serverPerFile(async (s) => {
  server = s;
  client = connectClient(s.url);
  instanceId = await defaultInstanceId(client);
});

async function raw(path: string, init: RequestInit = {}) {
  const res = await fetch(server.url + path, init);
  const text = await res.text();
  return { status: res.status, type: res.headers.get('x-amzn-errortype'), requestId: res.headers.get('x-amzn-requestid'), headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

test('a constraint violation deep in the input names its path and rule', async () => {
  await assert.rejects(
    client.send(
      new UpdateParticipantRoleConfigCommand({
        InstanceId: instanceId,
        ContactId: 'c-1',
        ChannelConfiguration: {
          Chat: {
            ParticipantTimerConfigList: [
              { ParticipantRole: 'CUSTOMER', TimerType: 'IDLE', TimerValue: { ParticipantTimerDurationInMinutes: 1 } },
            ],
          },
        },
      }),
    ),
    (e: unknown) => {
      assert.ok(e instanceof InvalidParameterException);
      assert.equal(e.message, 'ChannelConfiguration.Chat.ParticipantTimerConfigList[0].TimerValue.ParticipantTimerDurationInMinutes: 1 is below the minimum 2');
      assert.equal(e.$metadata.httpStatusCode, 400);
      return true;
    },
  );
});

test('several problems are listed together', async () => {
  const r = await raw(`/contact/participant-role-config/${instanceId}/c-1`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ChannelConfiguration: { Chat: { ParticipantTimerConfigList: [{ ParticipantRole: 'BOT', TimerType: 'IDLE', TimerValue: {} }] } } }),
  });
  assert.equal(r.status, 400);
  assert.equal(r.type, 'InvalidParameterException');
  assert.match(r.body.Message, /^2 validation errors: /);
  assert.match(r.body.Message, /ParticipantTimerConfigList\[0\]\.ParticipantRole: "BOT" is not one of CUSTOMER, AGENT/);
  assert.match(r.body.Message, /ParticipantTimerConfigList\[0\]\.TimerValue: exactly one of ParticipantTimerAction, ParticipantTimerDurationInMinutes must be set, got 0/);
});

test('an operation of the model without a handler answers 501 naming itself', async () => {
  await assert.rejects(client.send(new DescribeVocabularyCommand({ InstanceId: instanceId, VocabularyId: 'v-1' })), (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(e.name, 'NotImplementedException');
    assert.equal(e.$metadata?.httpStatusCode, 501);
    assert.match(e.message, /DescribeVocabulary/);
    return true;
  });
});

test('participant calls: a missing X-Amz-Bearer is a ValidationException; an unknown one is refused with 403', async () => {
  const r = await raw('/participant/connection', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"Type":["WEBSOCKET"]}' });
  assert.equal(r.status, 400);
  assert.equal(r.type, 'ValidationException');
  assert.match(r.body.Message, /ParticipantToken: is required but missing/);
  await assert.rejects(participantClient(server.url).send(new CreateParticipantConnectionCommand({ ParticipantToken: 'tok', Type: ['WEBSOCKET'] })), (e: Error) => {
    assert.equal(e.name, 'AccessDeniedException');
    return true;
  });
  await assert.rejects(participantClient(server.url).send(new CreateParticipantConnectionCommand({ ParticipantToken: 'tok', Type: ['SOMETHING' as 'WEBSOCKET'] })), (e: Error) => {
    assert.ok(e instanceof ValidationException);
    return true;
  });
});

test('unknown paths are 404 and wrong methods 405, both with an error type', async () => {
  const unknown = await raw('/no/such/thing');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.type, 'UnknownOperationException');
  assert.match(unknown.body.Message, /GET \/no\/such\/thing/);
  const wrong = await raw('/instance', { method: 'PATCH' });
  assert.equal(wrong.status, 405);
  assert.match(wrong.body.Message, /GET or PUT/);
});

test('malformed bodies: invalid JSON, not an object, wrong content type, too large', async () => {
  const put = (body: string | Buffer, type = 'application/json') => raw('/instance', { method: 'PUT', headers: { 'content-type': type }, body });
  const bad = await put('{"IdentityManagementType":');
  assert.equal(bad.status, 400);
  assert.equal(bad.type, 'InvalidRequestException');
  assert.match(bad.body.Message, /not valid JSON/);
  const arr = await put('[1,2]');
  assert.equal(arr.status, 400);
  assert.match(arr.body.Message, /must be a JSON object/);
  const form = await put('a=b', 'application/x-www-form-urlencoded');
  assert.equal(form.status, 400);
  assert.equal(form.type, 'InvalidRequestException');
  const huge = await put(Buffer.alloc(9 * 1024 * 1024, 32));
  assert.equal(huge.status, 400);
  assert.match(huge.body.Message, /exceeds the limit of 8388608 bytes/);
  assert.equal(huge.type, 'InvalidRequestException');
  // and the server is still there
  assert.ok((await client.send(new ListInstancesCommand({}))).InstanceSummaryList?.length);
});

test('types are checked: a string where a boolean belongs, a number where a string belongs', async () => {
  const r = await raw('/instance', {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ IdentityManagementType: 'SAML', InstanceAlias: 7, InboundCallsEnabled: 'yes', OutboundCallsEnabled: true }),
  });
  assert.equal(r.status, 400);
  assert.match(r.body.Message, /InstanceAlias: expected a string, got number/);
  assert.match(r.body.Message, /InboundCallsEnabled: expected a boolean, got string/);
});

test('query members are typed too: maxResults must be an integer in range', async () => {
  const notInt = await raw('/instance?maxResults=abc');
  assert.equal(notInt.status, 400);
  assert.match(notInt.body.Message, /MaxResults: expected an integer/);
  const big = await raw('/instance?maxResults=11');
  assert.match(big.body.Message, /MaxResults: 11 is above the maximum 10/);
});

test('every response carries x-amzn-RequestId, and CORS preflights are answered', async () => {
  const ok = await raw('/instance');
  assert.match(ok.requestId ?? '', /^[0-9a-f-]{36}$/);
  const err = await raw('/nope');
  assert.match(err.requestId ?? '', /^[0-9a-f-]{36}$/);
  const pre = await fetch(server.url + '/participant/message', {
    method: 'OPTIONS',
    headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-amz-bearer,content-type' },
  });
  assert.equal(pre.status, 200);
  assert.equal(pre.headers.get('access-control-allow-origin'), '*');
  assert.match(pre.headers.get('access-control-allow-headers') ?? '', /x-amz-bearer/);
});

test('the access key of a SigV4 signature selects the account, its scope the region', async () => {
  const sign = async (accessKeyId: string, region: string) => {
    const signer = new SignatureV4({ service: 'connect', region, sha256: Sha256, credentials: { accessKeyId, secretAccessKey: 'x' } });
    const url = new URL(server.url);
    const req = new HttpRequest({ method: 'PUT', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/instance', headers: { host: url.host, 'content-type': 'application/json' }, body: JSON.stringify({ IdentityManagementType: 'SAML', InstanceAlias: 'signed', InboundCallsEnabled: true, OutboundCallsEnabled: true }) });
    const signed = await signer.sign(req);
    const res = await fetch(server.url + '/instance', { method: 'PUT', headers: signed.headers, body: signed.body });
    return (await res.json()) as { Arn: string };
  };
  assert.match((await sign('123456789012', 'eu-west-2')).Arn, /^arn:aws:connect:eu-west-2:123456789012:instance\//);
  // any other key is the default account
  assert.match((await sign('AKIDEXAMPLE', 'ap-southeast-1')).Arn, /^arn:aws:connect:ap-southeast-1:000000000000:instance\//);
  // a presigned URL's credential counts the same way
  const presigned = await raw(`/instance?X-Amz-Credential=${encodeURIComponent('123456789012/20260101/eu-west-2/connect/aws4_request')}`);
  assert.equal(presigned.body.InstanceSummaryList.length, 1);
  assert.equal(presigned.body.InstanceSummaryList[0].InstanceAlias, 'signed');
});

test('a map key "__proto__" is kept like any other key', async () => {
  const { DescribeInstanceCommand } = await import('@aws-sdk/client-connect');
  const { Instance } = await client.send(new DescribeInstanceCommand({ InstanceId: instanceId }));
  const body = '{"tags":{"__proto__":"x","plain":"y"}}';
  const r = await raw(`/tags/${encodeURIComponent(Instance!.Arn!)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  assert.equal(r.status, 200);
  const listed = await raw(`/tags/${encodeURIComponent(Instance!.Arn!)}`);
  assert.equal(JSON.stringify(listed.body), JSON.stringify({ tags: JSON.parse('{"__proto__":"x","plain":"y"}') }));
});

test('a client that hangs up mid-body is not an emulator failure', async () => {
  const { request } = await import('node:http');
  const url = new URL(server.url);
  await new Promise<void>((resolve) => {
    const req = request({ host: url.hostname, port: url.port, method: 'PUT', path: '/instance', headers: { 'content-type': 'application/json', 'content-length': '1000' } });
    req.on('error', () => resolve());
    req.write('{"IdentityManagementType":', () => setImmediate(() => req.destroy()));
  });
  // the server is still there, and did not report a failure of its own
  assert.ok((await client.send(new ListInstancesCommand({}))).InstanceSummaryList?.length);
  assert.doesNotMatch(server.stderr(), /failed/);
});

test('a signature that cannot be read is refused by Connect (403), not silently moved to the default account', async () => {
  const bad = await raw('/instance', { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=123456789012/20260101/EU-WEST-1/connect/aws4_request, SignedHeaders=host, Signature=00' } });
  assert.equal(bad.status, 403);
  assert.equal(bad.type, 'IncompleteSignatureException');
  assert.match(bad.body.Message, /"EU-WEST-1", which is not a region name/);
  const garbage = await raw('/instance', { headers: { authorization: 'Bearer abc' } });
  assert.equal(garbage.status, 403);
  assert.match(garbage.body.Message, /not a SigV4 signature/);
  // the participant service never refuses for its signature: it goes by X-Amz-Bearer
  const participant = await raw('/participant/connection', { method: 'POST', headers: { authorization: 'Bearer abc', 'x-amz-bearer': 'tok', 'content-type': 'application/json' }, body: '{"Type":["WEBSOCKET"]}' });
  assert.equal(participant.status, 403);
  assert.equal(participant.type, 'AccessDeniedException');
});

test('stored data beyond the output shape never leaks into an answer', async () => {
  const queues = await raw(`/queues-summary/${instanceId}`);
  const queueId = queues.body.QueueSummaryList[0].Id;
  const queue = await raw(`/queues/${instanceId}/${queueId}`);
  assert.equal(queue.body.Queue.Name, 'BasicQueue');
  assert.equal('QueueType' in queue.body.Queue, false);
  const instances = await raw('/instance');
  for (const i of instances.body.InstanceSummaryList) {
    assert.deepEqual(Object.keys(i).filter((k) => ['Attributes', 'DirectoryId', 'Tags', 'StatusReason'].includes(k)), []);
  }
});

// Every operation of both models is reachable by its own method and URI template, and its
// labels land in the right members.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectModel, connectparticipantModel } from '../src/generated/index.js';
import { bindInput, compileApi } from '../src/protocol/operations.js';
import { splitPath } from '../src/protocol/router.js';

const api = compileApi([connectModel, connectparticipantModel]);

test('all 381 operations route to themselves and bind their labels by name', () => {
  assert.equal(api.operations.length, 381);
  for (const op of api.operations) {
    // a distinct value per label, so a swap would show
    const path = op.model.uri.replace(/\{([^}+]+)\+?\}/g, (_m, name: string) => `v-${name}`);
    const found = api.router.match(op.model.method, splitPath(path));
    assert.ok(found, `${op.name}: ${op.model.method} ${path} does not route`);
    assert.equal(found.route.value.name, op.name, `${op.model.method} ${path}`);
    // bindInput takes label values in template order; each must land in its own member
    const raw: Record<string, unknown> = {};
    op.labels.forEach((b, i) => (raw[b.member] = decodeURIComponent(found.values[i])));
    for (const b of op.labels) assert.equal(raw[b.member], `v-${b.key}`, `${op.name}: label ${b.key}`);
  }
});

test('literal segments win over labels, and percent-encoded labels keep their slashes', () => {
  const arn = 'arn:aws:connect:us-east-1:000000000000:instance/abc';
  const found = api.router.match('GET', splitPath(`/tags/${encodeURIComponent(arn)}`));
  assert.equal(found?.route.value.name, 'ListTagsForResource');
  const op = found!.route.value;
  const { input } = bindInput(op, { labels: found!.values, query: new URLSearchParams(), headers: {}, body: {} });
  assert.deepEqual(input, { resourceArn: arn });
  assert.equal(api.router.match('PUT', splitPath('/contact/chat'))?.route.value.name, 'StartChatContact');
});

test('SigV4 Authorization headers parse whatever the parameter order, with empty or slashed key ids', async () => {
  const { parseAuthorization } = await import('../src/protocol/sigv4.js');
  const sdk = parseAuthorization(
    'AWS4-HMAC-SHA256 Credential=123456789012/20260101/eu-west-2/connect/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc123',
  );
  assert.deepEqual(sdk, {
    algorithm: 'AWS4-HMAC-SHA256',
    credential: { accessKeyId: '123456789012', date: '20260101', region: 'eu-west-2', service: 'connect' },
    signedHeaders: ['host', 'x-amz-date'],
    signature: 'abc123',
  });
  // amazon-connect-chatjs signs with an empty access key id
  assert.equal(parseAuthorization('AWS4-HMAC-SHA256 Credential=/20260101/us-west-2/execute-api/aws4_request,SignedHeaders=host,Signature=0')?.credential.accessKeyId, '');
  const reordered = parseAuthorization('AWS4-HMAC-SHA256 Signature=ff,Credential=a/b/20260101/us-east-1/connect/aws4_request,SignedHeaders=host');
  assert.equal(reordered?.credential.accessKeyId, 'a/b');
  assert.equal(reordered?.signature, 'ff');
  assert.equal(parseAuthorization('Basic dXNlcjpwYXNz'), undefined);
  assert.equal(parseAuthorization('AWS4-HMAC-SHA256 Credential=short/us-east-1/aws4_request'), undefined);
});

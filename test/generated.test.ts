// src/generated/ is committed so a clean clone builds without ../shared; this keeps it honest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defaultModelsDir, generate, generatedDir, toEcmaRegex } from '../scripts/gen-model.js';
import { connectModel, connectparticipantModel } from '../src/generated/index.js';

test('src/generated/ is what the models in ../shared say', { skip: !existsSync(defaultModelsDir) && 'no ../shared/models here' }, () => {
  const files = generate(defaultModelsDir);
  assert.deepEqual(new Set(readdirSync(generatedDir)), new Set(files.keys()), 'the same files');
  for (const [name, text] of files) {
    assert.ok(readFileSync(join(generatedDir, name), 'utf8') === text, `src/generated/${name} is stale: run npm run gen:model`);
  }
});

test('both services are complete: 370 Connect and 11 Participant operations', () => {
  assert.equal(Object.keys(connectModel.operations).length, 370);
  assert.equal(Object.keys(connectparticipantModel.operations).length, 11);
  const op = connectModel.operations.UpdateInstanceAttribute;
  assert.equal(op.method, 'POST');
  assert.equal(op.uri, '/instance/{InstanceId}/attribute/{AttributeType}');
  assert.equal(op.idempotencyToken, 'ClientToken');
  assert.deepEqual(connectModel.operations.ListInstances.paginator, {
    inputToken: 'NextToken',
    outputToken: 'NextToken',
    limitKey: 'MaxResults',
    resultKey: ['InstanceSummaryList'],
  });
  assert.deepEqual(connectparticipantModel.shapes.ValidationException, {
    type: 'structure',
    members: { Message: { target: 'Reason' } },
    required: ['Message'],
    error: 400,
  });
});

test('64-bit bounds are exact: QueuePriority tops out at 2^63-1', () => {
  assert.deepEqual(connectModel.shapes.QueuePriority, { type: 'long', min: 1, max: 9223372036854775807n });
});

test('Java-flavoured patterns become ECMAScript ones', () => {
  // escaped twice in the model
  const ws = toEcmaRegex('.*\\\\S.*')!;
  assert.ok(new RegExp(ws.source, ws.flags).test(' x '));
  assert.ok(!new RegExp(ws.source, ws.flags).test('   '));
  // wrapped in slashes
  const pw = toEcmaRegex('/^(?=.*[a-z])(?=.*[A-Z])(?=.*\\d)[a-zA-Z\\d\\S]{8,64}$/')!;
  assert.ok(new RegExp(pw.source, pw.flags).test('Passw0rdX'));
  // identity escapes that the u flag refuses
  const view = toEcmaRegex('^[a-zA-Z0-9\\_\\-:\\/$]+$')!;
  assert.ok(new RegExp(view.source, view.flags).test('a_b-c:d/e$'));
  // unicode classes keep working
  const tag = toEcmaRegex('^(?!aws:)[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$')!;
  assert.equal(tag.flags, 'u');
  assert.ok(new RegExp(tag.source, tag.flags).test('Équipe 1'));
  assert.ok(!new RegExp(tag.source, tag.flags).test('aws:x'));
});

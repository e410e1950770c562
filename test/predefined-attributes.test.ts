// Predefined attributes: Create, Describe, List (pages), Update, Delete, their errors, names
// that need escaping in the path, instances kept apart; and predefinedValueExists, which user
// proficiencies check against, driven through the engine.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  CreatePredefinedAttributeCommand,
  DeletePredefinedAttributeCommand,
  DescribePredefinedAttributeCommand,
  ListPredefinedAttributesCommand,
  UpdatePredefinedAttributeCommand,
  type PredefinedAttributeSummary,
} from '@aws-sdk/client-connect';
import { Clock } from '../src/engine/clock.js';
import { Engine } from '../src/engine/engine.js';
import { INSTANCE } from '../src/engine/resources.js';
import { createPredefinedAttribute, predefinedValueExists } from '../src/engine/predefined-attributes.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { advance, chatServerPerFile } from './support/chat.js';
import { expectError, rejects } from './support/errors.js';
import { allPages } from './support/pages.js';
import { createTestInstance } from './support/server.js';

const t = chatServerPerFile();

const describeAttribute = async (InstanceId: string, Name: string) =>
  (await t.client.send(new DescribePredefinedAttributeCommand({ InstanceId, Name }))).PredefinedAttribute!;

async function allAttributes(InstanceId: string): Promise<PredefinedAttributeSummary[]> {
  const { PredefinedAttributeSummaryList } = await t.client.send(new ListPredefinedAttributesCommand({ InstanceId, MaxResults: 100 }));
  return PredefinedAttributeSummaryList ?? [];
}

describe('predefined attributes', () => {
  let instanceId: string;
  before(async () => {
    instanceId = await createTestInstance(t.client, { prefix: 'attrs' });
  });

  test('Create then Describe: values, configuration, the emulator clock and region', async () => {
    const now = await advance(t.server.url, 7);
    const out = await t.client.send(
      new CreatePredefinedAttributeCommand({ InstanceId: instanceId, Name: 'Language', Values: { StringList: ['English', 'French', 'German'] }, Purposes: ['routing'] }),
    );
    assert.equal(out.$metadata.httpStatusCode, 200);
    const attr = await describeAttribute(instanceId, 'Language');
    assert.equal(attr.Name, 'Language');
    assert.deepEqual(attr.Values, { StringList: ['English', 'French', 'German'] });
    assert.deepEqual(attr.Purposes, ['routing']);
    assert.deepEqual(attr.AttributeConfiguration, { EnableValueValidationOnAssociation: false, IsReadOnly: false });
    assert.equal(attr.LastModifiedTime?.getTime(), now);
    assert.equal(attr.LastModifiedRegion, 'us-east-1');
    const summary = (await allAttributes(instanceId)).find((a) => a.Name === 'Language');
    assert.equal(summary?.LastModifiedTime?.getTime(), now);
    assert.equal(summary?.LastModifiedRegion, 'us-east-1');
  });

  test('a name with spaces and punctuation travels in the path', async () => {
    const Name = "Skill level: tier/1 (a+b)'s";
    await t.client.send(new CreatePredefinedAttributeCommand({ InstanceId: instanceId, Name, Values: { StringList: ['gold'] } }));
    assert.deepEqual((await describeAttribute(instanceId, Name)).Values, { StringList: ['gold'] });
    await t.client.send(new UpdatePredefinedAttributeCommand({ InstanceId: instanceId, Name, Values: { StringList: ['silver'] } }));
    assert.deepEqual((await describeAttribute(instanceId, Name)).Values, { StringList: ['silver'] });
  });

  test('a name already taken -> DuplicateResourceException 409, the first one unchanged', async () => {
    await t.client.send(new CreatePredefinedAttributeCommand({ InstanceId: instanceId, Name: 'Region', Values: { StringList: ['north'] } }));
    const err = await expectError(
      t.client.send(new CreatePredefinedAttributeCommand({ InstanceId: instanceId, Name: 'Region', Values: { StringList: ['south'] } })),
      'DuplicateResourceException',
      'Region',
    );
    assert.equal(err.$metadata?.httpStatusCode, 409);
    assert.deepEqual((await describeAttribute(instanceId, 'Region')).Values, { StringList: ['north'] });
  });

  test('model constraints: Values with no member, a value too long, a name too long -> InvalidParameterException', async () => {
    await rejects(() => t.client.send(new CreatePredefinedAttributeCommand({ InstanceId: instanceId, Name: 'Empty union', Values: {} as { StringList: string[] } })), 'InvalidParameterException', 400);
    await rejects(
      () => t.client.send(new CreatePredefinedAttributeCommand({ InstanceId: instanceId, Name: 'Long value', Values: { StringList: ['v'.repeat(101)] } })),
      'InvalidParameterException',
      400,
    );
    await rejects(() => t.client.send(new CreatePredefinedAttributeCommand({ InstanceId: instanceId, Name: 'n'.repeat(101), Values: { StringList: ['a'] } })), 'InvalidParameterException', 400);
    const names = (await allAttributes(instanceId)).map((a) => a.Name);
    assert.ok(!names.includes('Empty union') && !names.includes('Long value'), 'nothing was created');
  });

  test('a value listed twice -> InvalidRequestException', async () => {
    await expectError(
      t.client.send(new CreatePredefinedAttributeCommand({ InstanceId: instanceId, Name: 'Twice', Values: { StringList: ['a', 'b', 'a'] } })),
      'InvalidRequestException',
      '"a"',
    );
    await expectError(t.client.send(new DescribePredefinedAttributeCommand({ InstanceId: instanceId, Name: 'Twice' })), 'ResourceNotFoundException');
  });

  test('Update replaces the values, keeps what it is not given, and moves LastModifiedTime', async () => {
    await t.client.send(new CreatePredefinedAttributeCommand({ InstanceId: instanceId, Name: 'Product', Values: { StringList: ['phone', 'tablet'] }, Purposes: ['p1'] }));
    const now = await advance(t.server.url, 60);
    await t.client.send(new UpdatePredefinedAttributeCommand({ InstanceId: instanceId, Name: 'Product', Values: { StringList: ['laptop'] } }));
    let attr = await describeAttribute(instanceId, 'Product');
    assert.deepEqual(attr.Values, { StringList: ['laptop'] });
    assert.deepEqual(attr.Purposes, ['p1']);
    assert.equal(attr.LastModifiedTime?.getTime(), now);

    await t.client.send(new UpdatePredefinedAttributeCommand({ InstanceId: instanceId, Name: 'Product', AttributeConfiguration: { EnableValueValidationOnAssociation: true } }));
    attr = await describeAttribute(instanceId, 'Product');
    assert.deepEqual(attr.AttributeConfiguration, { EnableValueValidationOnAssociation: true, IsReadOnly: false });
    assert.deepEqual(attr.Values, { StringList: ['laptop'] });
  });

  test('Update: nothing to update -> InvalidRequestException; unknown name -> ResourceNotFoundException', async () => {
    await expectError(t.client.send(new UpdatePredefinedAttributeCommand({ InstanceId: instanceId, Name: 'Language' })), 'InvalidRequestException');
    await expectError(
      t.client.send(new UpdatePredefinedAttributeCommand({ InstanceId: instanceId, Name: 'Nope', Values: { StringList: ['x'] } })),
      'ResourceNotFoundException',
      'Nope',
    );
  });

  test('Delete: gone from Describe and List; again -> ResourceNotFoundException; the name can be used again', async () => {
    await t.client.send(new CreatePredefinedAttributeCommand({ InstanceId: instanceId, Name: 'Temporary', Values: { StringList: ['t'] } }));
    await t.client.send(new DeletePredefinedAttributeCommand({ InstanceId: instanceId, Name: 'Temporary' }));
    await expectError(t.client.send(new DescribePredefinedAttributeCommand({ InstanceId: instanceId, Name: 'Temporary' })), 'ResourceNotFoundException', 'Temporary');
    assert.ok(!(await allAttributes(instanceId)).some((a) => a.Name === 'Temporary'));
    await expectError(t.client.send(new DeletePredefinedAttributeCommand({ InstanceId: instanceId, Name: 'Temporary' })), 'ResourceNotFoundException');
    await t.client.send(new CreatePredefinedAttributeCommand({ InstanceId: instanceId, Name: 'Temporary', Values: { StringList: ['u'] } }));
    assert.deepEqual((await describeAttribute(instanceId, 'Temporary')).Values, { StringList: ['u'] });
  });

  test('unknown instance -> ResourceNotFoundException', async () => {
    await expectError(
      t.client.send(new CreatePredefinedAttributeCommand({ InstanceId: randomUUID(), Name: 'x', Values: { StringList: ['y'] } })),
      'ResourceNotFoundException',
    );
    await expectError(t.client.send(new ListPredefinedAttributesCommand({ InstanceId: randomUUID() })), 'ResourceNotFoundException');
  });
});

describe('ListPredefinedAttributes', () => {
  test('pages of MaxResults cover every attribute once, in creation order', async () => {
    const instanceId = await createTestInstance(t.client, { prefix: 'attrs' });
    assert.deepEqual(await allAttributes(instanceId), [], 'a new instance has none');
    const names = Array.from({ length: 7 }, (_, i) => `attr-${i}`);
    for (const Name of names) await t.client.send(new CreatePredefinedAttributeCommand({ InstanceId: instanceId, Name, Values: { StringList: ['v'] } }));
    const pages = await allPages((NextToken) => t.client.send(new ListPredefinedAttributesCommand({ InstanceId: instanceId, MaxResults: 3, NextToken })));
    for (const page of pages) assert.ok(page.PredefinedAttributeSummaryList!.length <= 3);
    const seen = pages.flatMap((page) => page.PredefinedAttributeSummaryList!.map((a) => a.Name!));
    assert.equal(pages.length, 3);
    assert.deepEqual(seen, names);
    await rejects(() => t.client.send(new ListPredefinedAttributesCommand({ InstanceId: instanceId, MaxResults: 101 })), 'InvalidParameterException', 400);
  });

  test('attributes of one instance are invisible from another', async () => {
    const a = await createTestInstance(t.client, { prefix: 'attrs' });
    const b = await createTestInstance(t.client, { prefix: 'attrs' });
    await t.client.send(new CreatePredefinedAttributeCommand({ InstanceId: a, Name: 'Secret', Values: { StringList: ['s'] } }));
    await expectError(t.client.send(new DescribePredefinedAttributeCommand({ InstanceId: b, Name: 'Secret' })), 'ResourceNotFoundException');
    await expectError(t.client.send(new DeletePredefinedAttributeCommand({ InstanceId: b, Name: 'Secret' })), 'ResourceNotFoundException');
    assert.deepEqual(await allAttributes(b), []);
    // the same name is free in b, and each keeps its own values
    await t.client.send(new CreatePredefinedAttributeCommand({ InstanceId: b, Name: 'Secret', Values: { StringList: ['other'] } }));
    assert.deepEqual((await describeAttribute(a, 'Secret')).Values, { StringList: ['s'] });
  });
});

describe('predefinedValueExists', () => {
  const p = { account: '000000000000', region: 'us-east-1' };
  let engine: Engine;
  let instanceId: string;

  before(async () => {
    engine = new Engine(new SqliteStore({}), new Clock('manual'));
    await engine.start();
    const [instance] = await engine.store.transaction((tx) => tx.list(p, { kind: INSTANCE, scope: '', limit: 1 }));
    instanceId = instance.id;
    await engine.run((w) => createPredefinedAttribute(w, p, instanceId, 'Skill', { Values: { StringList: ['billing', 'sales'] } }));
  });

  after(async () => {
    await engine.stop();
    await engine.store.close();
  });

  test('true only for a value of an existing attribute of that instance, through a Work or a transaction', async () => {
    const check = (name: string, value: string, inst = instanceId, partition = p) =>
      engine.run(async (w) => [await predefinedValueExists(w, partition, inst, name, value), await predefinedValueExists(w.tx, partition, inst, name, value)]);
    assert.deepEqual(await check('Skill', 'billing'), [true, true]);
    assert.deepEqual(await check('Skill', 'sales'), [true, true]);
    assert.deepEqual(await check('Skill', 'Billing'), [false, false], 'values are compared exactly');
    assert.deepEqual(await check('Skill', 'support'), [false, false]);
    assert.deepEqual(await check('Language', 'billing'), [false, false]);
    assert.deepEqual(await check('Skill', 'billing', randomUUID()), [false, false]);
    assert.deepEqual(await check('Skill', 'billing', instanceId, { ...p, region: 'eu-west-1' }), [false, false]);
  });
});

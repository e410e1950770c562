// Instance attributes end to end with the SDK against the real server (spec instance.md §3,
// wire-protocol.md §2, §4, §7): defaults of a new instance for every attribute type of the model,
// updates, value normalisation, errors, pagination and ClientToken replay.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  ConnectClient,
  CreateIntegrationAssociationCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstanceCommand,
  ListInstanceAttributesCommand,
  ListIntegrationAssociationsCommand,
  UpdateInstanceAttributeCommand,
  paginateListInstanceAttributes,
  type InstanceAttributeType,
} from '@aws-sdk/client-connect';
import { connectModel } from '../src/generated/connect.model.js';
import { connectClient, createTestInstance, serverPerFile, type TestServer } from './support/server.js';
import { rejects } from './support/errors.js';

const shape = connectModel.shapes.InstanceAttributeType;
/** Every attribute type of the model, in the model's order. */
const TYPES = (shape.type === 'string' ? (shape.enum ?? []) : []) as InstanceAttributeType[];

/** The documented default of a new instance (instance.md §3). */
function expectedDefault(type: string, inbound: boolean, outbound: boolean): 'true' | 'false' {
  switch (type) {
    case 'INBOUND_CALLS':
      return String(inbound) as 'true' | 'false';
    case 'OUTBOUND_CALLS':
    case 'EARLY_MEDIA':
      return String(outbound) as 'true' | 'false';
    case 'CONTACT_LENS':
    case 'AUTO_RESOLVE_BEST_VOICES':
      return 'true';
    default:
      return 'false';
  }
}

let server: TestServer;
let client: ConnectClient;

serverPerFile((s) => {
  server = s;
  client = connectClient(s.url);
});

const newInstance = (inbound: boolean, outbound: boolean, c: ConnectClient = client): Promise<string> =>
  createTestInstance(c, { prefix: 'attrs', inbound, outbound });

async function describeValue(instanceId: string, type: string, c: ConnectClient = client): Promise<string | undefined> {
  const out = await c.send(
    new DescribeInstanceAttributeCommand({ InstanceId: instanceId, AttributeType: type as InstanceAttributeType }),
  );
  assert.equal(out.Attribute?.AttributeType, type, `Describe answers the asked AttributeType ${type}`);
  return out.Attribute?.Value;
}

async function update(instanceId: string, type: string, value: string, clientToken?: string): Promise<void> {
  await client.send(
    new UpdateInstanceAttributeCommand({
      InstanceId: instanceId,
      AttributeType: type as InstanceAttributeType,
      Value: value,
      ...(clientToken ? { ClientToken: clientToken } : {}),
    }),
  );
}

/** Every attribute of the instance, following NextToken with the given page size. */
async function listAll(instanceId: string, maxResults?: number): Promise<{ type: string; value: string }[][]> {
  const pages: { type: string; value: string }[][] = [];
  let token: string | undefined;
  for (let i = 0; i < 100; i++) {
    const out = await client.send(new ListInstanceAttributesCommand({ InstanceId: instanceId, MaxResults: maxResults, NextToken: token }));
    pages.push((out.Attributes ?? []).map((a) => ({ type: a.AttributeType!, value: a.Value! })));
    token = out.NextToken;
    if (!token) return pages;
  }
  throw new Error('ListInstanceAttributes never stopped returning a NextToken');
}


test('the model lists the attribute types this suite walks through', () => {
  assert.ok(TYPES.length >= 12, `InstanceAttributeType has ${TYPES.length} values`);
  for (const t of ['INBOUND_CALLS', 'OUTBOUND_CALLS', 'EARLY_MEDIA', 'CONTACT_LENS', 'AUTO_RESOLVE_BEST_VOICES', 'MULTI_PARTY_CHAT_CONFERENCE']) {
    assert.ok(TYPES.includes(t as InstanceAttributeType), `${t} is in the model`);
  }
  assert.equal(new Set(TYPES).size, TYPES.length, 'no duplicate in the enum');
});

describe('defaults of a new instance', () => {
  for (const [inbound, outbound] of [
    [true, false],
    [false, true],
    [true, true],
    [false, false],
  ] as const) {
    test(`inbound=${inbound} outbound=${outbound}: DescribeInstanceAttribute answers the documented default for every type`, async (t) => {
      const id = await newInstance(inbound, outbound);
      for (const type of TYPES) {
        await t.test(type, async () => {
          assert.equal(await describeValue(id, type), expectedDefault(type, inbound, outbound));
        });
      }
      // ListInstanceAttributes agrees with Describe
      const listed = (await listAll(id)).flat();
      assert.deepEqual(
        new Map(listed.map((a) => [a.type, a.value])),
        new Map(TYPES.map((type) => [type, expectedDefault(type, inbound, outbound)])),
      );
    });
  }

  test('DescribeInstance of a new instance shows the call flags it was created with', async () => {
    for (const [inbound, outbound] of [
      [true, false],
      [false, true],
    ] as const) {
      const id = await newInstance(inbound, outbound);
      const { Instance } = await client.send(new DescribeInstanceCommand({ InstanceId: id }));
      assert.equal(Instance?.InboundCallsEnabled, inbound);
      assert.equal(Instance?.OutboundCallsEnabled, outbound);
    }
  });
});

describe('UpdateInstanceAttribute', () => {
  test('every type can be set to the opposite of its default and Describe shows it; nothing else changes', async (t) => {
    const inbound = true;
    const outbound = false;
    for (const type of TYPES) {
      await t.test(type, async () => {
        const id = await newInstance(inbound, outbound);
        const before = expectedDefault(type, inbound, outbound);
        const opposite = before === 'true' ? 'false' : 'true';
        await update(id, type, opposite);
        assert.equal(await describeValue(id, type), opposite);
        const listed = new Map((await listAll(id)).flat().map((a) => [a.type, a.value]));
        for (const other of TYPES) {
          assert.equal(listed.get(other), other === type ? opposite : expectedDefault(other, inbound, outbound), `${other} after updating ${type}`);
        }
        // and back again
        await update(id, type, before);
        assert.equal(await describeValue(id, type), before);
      });
    }
  });

  test('values are accepted in any case and answered lower-case', async () => {
    const id = await newInstance(true, true);
    const cases: [string, string][] = [
      ['FALSE', 'false'],
      ['TRUE', 'true'],
      ['False', 'false'],
      ['tRuE', 'true'],
      ['false', 'false'],
      ['True', 'true'],
    ];
    for (const [sent, answered] of cases) {
      await update(id, 'CONTACTFLOW_LOGS', sent);
      assert.equal(await describeValue(id, 'CONTACTFLOW_LOGS'), answered, `after sending ${sent}`);
      const listed = (await listAll(id)).flat().find((a) => a.type === 'CONTACTFLOW_LOGS');
      assert.equal(listed?.value, answered, `ListInstanceAttributes after sending ${sent}`);
    }
  });

  test('a value that is not true/false is InvalidParameterException naming Value, and changes nothing', async () => {
    const id = await newInstance(true, false);
    for (const bad of ['yes', '', 'no', '1', '0', 'truee', 'enabled', ' true', 'false ']) {
      const e = await rejects(() => update(id, 'CONTACT_LENS', bad), 'InvalidParameterException', 400);
      assert.match(e.message, /Value/, `message for ${JSON.stringify(bad)} names Value: ${e.message}`);
      assert.equal(await describeValue(id, 'CONTACT_LENS'), 'true', `CONTACT_LENS unchanged after ${JSON.stringify(bad)}`);
    }
  });

  test('a value over 100 characters is InvalidParameterException naming Value', async () => {
    const id = await newInstance(true, false);
    const e = await rejects(() => update(id, 'CONTACT_LENS', 'true'.padEnd(101, 'x')), 'InvalidParameterException', 400);
    assert.match(e.message, /Value/);
  });

  test('updating INBOUND_CALLS / OUTBOUND_CALLS changes DescribeInstance', async () => {
    const id = await newInstance(true, false);
    const flags = async () => {
      const { Instance } = await client.send(new DescribeInstanceCommand({ InstanceId: id }));
      return [Instance?.InboundCallsEnabled, Instance?.OutboundCallsEnabled];
    };
    assert.deepEqual(await flags(), [true, false]);
    await update(id, 'INBOUND_CALLS', 'false');
    assert.deepEqual(await flags(), [false, false]);
    await update(id, 'OUTBOUND_CALLS', 'TRUE');
    assert.deepEqual(await flags(), [false, true]);
    await update(id, 'INBOUND_CALLS', 'true');
    assert.deepEqual(await flags(), [true, true]);
    await update(id, 'OUTBOUND_CALLS', 'false');
    assert.deepEqual(await flags(), [true, false]);
    // other attributes do not touch the flags
    await update(id, 'EARLY_MEDIA', 'true');
    assert.deepEqual(await flags(), [true, false]);
  });

  test('MULTI_PARTY_CHAT_CONFERENCE: default false, can be switched on and off', async () => {
    const id = await newInstance(true, true);
    assert.equal(await describeValue(id, 'MULTI_PARTY_CHAT_CONFERENCE'), 'false');
    await update(id, 'MULTI_PARTY_CHAT_CONFERENCE', 'true');
    assert.equal(await describeValue(id, 'MULTI_PARTY_CHAT_CONFERENCE'), 'true');
    const listed = (await listAll(id, 7)).flat().filter((a) => a.type === 'MULTI_PARTY_CHAT_CONFERENCE');
    assert.deepEqual(listed, [{ type: 'MULTI_PARTY_CHAT_CONFERENCE', value: 'true' }]);
    // its neighbour MULTI_PARTY_CONFERENCE is a separate attribute
    assert.equal(await describeValue(id, 'MULTI_PARTY_CONFERENCE'), 'false');
    await update(id, 'MULTI_PARTY_CHAT_CONFERENCE', 'FALSE');
    assert.equal(await describeValue(id, 'MULTI_PARTY_CHAT_CONFERENCE'), 'false');
  });

  test('ClientToken replay: the same token and request answers success without doing the work again', async () => {
    const id = await newInstance(true, false);
    const token = randomUUID();
    await update(id, 'CONTACTFLOW_LOGS', 'true', token);
    assert.equal(await describeValue(id, 'CONTACTFLOW_LOGS'), 'true');
    // a retry of the same request succeeds
    await update(id, 'CONTACTFLOW_LOGS', 'true', token);
    assert.equal(await describeValue(id, 'CONTACTFLOW_LOGS'), 'true');
    // someone else changes it meanwhile (new token)
    await update(id, 'CONTACTFLOW_LOGS', 'false', randomUUID());
    assert.equal(await describeValue(id, 'CONTACTFLOW_LOGS'), 'false');
    // a late retry of the first request returns the first result, it is not applied a second time
    await update(id, 'CONTACTFLOW_LOGS', 'true', token);
    assert.equal(await describeValue(id, 'CONTACTFLOW_LOGS'), 'false');
    // a new token does the work
    await update(id, 'CONTACTFLOW_LOGS', 'true', randomUUID());
    assert.equal(await describeValue(id, 'CONTACTFLOW_LOGS'), 'true');
  });
});

describe('errors', () => {
  test('an unknown AttributeType in the path is InvalidParameterException', async () => {
    const id = await newInstance(true, false);
    for (const bad of ['NOT_AN_ATTRIBUTE', 'inbound_calls', 'Contact_Lens', 'INBOUND_CALLS_X']) {
      await rejects(() => describeValue(id, bad), 'InvalidParameterException', 400);
      await rejects(() => update(id, bad, 'true'), 'InvalidParameterException', 400);
    }
  });

  test('an unknown instance is ResourceNotFoundException for Describe, Update and List', async () => {
    const unknown = randomUUID();
    await rejects(() => describeValue(unknown, 'INBOUND_CALLS'), 'ResourceNotFoundException', 404);
    await rejects(() => update(unknown, 'INBOUND_CALLS', 'true'), 'ResourceNotFoundException', 404);
    await rejects(() => client.send(new ListInstanceAttributesCommand({ InstanceId: unknown })), 'ResourceNotFoundException', 404);
    const arn = `arn:aws:connect:us-east-1:000000000000:instance/${unknown}`;
    await rejects(() => describeValue(arn, 'INBOUND_CALLS'), 'ResourceNotFoundException', 404);
  });

  test("another account's instance is not found", async () => {
    const id = await newInstance(true, false);
    const other = connectClient(server.url, { accessKeyId: '111122223333' });
    await rejects(() => describeValue(id, 'INBOUND_CALLS', other), 'ResourceNotFoundException', 404);
    await rejects(
      () => other.send(new UpdateInstanceAttributeCommand({ InstanceId: id, AttributeType: 'INBOUND_CALLS', Value: 'false' })),
      'ResourceNotFoundException',
      404,
    );
    assert.equal(await describeValue(id, 'INBOUND_CALLS'), 'true');
  });
});

describe('ListInstanceAttributes', () => {
  test('MaxResults 1..7 following NextToken covers every type exactly once', async (t) => {
    const id = await newInstance(false, true);
    for (let max = 1; max <= 7; max++) {
      await t.test(`MaxResults ${max}`, async () => {
        const pages = await listAll(id, max);
        for (const [i, page] of pages.entries()) {
          assert.ok(page.length <= max, `page ${i} has ${page.length} items, more than ${max}`);
          if (i < pages.length - 1) assert.ok(page.length > 0, `page ${i} is empty although a NextToken followed`);
        }
        const types = pages.flat().map((a) => a.type);
        assert.equal(types.length, TYPES.length, `listed ${types.length} attributes`);
        assert.deepEqual([...types].sort(), [...TYPES].sort());
        for (const a of pages.flat()) assert.equal(a.value, expectedDefault(a.type, false, true), a.type);
      });
    }
  });

  test('the SDK paginator paginateListInstanceAttributes covers every type exactly once', async (t) => {
    const id = await newInstance(true, false);
    await update(id, 'ENHANCED_CHAT_MONITORING', 'true');
    for (const pageSize of [undefined, 1, 2, 3, 4, 5, 6, 7]) {
      await t.test(`pageSize ${pageSize ?? 'default'}`, async () => {
        const seen: string[] = [];
        let pages = 0;
        for await (const page of paginateListInstanceAttributes({ client, ...(pageSize ? { pageSize } : {}) }, { InstanceId: id })) {
          pages++;
          if (pageSize) assert.ok((page.Attributes ?? []).length <= pageSize);
          for (const a of page.Attributes ?? []) {
            seen.push(a.AttributeType!);
            const expected = a.AttributeType === 'ENHANCED_CHAT_MONITORING' ? 'true' : expectedDefault(a.AttributeType!, true, false);
            assert.equal(a.Value, expected, a.AttributeType);
          }
        }
        assert.equal(seen.length, TYPES.length);
        assert.deepEqual([...seen].sort(), [...TYPES].sort());
        if (pageSize) assert.ok(pages >= Math.ceil(TYPES.length / pageSize));
      });
    }
  });

  test('MaxResults 8 or 0 is InvalidParameterException', async () => {
    const id = await newInstance(true, false);
    for (const max of [8, 0, 100, -1]) {
      await rejects(() => client.send(new ListInstanceAttributesCommand({ InstanceId: id, MaxResults: max })), 'InvalidParameterException', 400);
    }
  });

  test('a garbage or foreign NextToken is answered 400', async () => {
    const a = await newInstance(true, false);
    const b = await newInstance(true, false);
    const first = await client.send(new ListInstanceAttributesCommand({ InstanceId: a, MaxResults: 2 }));
    assert.ok(first.NextToken, 'a first page of 2 has a NextToken');
    // the token works on its own list
    const second = await client.send(new ListInstanceAttributesCommand({ InstanceId: a, MaxResults: 2, NextToken: first.NextToken }));
    assert.equal(second.Attributes?.length, 2);

    // a token of another instance's list
    const foreign = await rejects(
      () => client.send(new ListInstanceAttributesCommand({ InstanceId: b, MaxResults: 2, NextToken: first.NextToken })),
      'InvalidParameterException',
      400,
    );
    assert.match(foreign.message, /NextToken/);

    // a token of another operation's list
    await client.send(new CreateIntegrationAssociationCommand({ InstanceId: a, IntegrationType: 'VOICE_ID', IntegrationArn: `arn:aws:voiceid:us-east-1:000000000000:domain/${randomUUID()}` }));
    await client.send(new CreateIntegrationAssociationCommand({ InstanceId: a, IntegrationType: 'PINPOINT_APP', IntegrationArn: `arn:aws:mobiletargeting:us-east-1:000000000000:apps/${randomUUID()}` }));
    const ia = await client.send(new ListIntegrationAssociationsCommand({ InstanceId: a, MaxResults: 1 }));
    assert.ok(ia.NextToken, 'ListIntegrationAssociations gave a NextToken');
    const e = await rejects(
      () => client.send(new ListInstanceAttributesCommand({ InstanceId: a, NextToken: ia.NextToken })),
      'InvalidParameterException',
      400,
    );
    assert.match(e.message, /NextToken/);

    // garbage
    for (const garbage of ['garbage', 'AAAA', '!!!not-base64!!!', Buffer.from('{"l":"x","p":1}').toString('base64url'), Buffer.from('{"p":-5}').toString('base64')]) {
      const g = await rejects(
        () => client.send(new ListInstanceAttributesCommand({ InstanceId: a, NextToken: garbage })),
        'InvalidParameterException',
        400,
      );
      assert.match(g.message, /NextToken/, `message for ${garbage}`);
    }
  });
});

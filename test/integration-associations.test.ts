// Integration associations end to end with the SDK against the real server (spec instance.md §4,
// wire-protocol.md §4, §7): every IntegrationType of the model, ARN format, EVENT's Source*
// fields, duplicates, list filters and pagination, delete, tags, unknown instance.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  ConnectClient,
  CreateIntegrationAssociationCommand,
  DeleteIntegrationAssociationCommand,
  ListIntegrationAssociationsCommand,
  ListTagsForResourceCommand,
  paginateListIntegrationAssociations,
  type CreateIntegrationAssociationCommandInput,
  type IntegrationAssociationSummary,
  type IntegrationType,
} from '@aws-sdk/client-connect';
import { connectModel } from '../src/generated/connect.model.js';
import { connectClient, createTestInstance, serverPerFile, type TestServer } from './support/server.js';
import { rejects } from './support/errors.js';

const shape = connectModel.shapes.IntegrationType;
/** Every integration type of the model. */
const TYPES = (shape.type === 'string' ? (shape.enum ?? []) : []) as IntegrationType[];

const ACCOUNT = '000000000000';
const REGION = 'us-east-1';
const EVENT_SOURCE = {
  SourceApplicationUrl: 'https://example.my.salesforce.com',
  SourceApplicationName: 'My Salesforce_App-1',
  SourceType: 'SALESFORCE',
} as const;

let server: TestServer;
let client: ConnectClient;

serverPerFile((s) => {
  server = s;
  client = connectClient(s.url);
});

const newInstance = (c: ConnectClient = client): Promise<string> => createTestInstance(c, { prefix: 'integ' });

const someArn = (service = 'wisdom', kind = 'assistant'): string => `arn:aws:${service}:${REGION}:${ACCOUNT}:${kind}/${randomUUID()}`;

/** The create input; members are optional so that tests can leave required ones out. */
type CreateInput = { [K in keyof CreateIntegrationAssociationCommandInput]?: CreateIntegrationAssociationCommandInput[K] };
interface FullInput extends CreateInput {
  InstanceId: string;
  IntegrationType: IntegrationType;
  IntegrationArn: string;
}

function create(input: CreateInput, c: ConnectClient = client) {
  return c.send(new CreateIntegrationAssociationCommand(input as CreateIntegrationAssociationCommandInput));
}

/** The input for one type: EVENT gets its three Source* fields. */
function inputFor(instanceId: string, type: IntegrationType, arn = someArn()): FullInput {
  return { InstanceId: instanceId, IntegrationType: type, IntegrationArn: arn, ...(type === 'EVENT' ? EVENT_SOURCE : {}) };
}

async function listAll(instanceId: string, filter: { IntegrationType?: IntegrationType; IntegrationArn?: string } = {}, maxResults?: number) {
  const items: IntegrationAssociationSummary[] = [];
  let token: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const out = await client.send(new ListIntegrationAssociationsCommand({ InstanceId: instanceId, ...filter, MaxResults: maxResults, NextToken: token }));
    if (maxResults) assert.ok((out.IntegrationAssociationSummaryList ?? []).length <= maxResults);
    items.push(...(out.IntegrationAssociationSummaryList ?? []));
    token = out.NextToken;
    if (!token) return items;
  }
  throw new Error('ListIntegrationAssociations never stopped returning a NextToken');
}


const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('the model lists the integration types this suite walks through', () => {
  assert.ok(TYPES.length >= 14, `IntegrationType has ${TYPES.length} values`);
  for (const t of ['EVENT', 'VOICE_ID', 'WISDOM_ASSISTANT', 'CASES_DOMAIN', 'COGNITO_USER_POOL']) {
    assert.ok(TYPES.includes(t as IntegrationType), `${t} is in the model`);
  }
});

describe('CreateIntegrationAssociation', () => {
  test('every IntegrationType of the model can be associated; id and ARN have the documented form', async (t) => {
    const instanceId = await newInstance();
    const created = new Map<string, { id: string; arn: string; integrationArn: string }>();
    for (const type of TYPES) {
      await t.test(type, async () => {
        const input = inputFor(instanceId, type);
        const out = await create(input);
        const id = out.IntegrationAssociationId;
        assert.ok(id && id.length >= 1 && id.length <= 200, `IntegrationAssociationId ${id}`);
        assert.equal(out.IntegrationAssociationArn, `arn:aws:connect:${REGION}:${ACCOUNT}:instance/${instanceId}/integration-association/${id}`);
        created.set(type, { id, arn: out.IntegrationAssociationArn, integrationArn: input.IntegrationArn });
      });
    }
    // all of them are listed, each once, with their type and ARN
    const listed = await listAll(instanceId);
    assert.equal(listed.length, TYPES.length);
    for (const [type, c] of created) {
      const s = listed.filter((x) => x.IntegrationAssociationId === c.id);
      assert.equal(s.length, 1, `${type} listed once`);
      assert.equal(s[0].IntegrationType, type);
      assert.equal(s[0].IntegrationArn, c.integrationArn);
      assert.equal(s[0].IntegrationAssociationArn, c.arn);
      assert.equal(s[0].InstanceId, instanceId);
    }
    assert.equal(new Set(listed.map((x) => x.IntegrationAssociationId)).size, TYPES.length, 'ids are distinct');
  });

  test('COGNITO_USER_POOL with a user pool ARN', async () => {
    const instanceId = await newInstance();
    const poolArn = `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${REGION}_AbCdEf123`;
    const out = await create({ InstanceId: instanceId, IntegrationType: 'COGNITO_USER_POOL', IntegrationArn: poolArn });
    assert.match(out.IntegrationAssociationArn!, new RegExp(`^arn:aws:connect:${REGION}:${ACCOUNT}:instance/${instanceId}/integration-association/${escape(out.IntegrationAssociationId!)}$`));
    const listed = await listAll(instanceId, { IntegrationType: 'COGNITO_USER_POOL' });
    assert.deepEqual(
      listed.map((s) => [s.IntegrationAssociationId, s.IntegrationType, s.IntegrationArn]),
      [[out.IntegrationAssociationId, 'COGNITO_USER_POOL', poolArn]],
    );
  });

  test('the ARN carries the caller’s account and region', async () => {
    const other = connectClient(server.url, { accessKeyId: '123456789012', region: 'eu-west-2' });
    const instanceId = await newInstance(other);
    const out = await create({ InstanceId: instanceId, IntegrationType: 'VOICE_ID', IntegrationArn: someArn('voiceid', 'domain') }, other);
    assert.equal(
      out.IntegrationAssociationArn,
      `arn:aws:connect:eu-west-2:123456789012:instance/${instanceId}/integration-association/${out.IntegrationAssociationId}`,
    );
    // invisible from the default account
    await rejects(() => client.send(new ListIntegrationAssociationsCommand({ InstanceId: instanceId })), 'ResourceNotFoundException', 404);
  });

  test('EVENT needs SourceApplicationUrl, SourceApplicationName and SourceType', async (t) => {
    const instanceId = await newInstance();
    for (const missing of ['SourceApplicationUrl', 'SourceApplicationName', 'SourceType'] as const) {
      await t.test(`without ${missing}`, async () => {
        const input: Record<string, unknown> = { ...inputFor(instanceId, 'EVENT') };
        delete input[missing];
        const e = await rejects(() => create(input as CreateInput), 'InvalidRequestException', 400);
        assert.match(e.message, new RegExp(missing), e.message);
      });
    }
    await t.test('without any of them', async () => {
      const e = await rejects(() => create({ InstanceId: instanceId, IntegrationType: 'EVENT', IntegrationArn: someArn('app-integrations', 'event-integration') }), 'InvalidRequestException', 400);
      for (const f of ['SourceApplicationUrl', 'SourceApplicationName', 'SourceType']) assert.match(e.message, new RegExp(f), e.message);
    });
    assert.deepEqual(await listAll(instanceId), [], 'nothing was created by the failed calls');

    await t.test('with all three', async () => {
      const integrationArn = someArn('app-integrations', 'event-integration');
      const out = await create({ InstanceId: instanceId, IntegrationType: 'EVENT', IntegrationArn: integrationArn, ...EVENT_SOURCE });
      const listed = await listAll(instanceId);
      assert.equal(listed.length, 1);
      const s = listed[0];
      assert.equal(s.IntegrationAssociationId, out.IntegrationAssociationId);
      assert.equal(s.IntegrationAssociationArn, out.IntegrationAssociationArn);
      assert.equal(s.InstanceId, instanceId);
      assert.equal(s.IntegrationType, 'EVENT');
      assert.equal(s.IntegrationArn, integrationArn);
      assert.equal(s.SourceApplicationUrl, EVENT_SOURCE.SourceApplicationUrl);
      assert.equal(s.SourceApplicationName, EVENT_SOURCE.SourceApplicationName);
      assert.equal(s.SourceType, EVENT_SOURCE.SourceType);
    });

    for (const sourceType of ['ZENDESK', 'CASES'] as const) {
      await t.test(`SourceType ${sourceType}`, async () => {
        const out = await create({ ...inputFor(instanceId, 'EVENT'), SourceType: sourceType });
        const s = (await listAll(instanceId)).find((x) => x.IntegrationAssociationId === out.IntegrationAssociationId);
        assert.equal(s?.SourceType, sourceType);
      });
    }
  });

  test('Source* fields are not required for other types', async () => {
    const instanceId = await newInstance();
    const out = await create({ InstanceId: instanceId, IntegrationType: 'CASES_DOMAIN', IntegrationArn: someArn('cases', 'domain') });
    const [s] = await listAll(instanceId);
    assert.equal(s.IntegrationAssociationId, out.IntegrationAssociationId);
    assert.equal(s.SourceApplicationUrl, undefined);
    assert.equal(s.SourceApplicationName, undefined);
    assert.equal(s.SourceType, undefined);
  });

  test('a SourceApplicationName outside ^[a-zA-Z0-9_ -]+$ is InvalidRequestException', async () => {
    const instanceId = await newInstance();
    for (const bad of ['bad/name', 'name!', 'dots.are.not.allowed', 'ümlaut', 'tab\there', '']) {
      const e = await rejects(() => create({ ...inputFor(instanceId, 'EVENT'), SourceApplicationName: bad }), 'InvalidRequestException', 400);
      assert.match(e.message, /SourceApplicationName/, `message for ${JSON.stringify(bad)}: ${e.message}`);
    }
    // the edges of the pattern are fine
    await create({ ...inputFor(instanceId, 'EVENT'), SourceApplicationName: 'a_b c-D 9' });
    assert.equal((await listAll(instanceId)).length, 1);
  });

  test('an unknown SourceType or an over-long SourceApplicationName is InvalidRequestException', async () => {
    const instanceId = await newInstance();
    await rejects(() => create({ ...inputFor(instanceId, 'EVENT'), SourceType: 'FRESHDESK' as never }), 'InvalidRequestException', 400);
    await rejects(() => create({ ...inputFor(instanceId, 'EVENT'), SourceApplicationName: 'a'.repeat(101) }), 'InvalidRequestException', 400);
    assert.deepEqual(await listAll(instanceId), []);
  });

  test('the same IntegrationType and IntegrationArn twice is DuplicateResourceException (409)', async () => {
    const instanceId = await newInstance();
    const arn = someArn();
    const first = await create({ InstanceId: instanceId, IntegrationType: 'WISDOM_ASSISTANT', IntegrationArn: arn });
    const e = await rejects(() => create({ InstanceId: instanceId, IntegrationType: 'WISDOM_ASSISTANT', IntegrationArn: arn }), 'DuplicateResourceException', 409);
    assert.ok(e.message.length > 0);
    // EVENT duplicates too, even with other Source* values
    const eventArn = someArn('app-integrations', 'event-integration');
    await create({ InstanceId: instanceId, IntegrationType: 'EVENT', IntegrationArn: eventArn, ...EVENT_SOURCE });
    await rejects(
      () => create({ InstanceId: instanceId, IntegrationType: 'EVENT', IntegrationArn: eventArn, ...EVENT_SOURCE, SourceType: 'ZENDESK' }),
      'DuplicateResourceException',
      409,
    );
    const listed = await listAll(instanceId);
    assert.equal(listed.length, 2);
    assert.equal(listed.filter((s) => s.IntegrationArn === arn).length, 1);
    assert.equal(listed.find((s) => s.IntegrationArn === arn)?.IntegrationAssociationId, first.IntegrationAssociationId);
  });

  test('the same IntegrationArn with a different type is fine; the same pair on another instance too', async () => {
    const instanceId = await newInstance();
    const arn = someArn();
    const a = await create({ InstanceId: instanceId, IntegrationType: 'WISDOM_ASSISTANT', IntegrationArn: arn });
    const b = await create({ InstanceId: instanceId, IntegrationType: 'WISDOM_KNOWLEDGE_BASE', IntegrationArn: arn });
    assert.notEqual(a.IntegrationAssociationId, b.IntegrationAssociationId);
    const listed = await listAll(instanceId, { IntegrationArn: arn });
    assert.deepEqual(listed.map((s) => s.IntegrationType).sort(), ['WISDOM_ASSISTANT', 'WISDOM_KNOWLEDGE_BASE']);

    const otherInstance = await newInstance();
    await create({ InstanceId: otherInstance, IntegrationType: 'WISDOM_ASSISTANT', IntegrationArn: arn });
  });

  test('after a delete the same pair can be associated again', async () => {
    const instanceId = await newInstance();
    const arn = someArn('voiceid', 'domain');
    const a = await create({ InstanceId: instanceId, IntegrationType: 'VOICE_ID', IntegrationArn: arn });
    await client.send(new DeleteIntegrationAssociationCommand({ InstanceId: instanceId, IntegrationAssociationId: a.IntegrationAssociationId }));
    const b = await create({ InstanceId: instanceId, IntegrationType: 'VOICE_ID', IntegrationArn: arn });
    assert.notEqual(a.IntegrationAssociationId, b.IntegrationAssociationId);
  });

  test('an IntegrationArn that does not start with arn: is InvalidRequestException', async () => {
    const instanceId = await newInstance();
    for (const bad of ['not-an-arn', 'aws:wisdom:us-east-1:000000000000:assistant/x', 'ARN:aws:wisdom:us-east-1:000000000000:assistant/x', ' arn:aws:x', '']) {
      const e = await rejects(() => create({ InstanceId: instanceId, IntegrationType: 'WISDOM_ASSISTANT', IntegrationArn: bad }), 'InvalidRequestException', 400);
      assert.match(e.message, /IntegrationArn/, `message for ${JSON.stringify(bad)}: ${e.message}`);
    }
    assert.deepEqual(await listAll(instanceId), []);
  });

  test('a missing or unknown IntegrationType, or a missing IntegrationArn, is InvalidRequestException', async () => {
    const instanceId = await newInstance();
    const noType = await rejects(() => create({ InstanceId: instanceId, IntegrationArn: someArn() }), 'InvalidRequestException', 400);
    assert.match(noType.message, /IntegrationType/);
    const badType = await rejects(() => create({ InstanceId: instanceId, IntegrationType: 'NOT_A_TYPE' as never, IntegrationArn: someArn() }), 'InvalidRequestException', 400);
    assert.match(badType.message, /IntegrationType/);
    const noArn = await rejects(() => create({ InstanceId: instanceId, IntegrationType: 'VOICE_ID' }), 'InvalidRequestException', 400);
    assert.match(noArn.message, /IntegrationArn/);
    assert.deepEqual(await listAll(instanceId), []);
  });

  test('tags given at creation show in ListTagsForResource on the association ARN', async () => {
    const instanceId = await newInstance();
    const tags = { team: 'support', 'cost-center': '42', empty: '' };
    const out = await create({ InstanceId: instanceId, IntegrationType: 'CASES_DOMAIN', IntegrationArn: someArn('cases', 'domain'), Tags: tags });
    const listed = await client.send(new ListTagsForResourceCommand({ resourceArn: out.IntegrationAssociationArn }));
    assert.deepEqual(listed.tags, tags);
    // without tags: an empty map
    const plain = await create({ InstanceId: instanceId, IntegrationType: 'VOICE_ID', IntegrationArn: someArn('voiceid', 'domain') });
    const none = await client.send(new ListTagsForResourceCommand({ resourceArn: plain.IntegrationAssociationArn }));
    assert.deepEqual(none.tags ?? {}, {});
  });
});

describe('ListIntegrationAssociations', () => {
  test('filters integrationType and integrationArn match exactly', async () => {
    const instanceId = await newInstance();
    const arnA = someArn('wisdom', 'assistant');
    const arnB = `${arnA}-b`;
    const a1 = await create({ InstanceId: instanceId, IntegrationType: 'WISDOM_ASSISTANT', IntegrationArn: arnA });
    const a2 = await create({ InstanceId: instanceId, IntegrationType: 'WISDOM_KNOWLEDGE_BASE', IntegrationArn: arnA });
    const b1 = await create({ InstanceId: instanceId, IntegrationType: 'WISDOM_ASSISTANT', IntegrationArn: arnB });
    const e1 = await create(inputFor(instanceId, 'EVENT', someArn('app-integrations', 'event-integration')));
    const ids = (xs: IntegrationAssociationSummary[]) => xs.map((s) => s.IntegrationAssociationId).sort();

    assert.deepEqual(ids(await listAll(instanceId)), ids([a1, a2, b1, e1]));
    assert.deepEqual(ids(await listAll(instanceId, { IntegrationType: 'WISDOM_ASSISTANT' })), ids([a1, b1]));
    assert.deepEqual(ids(await listAll(instanceId, { IntegrationType: 'EVENT' })), ids([e1]));
    assert.deepEqual(await listAll(instanceId, { IntegrationType: 'VOICE_ID' }), []);
    assert.deepEqual(ids(await listAll(instanceId, { IntegrationArn: arnA })), ids([a1, a2]));
    assert.deepEqual(ids(await listAll(instanceId, { IntegrationArn: arnB })), ids([b1]));
    // exact match: neither a prefix nor another case matches
    assert.deepEqual(await listAll(instanceId, { IntegrationArn: arnA.slice(0, -1) }), []);
    assert.deepEqual(await listAll(instanceId, { IntegrationArn: arnA.toUpperCase() }), []);
    // both filters
    assert.deepEqual(ids(await listAll(instanceId, { IntegrationType: 'WISDOM_KNOWLEDGE_BASE', IntegrationArn: arnA })), ids([a2]));
    assert.deepEqual(await listAll(instanceId, { IntegrationType: 'WISDOM_KNOWLEDGE_BASE', IntegrationArn: arnB }), []);
    // an unknown type filter is a constraint violation
    await rejects(
      () => client.send(new ListIntegrationAssociationsCommand({ InstanceId: instanceId, IntegrationType: 'NOT_A_TYPE' as never })),
      'InvalidRequestException',
      400,
    );
  });

  test('summaries carry InstanceId, IntegrationType, IntegrationArn and, for EVENT, the Source* fields', async () => {
    const instanceId = await newInstance();
    const eventArn = someArn('app-integrations', 'event-integration');
    const ev = await create({ InstanceId: instanceId, IntegrationType: 'EVENT', IntegrationArn: eventArn, SourceApplicationUrl: 'https://z.zendesk.com', SourceApplicationName: 'Zendesk', SourceType: 'ZENDESK' });
    const voiceArn = someArn('voiceid', 'domain');
    const vo = await create({ InstanceId: instanceId, IntegrationType: 'VOICE_ID', IntegrationArn: voiceArn });
    const out = await client.send(new ListIntegrationAssociationsCommand({ InstanceId: instanceId }));
    assert.equal(out.NextToken, undefined);
    const byId = new Map(out.IntegrationAssociationSummaryList!.map((s) => [s.IntegrationAssociationId, s]));
    assert.deepEqual(byId.get(ev.IntegrationAssociationId), {
      IntegrationAssociationId: ev.IntegrationAssociationId,
      IntegrationAssociationArn: ev.IntegrationAssociationArn,
      InstanceId: instanceId,
      IntegrationType: 'EVENT',
      IntegrationArn: eventArn,
      SourceApplicationUrl: 'https://z.zendesk.com',
      SourceApplicationName: 'Zendesk',
      SourceType: 'ZENDESK',
    });
    assert.deepEqual(byId.get(vo.IntegrationAssociationId), {
      IntegrationAssociationId: vo.IntegrationAssociationId,
      IntegrationAssociationArn: vo.IntegrationAssociationArn,
      InstanceId: instanceId,
      IntegrationType: 'VOICE_ID',
      IntegrationArn: voiceArn,
    });
  });

  test('the raw summary holds only members of IntegrationAssociationSummary', async () => {
    const instanceId = await newInstance();
    await create({ InstanceId: instanceId, IntegrationType: 'VOICE_ID', IntegrationArn: someArn('voiceid', 'domain'), Tags: { a: 'b' } });
    const res = await fetch(`${server.url}/instance/${instanceId}/integration-associations`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { IntegrationAssociationSummaryList: Record<string, unknown>[] };
    const summaryShape = connectModel.shapes.IntegrationAssociationSummary;
    const allowed = new Set(summaryShape.type === 'structure' ? Object.keys(summaryShape.members) : []);
    assert.ok(allowed.size > 0);
    for (const s of body.IntegrationAssociationSummaryList) {
      for (const k of Object.keys(s)) assert.ok(allowed.has(k), `unexpected member ${k} in a summary`);
    }
  });

  test('MaxResults 2 over 15 associations covers each exactly once (by hand and with the paginator)', async () => {
    const instanceId = await newInstance();
    const created: string[] = [];
    for (let i = 0; i < 15; i++) {
      const type = TYPES[i % TYPES.length];
      const out = await create(inputFor(instanceId, type));
      created.push(out.IntegrationAssociationId!);
    }
    const byHand = await listAll(instanceId, {}, 2);
    assert.equal(byHand.length, 15);
    assert.deepEqual(byHand.map((s) => s.IntegrationAssociationId).sort(), [...created].sort());

    const viaPaginator: string[] = [];
    let pages = 0;
    for await (const page of paginateListIntegrationAssociations({ client, pageSize: 2 }, { InstanceId: instanceId })) {
      pages++;
      assert.ok((page.IntegrationAssociationSummaryList ?? []).length <= 2);
      for (const s of page.IntegrationAssociationSummaryList ?? []) viaPaginator.push(s.IntegrationAssociationId!);
    }
    assert.ok(pages >= 8, `${pages} pages`);
    assert.deepEqual([...viaPaginator].sort(), [...created].sort());

    // a filtered list pages too
    const arn = someArn();
    const filtered: string[] = [];
    for (const type of TYPES.filter((t) => t !== 'EVENT').slice(0, 5)) {
      filtered.push((await create({ InstanceId: instanceId, IntegrationType: type, IntegrationArn: arn })).IntegrationAssociationId!);
    }
    const pagedFiltered = await listAll(instanceId, { IntegrationArn: arn }, 2);
    assert.deepEqual(pagedFiltered.map((s) => s.IntegrationAssociationId).sort(), filtered.sort());
  });

  test('pages stay correct while an association is deleted between pages', async () => {
    const instanceId = await newInstance();
    const created: string[] = [];
    for (let i = 0; i < 6; i++) created.push((await create({ InstanceId: instanceId, IntegrationType: 'VOICE_ID', IntegrationArn: someArn('voiceid', 'domain') })).IntegrationAssociationId!);
    const first = await client.send(new ListIntegrationAssociationsCommand({ InstanceId: instanceId, MaxResults: 2 }));
    const firstIds = first.IntegrationAssociationSummaryList!.map((s) => s.IntegrationAssociationId!);
    const victim = created.find((id) => !firstIds.includes(id))!;
    await client.send(new DeleteIntegrationAssociationCommand({ InstanceId: instanceId, IntegrationAssociationId: victim }));
    const rest: string[] = [];
    let token = first.NextToken;
    while (token) {
      const page = await client.send(new ListIntegrationAssociationsCommand({ InstanceId: instanceId, MaxResults: 2, NextToken: token }));
      rest.push(...page.IntegrationAssociationSummaryList!.map((s) => s.IntegrationAssociationId!));
      token = page.NextToken;
    }
    assert.deepEqual([...firstIds, ...rest].sort(), created.filter((id) => id !== victim).sort());
  });

  test('MaxResults 101 or 0 is InvalidRequestException; a garbage NextToken is 400', async () => {
    const instanceId = await newInstance();
    for (const max of [101, 0]) {
      await rejects(() => client.send(new ListIntegrationAssociationsCommand({ InstanceId: instanceId, MaxResults: max })), 'InvalidRequestException', 400);
    }
    // 100 is fine
    await client.send(new ListIntegrationAssociationsCommand({ InstanceId: instanceId, MaxResults: 100 }));
    await rejects(() => client.send(new ListIntegrationAssociationsCommand({ InstanceId: instanceId, NextToken: 'garbage' })), 'InvalidRequestException', 400);
  });
});

describe('DeleteIntegrationAssociation', () => {
  test('removes it: the list no longer shows it and a second delete is ResourceNotFoundException', async () => {
    const instanceId = await newInstance();
    const keep = await create({ InstanceId: instanceId, IntegrationType: 'PINPOINT_APP', IntegrationArn: someArn('mobiletargeting', 'apps') });
    const gone = await create(inputFor(instanceId, 'EVENT'));
    const out = await client.send(new DeleteIntegrationAssociationCommand({ InstanceId: instanceId, IntegrationAssociationId: gone.IntegrationAssociationId }));
    assert.equal(out.$metadata.httpStatusCode, 200);
    const listed = await listAll(instanceId);
    assert.deepEqual(listed.map((s) => s.IntegrationAssociationId), [keep.IntegrationAssociationId]);
    assert.deepEqual(await listAll(instanceId, { IntegrationType: 'EVENT' }), []);
    await rejects(
      () => client.send(new DeleteIntegrationAssociationCommand({ InstanceId: instanceId, IntegrationAssociationId: gone.IntegrationAssociationId })),
      'ResourceNotFoundException',
      404,
    );
    // tags of a deleted association are gone with it
    await rejects(() => client.send(new ListTagsForResourceCommand({ resourceArn: gone.IntegrationAssociationArn })), 'ResourceNotFoundException', 404);
  });

  test('an unknown id, or an id of another instance, is ResourceNotFoundException', async () => {
    const a = await newInstance();
    const b = await newInstance();
    await rejects(
      () => client.send(new DeleteIntegrationAssociationCommand({ InstanceId: a, IntegrationAssociationId: randomUUID() })),
      'ResourceNotFoundException',
      404,
    );
    const onB = await create({ InstanceId: b, IntegrationType: 'VOICE_ID', IntegrationArn: someArn('voiceid', 'domain') });
    await rejects(
      () => client.send(new DeleteIntegrationAssociationCommand({ InstanceId: a, IntegrationAssociationId: onB.IntegrationAssociationId })),
      'ResourceNotFoundException',
      404,
    );
    assert.equal((await listAll(b)).length, 1, 'the association of b is still there');
  });
});

test('an unknown instance is ResourceNotFoundException for Create, List and Delete', async () => {
  const unknown = randomUUID();
  await rejects(() => create({ InstanceId: unknown, IntegrationType: 'VOICE_ID', IntegrationArn: someArn('voiceid', 'domain') }), 'ResourceNotFoundException', 404);
  await rejects(() => create(inputFor(unknown, 'EVENT')), 'ResourceNotFoundException', 404);
  await rejects(() => client.send(new ListIntegrationAssociationsCommand({ InstanceId: unknown })), 'ResourceNotFoundException', 404);
  await rejects(
    () => client.send(new DeleteIntegrationAssociationCommand({ InstanceId: unknown, IntegrationAssociationId: randomUUID() })),
    'ResourceNotFoundException',
    404,
  );
});

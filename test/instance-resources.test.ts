// What every instance holds (spec instance.md §2): queues, routing profiles, contact flows,
// agent statuses, hours of operation, security profiles; for the default instance and for one
// made by CreateInstance. Then tags on instances and their resources.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  ConnectClient,
  CreateInstanceCommand,
  DeleteInstanceCommand,
  DescribeAgentStatusCommand,
  DescribeContactFlowCommand,
  DescribeHoursOfOperationCommand,
  DescribeInstanceCommand,
  DescribeQueueCommand,
  DescribeRoutingProfileCommand,
  DescribeSecurityProfileCommand,
  ListAgentStatusesCommand,
  ListContactFlowsCommand,
  ListHoursOfOperationsCommand,
  ListQueuesCommand,
  ListRoutingProfilesCommand,
  ListSecurityProfilesCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  paginateListContactFlows,
  type ContactFlowSummary,
  type ContactFlowType,
} from '@aws-sdk/client-connect';
import { expectError, type SdkError } from './support/errors.js';
import { connectClient, defaultInstanceId, serverPerFile, type TestServer } from './support/server.js';

const newAlias = (prefix = 'res'): string => `${prefix}${randomBytes(5).toString('hex')}`;

/** Default flows and the sample flows whose type the spec gives (instance.md §2). */
const FLOW_TYPES: Record<string, ContactFlowType> = {
  'Default queue transfer': 'QUEUE_TRANSFER',
  'Default agent hold': 'AGENT_HOLD',
  'Default customer hold': 'CUSTOMER_HOLD',
  'Default agent transfer': 'AGENT_TRANSFER',
  'Default agent whisper': 'AGENT_WHISPER',
  'Default customer queue': 'CUSTOMER_QUEUE',
  'Default customer whisper': 'CUSTOMER_WHISPER',
  'Default outbound': 'OUTBOUND_WHISPER',
  'Sample inbound flow (first contact experience)': 'CONTACT_FLOW',
  'Sample AB test': 'CONTACT_FLOW',
  'Sample disconnect flow': 'CONTACT_FLOW',
  'Sample Lambda integration': 'CONTACT_FLOW',
  'Sample note for screenpop': 'CONTACT_FLOW',
  'Sample queue configurations flow': 'CONTACT_FLOW',
  'Sample queue customer': 'CONTACT_FLOW',
  'Sample recording behavior': 'CONTACT_FLOW',
  'Sample secure input with no agent': 'CONTACT_FLOW',
  'Sample interruptible queue flow with callback': 'CUSTOMER_QUEUE',
};
/** Sample flows the spec lists without a verified type. */
const UNTYPED_FLOWS = ['Sample secure input with agent', 'Sample queued callback'];

let server: TestServer;
let client: ConnectClient;

serverPerFile((s) => {
  server = s;
  client = connectClient(s.url);
});

async function allFlows(instanceId: string, types?: ContactFlowType[]): Promise<ContactFlowSummary[]> {
  const out: ContactFlowSummary[] = [];
  for await (const page of paginateListContactFlows({ client }, { InstanceId: instanceId, ContactFlowTypes: types })) {
    out.push(...(page.ContactFlowSummaryList ?? []));
  }
  return out;
}

/** Finds the single item named `name`. */
function one<T extends { Name?: string }>(items: T[] | undefined, name: string): T {
  const found = (items ?? []).filter((i) => i.Name === name);
  assert.equal(found.length, 1, `exactly one ${name} in ${JSON.stringify((items ?? []).map((i) => i.Name))}`);
  return found[0];
}

function resourcesOf(label: string, instance: () => Promise<{ id: string; arn: string }>) {
  describe(`resources of ${label}`, () => {
    let id: string;
    let arn: string;
    before(async () => {
      ({ id, arn } = await instance());
    });

    test('ListQueues: BasicQueue, STANDARD, and the queueTypes filter', async () => {
      const { QueueSummaryList } = await client.send(new ListQueuesCommand({ InstanceId: id }));
      const basic = one(QueueSummaryList, 'BasicQueue');
      assert.equal(basic.QueueType, 'STANDARD');
      assert.equal(basic.Arn, `${arn}/queue/${basic.Id}`);

      const standard = await client.send(new ListQueuesCommand({ InstanceId: id, QueueTypes: ['STANDARD'] }));
      assert.equal(one(standard.QueueSummaryList, 'BasicQueue').Id, basic.Id);
      assert.ok(standard.QueueSummaryList!.every((q) => q.QueueType === 'STANDARD'));

      // No users yet, so no agent queues.
      const agent = await client.send(new ListQueuesCommand({ InstanceId: id, QueueTypes: ['AGENT'] }));
      assert.deepEqual(agent.QueueSummaryList ?? [], []);
    });

    test('DescribeQueue: BasicQueue uses Basic Hours', async () => {
      const { QueueSummaryList } = await client.send(new ListQueuesCommand({ InstanceId: id }));
      const basic = one(QueueSummaryList, 'BasicQueue');
      const { HoursOfOperationSummaryList } = await client.send(new ListHoursOfOperationsCommand({ InstanceId: id }));
      const hours = one(HoursOfOperationSummaryList, 'Basic Hours');

      const { Queue } = await client.send(new DescribeQueueCommand({ InstanceId: id, QueueId: basic.Id }));
      assert.ok(Queue);
      assert.equal(Queue.QueueId, basic.Id);
      assert.equal(Queue.QueueArn, basic.Arn);
      assert.equal(Queue.Name, 'BasicQueue');
      assert.equal(Queue.Status, 'ENABLED');
      assert.equal(Queue.HoursOfOperationId, hours.Id);
    });

    test('ListRoutingProfiles + DescribeRoutingProfile: Basic Routing Profile', async () => {
      const { RoutingProfileSummaryList } = await client.send(new ListRoutingProfilesCommand({ InstanceId: id }));
      const summary = one(RoutingProfileSummaryList, 'Basic Routing Profile');
      assert.equal(summary.Arn, `${arn}/routing-profile/${summary.Id}`);
      const { QueueSummaryList } = await client.send(new ListQueuesCommand({ InstanceId: id }));
      const basicQueue = one(QueueSummaryList, 'BasicQueue');

      const { RoutingProfile } = await client.send(new DescribeRoutingProfileCommand({ InstanceId: id, RoutingProfileId: summary.Id }));
      assert.ok(RoutingProfile);
      assert.equal(RoutingProfile.RoutingProfileId, summary.Id);
      assert.equal(RoutingProfile.RoutingProfileArn, summary.Arn);
      assert.equal(RoutingProfile.Name, 'Basic Routing Profile');
      assert.equal(RoutingProfile.InstanceId, id);
      assert.equal(RoutingProfile.DefaultOutboundQueueId, basicQueue.Id);
      const chat = (RoutingProfile.MediaConcurrencies ?? []).filter((m) => m.Channel === 'CHAT');
      assert.equal(chat.length, 1, 'one CHAT concurrency');
      assert.equal(chat[0].Concurrency, 2);
    });

    test('ListContactFlows: every default and sample flow with its type', async () => {
      const flows = await allFlows(id);
      assert.ok(flows.length >= 20, `a fresh instance has 20+ flows, got ${flows.length}`);
      for (const [name, type] of Object.entries(FLOW_TYPES)) {
        const flow = one(flows, name);
        assert.equal(flow.ContactFlowType, type, name);
        assert.equal(flow.Arn, `${arn}/contact-flow/${flow.Id}`);
        assert.equal(flow.ContactFlowState, 'ACTIVE', name);
        assert.equal(flow.ContactFlowStatus, 'PUBLISHED', name);
      }
      for (const name of UNTYPED_FLOWS) one(flows, name);
      assert.equal(new Set(flows.map((f) => f.Id)).size, flows.length, 'ids are unique');
    });

    test('ListContactFlows: the contactFlowTypes filter', async () => {
      const queueFlows = await allFlows(id, ['CUSTOMER_QUEUE']);
      assert.ok(queueFlows.every((f) => f.ContactFlowType === 'CUSTOMER_QUEUE'));
      one(queueFlows, 'Default customer queue');
      one(queueFlows, 'Sample interruptible queue flow with callback');

      const inbound = await allFlows(id, ['CONTACT_FLOW']);
      assert.ok(inbound.every((f) => f.ContactFlowType === 'CONTACT_FLOW'));
      one(inbound, 'Sample inbound flow (first contact experience)');
      assert.equal(inbound.filter((f) => f.Name?.startsWith('Default')).length, 0);

      const holds = await allFlows(id, ['AGENT_HOLD', 'CUSTOMER_HOLD']);
      assert.deepEqual(holds.map((f) => f.Name).sort(), ['Default agent hold', 'Default customer hold']);

      const all = await allFlows(id);
      const byType = all.filter((f) => f.ContactFlowType === 'OUTBOUND_WHISPER');
      assert.deepEqual((await allFlows(id, ['OUTBOUND_WHISPER'])).map((f) => f.Id).sort(), byType.map((f) => f.Id).sort());
    });

    test('DescribeContactFlow: the sample inbound flow is published flow-language JSON', async () => {
      const summary = one(await allFlows(id), 'Sample inbound flow (first contact experience)');
      const { ContactFlow } = await client.send(new DescribeContactFlowCommand({ InstanceId: id, ContactFlowId: summary.Id }));
      assert.ok(ContactFlow);
      assert.equal(ContactFlow.Id, summary.Id);
      assert.equal(ContactFlow.Arn, summary.Arn);
      assert.equal(ContactFlow.Name, 'Sample inbound flow (first contact experience)');
      assert.equal(ContactFlow.Type, 'CONTACT_FLOW');
      assert.equal(ContactFlow.State, 'ACTIVE');
      assert.equal(ContactFlow.Status, 'PUBLISHED');
      const content = JSON.parse(ContactFlow.Content ?? 'null') as { Version?: unknown; Actions?: unknown };
      assert.equal(typeof content.Version, 'string');
      assert.ok(Array.isArray(content.Actions) && content.Actions.length > 0, 'Actions is a non-empty list');
    });

    test('ListContactFlows with MaxResults 5 covers every flow once', async () => {
      const everything = await allFlows(id);
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const out = await client.send(new ListContactFlowsCommand({ InstanceId: id, MaxResults: 5, NextToken: token }));
        const items = out.ContactFlowSummaryList ?? [];
        assert.ok(items.length <= 5);
        seen.push(...items.map((f) => f.Id!));
        token = out.NextToken;
        pages++;
        assert.ok(pages <= everything.length, 'pagination ends');
      } while (token);
      assert.equal(pages, Math.ceil(everything.length / 5));
      assert.equal(seen.length, everything.length, 'no flow twice');
      assert.deepEqual([...seen].sort(), everything.map((f) => f.Id!).sort());
    });

    test('ListAgentStatuses + DescribeAgentStatus: Available and Offline', async () => {
      const { AgentStatusSummaryList } = await client.send(new ListAgentStatusesCommand({ InstanceId: id }));
      const available = one(AgentStatusSummaryList, 'Available');
      const offline = one(AgentStatusSummaryList, 'Offline');
      assert.equal(available.Type, 'ROUTABLE');
      assert.equal(offline.Type, 'OFFLINE');

      const onlyOffline = await client.send(new ListAgentStatusesCommand({ InstanceId: id, AgentStatusTypes: ['OFFLINE'] }));
      assert.deepEqual(onlyOffline.AgentStatusSummaryList?.map((s) => s.Id), [offline.Id]);
      const onlyRoutable = await client.send(new ListAgentStatusesCommand({ InstanceId: id, AgentStatusTypes: ['ROUTABLE'] }));
      assert.deepEqual(onlyRoutable.AgentStatusSummaryList?.map((s) => s.Id), [available.Id]);

      const { AgentStatus } = await client.send(new DescribeAgentStatusCommand({ InstanceId: id, AgentStatusId: available.Id }));
      assert.ok(AgentStatus);
      assert.equal(AgentStatus.AgentStatusId, available.Id);
      assert.equal(AgentStatus.AgentStatusARN, available.Arn);
      assert.equal(AgentStatus.Name, 'Available');
      assert.equal(AgentStatus.Type, 'ROUTABLE');
      assert.equal(AgentStatus.State, 'ENABLED');
      assert.ok(AgentStatus.AgentStatusARN?.startsWith(`${arn}/`), 'the status ARN is under the instance ARN');
    });

    test('ListHoursOfOperations + DescribeHoursOfOperation: Basic Hours', async () => {
      const { HoursOfOperationSummaryList } = await client.send(new ListHoursOfOperationsCommand({ InstanceId: id }));
      const summary = one(HoursOfOperationSummaryList, 'Basic Hours');
      assert.equal(summary.Arn, `${arn}/operating-hours/${summary.Id}`);
      const { HoursOfOperation } = await client.send(
        new DescribeHoursOfOperationCommand({ InstanceId: id, HoursOfOperationId: summary.Id }),
      );
      assert.ok(HoursOfOperation);
      assert.equal(HoursOfOperation.HoursOfOperationId, summary.Id);
      assert.equal(HoursOfOperation.HoursOfOperationArn, summary.Arn);
      assert.equal(HoursOfOperation.Name, 'Basic Hours');
      assert.ok(HoursOfOperation.TimeZone, 'a time zone');
      const days = new Set((HoursOfOperation.Config ?? []).map((c) => c.Day));
      assert.deepEqual([...days].sort(), ['FRIDAY', 'MONDAY', 'SATURDAY', 'SUNDAY', 'THURSDAY', 'TUESDAY', 'WEDNESDAY']);
    });

    test('ListSecurityProfiles + DescribeSecurityProfile: the four defaults', async () => {
      const { SecurityProfileSummaryList } = await client.send(new ListSecurityProfilesCommand({ InstanceId: id }));
      for (const name of ['Admin', 'Agent', 'CallCenterManager', 'QualityAnalyst']) {
        const s = one(SecurityProfileSummaryList, name);
        assert.equal(s.Arn, `${arn}/security-profile/${s.Id}`);
      }
      const admin = one(SecurityProfileSummaryList, 'Admin');
      const { SecurityProfile } = await client.send(new DescribeSecurityProfileCommand({ InstanceId: id, SecurityProfileId: admin.Id }));
      assert.ok(SecurityProfile);
      assert.equal(SecurityProfile.Id, admin.Id);
      assert.equal(SecurityProfile.Arn, admin.Arn);
      assert.equal(SecurityProfile.SecurityProfileName, 'Admin');
    });

    test('unknown ids -> ResourceNotFoundException', async () => {
      const unknown = randomUUID();
      const calls: [string, () => Promise<unknown>][] = [
        ['DescribeQueue', () => client.send(new DescribeQueueCommand({ InstanceId: id, QueueId: unknown }))],
        ['DescribeRoutingProfile', () => client.send(new DescribeRoutingProfileCommand({ InstanceId: id, RoutingProfileId: unknown }))],
        ['DescribeContactFlow', () => client.send(new DescribeContactFlowCommand({ InstanceId: id, ContactFlowId: unknown }))],
        ['DescribeAgentStatus', () => client.send(new DescribeAgentStatusCommand({ InstanceId: id, AgentStatusId: unknown }))],
        ['DescribeHoursOfOperation', () => client.send(new DescribeHoursOfOperationCommand({ InstanceId: id, HoursOfOperationId: unknown }))],
        ['DescribeSecurityProfile', () => client.send(new DescribeSecurityProfileCommand({ InstanceId: id, SecurityProfileId: unknown }))],
        ['ListQueues on an unknown instance', () => client.send(new ListQueuesCommand({ InstanceId: unknown }))],
        ['ListContactFlows on an unknown instance', () => client.send(new ListContactFlowsCommand({ InstanceId: unknown }))],
        ['DescribeQueue on an unknown instance', () => client.send(new DescribeQueueCommand({ InstanceId: unknown, QueueId: unknown }))],
      ];
      for (const [what, call] of calls) {
        const err = await expectError(call(), 'ResourceNotFoundException').catch((e: Error) => {
          throw new Error(`${what}: ${e.message}`);
        });
        assert.equal(err.$metadata?.httpStatusCode, 404, what);
      }
    });

    test('the instance ARN works in place of the instance id', async () => {
      const byArn = await client.send(new ListQueuesCommand({ InstanceId: arn }));
      const byId = await client.send(new ListQueuesCommand({ InstanceId: id }));
      assert.deepEqual(byArn.QueueSummaryList, byId.QueueSummaryList);
      const basic = one(byArn.QueueSummaryList, 'BasicQueue');

      const { Queue } = await client.send(new DescribeQueueCommand({ InstanceId: arn, QueueId: basic.Id }));
      assert.equal(Queue?.QueueId, basic.Id);

      const flows = await allFlows(arn);
      assert.deepEqual(flows.map((f) => f.Id).sort(), (await allFlows(id)).map((f) => f.Id).sort());
      const inbound = one(flows, 'Sample inbound flow (first contact experience)');
      const { ContactFlow } = await client.send(new DescribeContactFlowCommand({ InstanceId: arn, ContactFlowId: inbound.Id }));
      assert.equal(ContactFlow?.Id, inbound.Id);

      const { RoutingProfileSummaryList } = await client.send(new ListRoutingProfilesCommand({ InstanceId: arn }));
      one(RoutingProfileSummaryList, 'Basic Routing Profile');
      const { AgentStatusSummaryList } = await client.send(new ListAgentStatusesCommand({ InstanceId: arn }));
      one(AgentStatusSummaryList, 'Available');
      const { HoursOfOperationSummaryList } = await client.send(new ListHoursOfOperationsCommand({ InstanceId: arn }));
      one(HoursOfOperationSummaryList, 'Basic Hours');
      const { SecurityProfileSummaryList } = await client.send(new ListSecurityProfilesCommand({ InstanceId: arn }));
      one(SecurityProfileSummaryList, 'Admin');

      const { Instance } = await client.send(new DescribeInstanceCommand({ InstanceId: arn }));
      assert.equal(Instance?.Id, id);
    });
  });
}

resourcesOf('the default instance connect-local', async () => {
  const id = await defaultInstanceId(client);
  return { id, arn: `arn:aws:connect:us-east-1:000000000000:instance/${id}` };
});

resourcesOf('an instance made by CreateInstance', async () => {
  const out = await client.send(
    new CreateInstanceCommand({
      IdentityManagementType: 'CONNECT_MANAGED',
      InstanceAlias: newAlias(),
      InboundCallsEnabled: true,
      OutboundCallsEnabled: true,
    }),
  );
  return { id: out.Id!, arn: out.Arn! };
});

describe('resources belong to one instance', () => {
  test("an instance does not serve another instance's resource ids", async () => {
    const defaultId = await defaultInstanceId(client);
    const out = await client.send(
      new CreateInstanceCommand({ IdentityManagementType: 'SAML', InstanceAlias: newAlias(), InboundCallsEnabled: true, OutboundCallsEnabled: true }),
    );
    const { QueueSummaryList } = await client.send(new ListQueuesCommand({ InstanceId: out.Id }));
    const freshQueue = one(QueueSummaryList, 'BasicQueue');
    const defaultQueue = one((await client.send(new ListQueuesCommand({ InstanceId: defaultId }))).QueueSummaryList, 'BasicQueue');
    assert.notEqual(freshQueue.Id, defaultQueue.Id, 'each instance has its own BasicQueue');
    await expectError(client.send(new DescribeQueueCommand({ InstanceId: defaultId, QueueId: freshQueue.Id })), 'ResourceNotFoundException');
  });

  test("another account's instance ARN is not found", async () => {
    const other = connectClient(server.url, { accessKeyId: '444444444444' });
    const out = await other.send(
      new CreateInstanceCommand({ IdentityManagementType: 'CONNECT_MANAGED', InstanceAlias: newAlias(), InboundCallsEnabled: true, OutboundCallsEnabled: true }),
    );
    const { QueueSummaryList } = await other.send(new ListQueuesCommand({ InstanceId: out.Arn }));
    one(QueueSummaryList, 'BasicQueue');
    await expectError(client.send(new ListQueuesCommand({ InstanceId: out.Arn })), 'ResourceNotFoundException');
    await expectError(client.send(new ListQueuesCommand({ InstanceId: out.Id })), 'ResourceNotFoundException');
  });
});

describe('tags', () => {
  let instanceId: string;
  let instanceArn: string;
  let queueArn: string;
  let queueId: string;
  let flowArn: string;
  let flowId: string;

  const listTags = async (resourceArn: string) => (await client.send(new ListTagsForResourceCommand({ resourceArn }))).tags ?? {};

  before(async () => {
    const out = await client.send(
      new CreateInstanceCommand({
        IdentityManagementType: 'CONNECT_MANAGED',
        InstanceAlias: newAlias('tags'),
        InboundCallsEnabled: true,
        OutboundCallsEnabled: true,
        Tags: { created: 'yes' },
      }),
    );
    instanceId = out.Id!;
    instanceArn = out.Arn!;
    const queue = one((await client.send(new ListQueuesCommand({ InstanceId: instanceId }))).QueueSummaryList, 'BasicQueue');
    queueArn = queue.Arn!;
    queueId = queue.Id!;
    const flow = one(await allFlows(instanceId), 'Sample inbound flow (first contact experience)');
    flowArn = flow.Arn!;
    flowId = flow.Id!;
  });

  test('an instance: tags given at creation, TagResource, UntagResource, ListTagsForResource', async () => {
    assert.deepEqual(await listTags(instanceArn), { created: 'yes' });
    await client.send(new TagResourceCommand({ resourceArn: instanceArn, tags: { team: 'blue', env: 'dev' } }));
    assert.deepEqual(await listTags(instanceArn), { created: 'yes', team: 'blue', env: 'dev' });
    const { Instance } = await client.send(new DescribeInstanceCommand({ InstanceId: instanceId }));
    assert.deepEqual(Instance?.Tags, { created: 'yes', team: 'blue', env: 'dev' });

    await client.send(new TagResourceCommand({ resourceArn: instanceArn, tags: { team: 'red' } }));
    assert.equal((await listTags(instanceArn)).team, 'red', 'TagResource overwrites a key');

    await client.send(new UntagResourceCommand({ resourceArn: instanceArn, tagKeys: ['created', 'env', 'never-set'] }));
    assert.deepEqual(await listTags(instanceArn), { team: 'red' });
  });

  test('a queue', async () => {
    assert.deepEqual(await listTags(queueArn), {});
    await client.send(new TagResourceCommand({ resourceArn: queueArn, tags: { tier: 'gold', region: 'north' } }));
    assert.deepEqual(await listTags(queueArn), { tier: 'gold', region: 'north' });
    const { Queue } = await client.send(new DescribeQueueCommand({ InstanceId: instanceId, QueueId: queueId }));
    assert.deepEqual(Queue?.Tags, { tier: 'gold', region: 'north' });
    await client.send(new UntagResourceCommand({ resourceArn: queueArn, tagKeys: ['tier'] }));
    assert.deepEqual(await listTags(queueArn), { region: 'north' });
    assert.deepEqual(await listTags(instanceArn), { team: 'red' }, 'the instance keeps its own tags');
  });

  test('a contact flow', async () => {
    await client.send(new TagResourceCommand({ resourceArn: flowArn, tags: { owner: 'ops' } }));
    assert.deepEqual(await listTags(flowArn), { owner: 'ops' });
    const { ContactFlow } = await client.send(new DescribeContactFlowCommand({ InstanceId: instanceId, ContactFlowId: flowId }));
    assert.deepEqual(ContactFlow?.Tags, { owner: 'ops' });
    await client.send(new UntagResourceCommand({ resourceArn: flowArn, tagKeys: ['owner'] }));
    assert.deepEqual(await listTags(flowArn), {});
  });

  test('an unknown ARN -> ResourceNotFoundException', async () => {
    const unknownInstance = `arn:aws:connect:us-east-1:000000000000:instance/${randomUUID()}`;
    const unknownQueue = `${instanceArn}/queue/${randomUUID()}`;
    for (const resourceArn of [unknownInstance, unknownQueue]) {
      await expectError(client.send(new ListTagsForResourceCommand({ resourceArn })), 'ResourceNotFoundException');
      await expectError(client.send(new TagResourceCommand({ resourceArn, tags: { a: 'b' } })), 'ResourceNotFoundException');
      await expectError(client.send(new UntagResourceCommand({ resourceArn, tagKeys: ['a'] })), 'ResourceNotFoundException');
    }
  });

  test('an ARN of another account or region -> ResourceNotFoundException', async () => {
    const other = connectClient(server.url, { accessKeyId: '555555555555' });
    const out = await other.send(
      new CreateInstanceCommand({ IdentityManagementType: 'CONNECT_MANAGED', InstanceAlias: newAlias(), InboundCallsEnabled: true, OutboundCallsEnabled: true }),
    );
    await other.send(new TagResourceCommand({ resourceArn: out.Arn, tags: { mine: 'yes' } }));
    const otherRegion = connectClient(server.url, { accessKeyId: '555555555555', region: 'us-west-2' });
    for (const c of [client, otherRegion]) {
      await expectError(c.send(new ListTagsForResourceCommand({ resourceArn: out.Arn })), 'ResourceNotFoundException');
      await expectError(c.send(new TagResourceCommand({ resourceArn: out.Arn, tags: { theirs: 'no' } })), 'ResourceNotFoundException');
      await expectError(c.send(new UntagResourceCommand({ resourceArn: out.Arn, tagKeys: ['mine'] })), 'ResourceNotFoundException');
    }
    assert.deepEqual((await other.send(new ListTagsForResourceCommand({ resourceArn: out.Arn }))).tags, { mine: 'yes' });
  });

  test('a tag key starting with aws: -> InvalidParameterException', async () => {
    const err = await expectError(
      client.send(new TagResourceCommand({ resourceArn: queueArn, tags: { 'aws:x': 'y' } })),
      'InvalidParameterException',
      /tags/i,
    );
    assert.equal(err.$metadata?.httpStatusCode, 400);
    assert.ok(!('aws:x' in (await listTags(queueArn))));
  });

  test('more than 50 tags in total -> 400, nothing applied', async () => {
    const { QueueSummaryList } = await client.send(new ListQueuesCommand({ InstanceId: await defaultInstanceId(client) }));
    const arn = one(QueueSummaryList, 'BasicQueue').Arn!;
    const batch = (from: number, n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`key${from + i}`, 'v']));
    await client.send(new TagResourceCommand({ resourceArn: arn, tags: batch(0, 30) }));
    assert.equal(Object.keys(await listTags(arn)).length, 30);

    let failed: SdkError | undefined;
    try {
      await client.send(new TagResourceCommand({ resourceArn: arn, tags: batch(30, 21) }));
    } catch (e) {
      failed = e as SdkError;
    }
    assert.ok(failed, '51 tags in total must be refused');
    assert.equal(failed.$metadata?.httpStatusCode, 400);
    assert.ok(['InvalidParameterException', 'InvalidRequestException'].includes(failed.name), failed.name);
    assert.equal(Object.keys(await listTags(arn)).length, 30, 'nothing of the refused request applied');

    // Re-tagging existing keys does not count twice: 30 existing + 20 new = 50 is fine.
    await client.send(new TagResourceCommand({ resourceArn: arn, tags: { ...batch(0, 30), ...batch(30, 20) } }));
    assert.equal(Object.keys(await listTags(arn)).length, 50);

    await expectError(client.send(new TagResourceCommand({ resourceArn: instanceArn, tags: batch(100, 51) })), 'InvalidParameterException');
  });

  test('after DeleteInstance its ARN and its children ARNs are not found', async () => {
    const out = await client.send(
      new CreateInstanceCommand({ IdentityManagementType: 'CONNECT_MANAGED', InstanceAlias: newAlias(), InboundCallsEnabled: true, OutboundCallsEnabled: true }),
    );
    const queue = one((await client.send(new ListQueuesCommand({ InstanceId: out.Id }))).QueueSummaryList, 'BasicQueue');
    await client.send(new DeleteInstanceCommand({ InstanceId: out.Id }));
    await expectError(client.send(new ListTagsForResourceCommand({ resourceArn: out.Arn })), 'ResourceNotFoundException');
    await expectError(client.send(new ListTagsForResourceCommand({ resourceArn: queue.Arn })), 'ResourceNotFoundException');
  });
});

// What can be done to a contact after StartChatContact: its attributes, tags and references,
// finding it again with SearchContacts, and that another account sees none of it. The server
// runs a manual clock so that contacts get initiation times the tests choose.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  ConnectClient,
  DescribeContactCommand,
  GetContactAttributesCommand,
  ListContactFlowsCommand,
  ListContactReferencesCommand,
  ListQueuesCommand,
  SearchContactsCommand,
  StartChatContactCommand,
  StopContactCommand,
  TagContactCommand,
  UntagContactCommand,
  UpdateContactAttributesCommand,
  type SearchContactsCommandInput,
} from '@aws-sdk/client-connect';
import { advance as advanceBy, clockNow as clockAt } from './support/chat.js';
import { expectError } from './support/errors.js';
import { connectClient, createTestInstance, defaultInstanceId, startServer, type TestServer } from './support/server.js';

const SAMPLE_FLOW = 'Sample inbound flow (first contact experience)';

let server: TestServer;
let client: ConnectClient;
let instanceId: string;
const flows = new Map<string, string>();

/** the emulator clock, and moving it, on this file's server */
const clockNow = (): Promise<number> => clockAt(server.url);
const advance = (seconds: number): Promise<number> => advanceBy(server.url, seconds);

/** A chat on the instance (the default one unless given) through its sample inbound flow; returns the ContactId. */
async function startChat(instance = instanceId, Attributes?: Record<string, string>): Promise<string> {
  if (!flows.has(instance)) {
    const { ContactFlowSummaryList } = await client.send(new ListContactFlowsCommand({ InstanceId: instance, ContactFlowTypes: ['CONTACT_FLOW'] }));
    const flow = ContactFlowSummaryList?.find((f) => f.Name === SAMPLE_FLOW);
    assert.ok(flow?.Id, `${SAMPLE_FLOW} is missing`);
    flows.set(instance, flow.Id);
  }
  const out = await client.send(
    new StartChatContactCommand({ InstanceId: instance, ContactFlowId: flows.get(instance), ParticipantDetails: { DisplayName: 'Jane' }, Attributes }),
  );
  assert.ok(out.ContactId);
  return out.ContactId;
}

const getAttributes = async (contactId: string) =>
  (await client.send(new GetContactAttributesCommand({ InstanceId: instanceId, InitialContactId: contactId }))).Attributes;
const updateAttributes = (contactId: string, Attributes: Record<string, string>) =>
  client.send(new UpdateContactAttributesCommand({ InstanceId: instanceId, InitialContactId: contactId, Attributes }));
const tagsOf = async (contactId: string) =>
  (await client.send(new DescribeContactCommand({ InstanceId: instanceId, ContactId: contactId }))).Contact?.Tags ?? {};
const tag = (contactId: string, Tags: Record<string, string>) => client.send(new TagContactCommand({ InstanceId: instanceId, ContactId: contactId, Tags }));

before(async () => {
  server = await startServer({ inMemory: true, clock: 'manual' });
  client = connectClient(server.url);
  instanceId = await defaultInstanceId(client);
});

after(async () => {
  await server?.stop();
});

describe('contact attributes', () => {
  test('UpdateContactAttributes merges into what the contact has; GetContactAttributes reads them', async () => {
    const id = await startChat(instanceId, { a: '1', b: '2' });
    assert.deepEqual(await getAttributes(id), { a: '1', b: '2' });
    await updateAttributes(id, { b: '3', c: '4' });
    // keys not named keep their values
    assert.deepEqual(await getAttributes(id), { a: '1', b: '3', c: '4' });
    const { Contact } = await client.send(new DescribeContactCommand({ InstanceId: instanceId, ContactId: id }));
    assert.deepEqual(Contact?.Attributes, { a: '1', b: '3', c: '4' });
  });

  test('attributes outlive the contact: they can still be updated after it ended', async () => {
    const id = await startChat(instanceId, { a: '1' });
    await client.send(new StopContactCommand({ InstanceId: instanceId, ContactId: id }));
    await updateAttributes(id, { outcome: 'resolved' });
    assert.deepEqual(await getAttributes(id), { a: '1', outcome: 'resolved' });
  });

  test('bad keys, too much in all, unknown contacts', async () => {
    const id = await startChat();
    await expectError(updateAttributes(id, { 'bad key': 'v' }), 'InvalidParameterException', 'bad key');
    // each update is small, but together they pass 32768 bytes
    await updateAttributes(id, { first: 'x'.repeat(20000) });
    await expectError(updateAttributes(id, { second: 'x'.repeat(20000) }), 'InvalidParameterException', '32768');
    assert.deepEqual(Object.keys((await getAttributes(id)) ?? {}), ['first'], 'a refused update changes nothing');
    await expectError(updateAttributes(randomUUID(), { a: '1' }), 'ResourceNotFoundException');
    await expectError(getAttributes(randomUUID()), 'ResourceNotFoundException');
  });
});

describe('contact tags', () => {
  test('TagContact and UntagContact change DescribeContact.Tags', async () => {
    const id = await startChat();
    await tag(id, { team: 'blue', tier: 'gold' });
    assert.deepEqual(await tagsOf(id), { team: 'blue', tier: 'gold' });
    await tag(id, { tier: 'silver' });
    assert.deepEqual(await tagsOf(id), { team: 'blue', tier: 'silver' });
    await client.send(new UntagContactCommand({ InstanceId: instanceId, ContactId: id, TagKeys: ['team', 'absent'] }));
    assert.deepEqual(await tagsOf(id), { tier: 'silver' });
  });

  test('at most 6 tags on a contact; aws: keys are refused by the model pattern', async () => {
    const id = await startChat();
    await tag(id, { t1: 'a', t2: 'b', t3: 'c', t4: 'd' });
    await tag(id, { t5: 'e', t6: 'f' });
    // overwriting keeps the count at 6
    await tag(id, { t1: 'z' });
    await expectError(tag(id, { t7: 'g' }), 'InvalidRequestException', '6');
    assert.deepEqual(await tagsOf(id), { t1: 'z', t2: 'b', t3: 'c', t4: 'd', t5: 'e', t6: 'f' });
    await expectError(tag(id, { 'aws:owner': 'me' }), 'InvalidParameterException', 'aws:owner');
    await expectError(
      client.send(new UntagContactCommand({ InstanceId: instanceId, ContactId: id, TagKeys: ['aws:owner'] })),
      'InvalidParameterException',
      'aws:owner',
    );
    await expectError(tag(randomUUID(), { t1: 'a' }), 'ResourceNotFoundException');
  });
});

describe('ListContactReferences', () => {
  test('needs ReferenceTypes; a chat started through the API has no references', async () => {
    const id = await startChat();
    await expectError(client.send(new ListContactReferencesCommand({ InstanceId: instanceId, ContactId: id } as never)), 'InvalidParameterException', 'ReferenceTypes');
    const out = await client.send(new ListContactReferencesCommand({ InstanceId: instanceId, ContactId: id, ReferenceTypes: ['URL', 'ATTACHMENT'] }));
    assert.deepEqual(out.ReferenceSummaryList, []);
    await expectError(
      client.send(new ListContactReferencesCommand({ InstanceId: instanceId, ContactId: randomUUID(), ReferenceTypes: ['URL'] })),
      'ResourceNotFoundException',
    );
  });
});

describe('SearchContacts', () => {
  let searchInstance: string;
  let basicQueueId: string;
  /** five chats, one minute apart, in creation order */
  const ids: string[] = [];
  const times: number[] = [];

  before(async () => {
    // a fresh instance: no other test's contacts in the results
    searchInstance = await createTestInstance(client, { prefix: 'search' });
    const { QueueSummaryList } = await client.send(new ListQueuesCommand({ InstanceId: searchInstance, QueueTypes: ['STANDARD'] }));
    basicQueueId = QueueSummaryList!.find((q) => q.Name === 'BasicQueue')!.Id!;
    for (let i = 0; i < 5; i++) {
      await advance(60);
      times.push(await clockNow());
      ids.push(await startChat(searchInstance));
    }
  });

  const search = async (extra: Partial<SearchContactsCommandInput> = {}) =>
    client.send(
      new SearchContactsCommand({
        InstanceId: searchInstance,
        TimeRange: { Type: 'INITIATION_TIMESTAMP', StartTime: new Date(times[0]), EndTime: new Date(times[4]) },
        ...extra,
      }),
    );
  const idsOf = (out: { Contacts?: { Id?: string }[] }) => (out.Contacts ?? []).map((c) => c.Id);

  test('TimeRange INITIATION_TIMESTAMP holds the contacts started inside it, ends included', async () => {
    const all = await search();
    assert.deepEqual(new Set(idsOf(all)), new Set(ids));
    assert.equal(all.TotalCount, 5);
    const middle = await search({ TimeRange: { Type: 'INITIATION_TIMESTAMP', StartTime: new Date(times[1]), EndTime: new Date(times[3]) } });
    assert.deepEqual(new Set(idsOf(middle)), new Set(ids.slice(1, 4)));
    const before = await search({ TimeRange: { Type: 'INITIATION_TIMESTAMP', StartTime: new Date(times[0] - 3600_000), EndTime: new Date(times[0] - 1) } });
    assert.deepEqual(idsOf(before), []);
    assert.equal(before.TotalCount, 0);
  });

  test('SearchCriteria Channels and QueueIds filter', async () => {
    assert.equal((await search({ SearchCriteria: { Channels: ['CHAT'] } })).TotalCount, 5);
    assert.deepEqual(idsOf(await search({ SearchCriteria: { Channels: ['VOICE', 'TASK'] } })), []);
    assert.equal((await search({ SearchCriteria: { QueueIds: [basicQueueId] } })).TotalCount, 5);
    assert.deepEqual(idsOf(await search({ SearchCriteria: { QueueIds: [randomUUID()] } })), []);
    // the summaries carry the queue they were put in
    const { Contacts } = await search({ SearchCriteria: { Channels: ['CHAT'], QueueIds: [basicQueueId] }, MaxResults: 1 });
    assert.equal(Contacts?.[0].QueueInfo?.Id, basicQueueId);
    assert.equal(Contacts?.[0].Channel, 'CHAT');
    assert.equal(Contacts?.[0].InitiationMethod, 'API');
  });

  test('MaxResults 2 pages through the 5 contacts, each exactly once', async () => {
    const seen: string[] = [];
    const sizes: number[] = [];
    let NextToken: string | undefined;
    do {
      const page = await search({ MaxResults: 2, NextToken });
      sizes.push(page.Contacts?.length ?? 0);
      seen.push(...(idsOf(page) as string[]));
      NextToken = page.NextToken;
    } while (NextToken);
    assert.deepEqual(sizes, [2, 2, 1]);
    assert.equal(seen.length, 5);
    assert.deepEqual(new Set(seen), new Set(ids));
  });

  test('Sort by INITIATION_TIMESTAMP, ASCENDING and DESCENDING', async () => {
    const asc = await search({ Sort: { FieldName: 'INITIATION_TIMESTAMP', Order: 'ASCENDING' } });
    assert.deepEqual(idsOf(asc), ids);
    assert.deepEqual(asc.Contacts?.map((c) => c.InitiationTimestamp?.getTime()), times);
    const desc = await search({ Sort: { FieldName: 'INITIATION_TIMESTAMP', Order: 'DESCENDING' } });
    assert.deepEqual(idsOf(desc), [...ids].reverse());
  });

  test('TimeRange DISCONNECT_TIMESTAMP holds only the contacts that ended inside it', async () => {
    // last of this group: it ends one of the five
    await advance(60);
    const t = await clockNow();
    await client.send(new StopContactCommand({ InstanceId: searchInstance, ContactId: ids[2] }));
    const ended = await search({ TimeRange: { Type: 'DISCONNECT_TIMESTAMP', StartTime: new Date(times[0]), EndTime: new Date(t) } });
    assert.deepEqual(idsOf(ended), [ids[2]]);
    assert.equal(ended.Contacts?.[0].DisconnectTimestamp?.getTime(), t);
  });

  test('StartTime after EndTime: InvalidRequestException', async () => {
    await expectError(
      search({ TimeRange: { Type: 'INITIATION_TIMESTAMP', StartTime: new Date(times[4]), EndTime: new Date(times[0]) } }),
      'InvalidRequestException',
      'StartTime',
    );
  });
});

describe('another account', () => {
  test('sees none of the contacts: ResourceNotFoundException, and nothing changes', async () => {
    const id = await startChat(instanceId, { a: '1' });
    const other = connectClient(server.url, { accessKeyId: '111122223333' });
    const t = await clockNow();
    const calls: [string, () => Promise<unknown>][] = [
      ['DescribeContact', () => other.send(new DescribeContactCommand({ InstanceId: instanceId, ContactId: id }))],
      ['GetContactAttributes', () => other.send(new GetContactAttributesCommand({ InstanceId: instanceId, InitialContactId: id }))],
      ['UpdateContactAttributes', () => other.send(new UpdateContactAttributesCommand({ InstanceId: instanceId, InitialContactId: id, Attributes: { a: '2' } }))],
      ['TagContact', () => other.send(new TagContactCommand({ InstanceId: instanceId, ContactId: id, Tags: { t: 'x' } }))],
      ['StopContact', () => other.send(new StopContactCommand({ InstanceId: instanceId, ContactId: id }))],
      [
        'SearchContacts',
        () => other.send(new SearchContactsCommand({ InstanceId: instanceId, TimeRange: { Type: 'INITIATION_TIMESTAMP', StartTime: new Date(t - 1000), EndTime: new Date(t + 1000) } })),
      ],
    ];
    for (const [name, call] of calls) {
      await expectError(call(), 'ResourceNotFoundException').catch((e: Error) => {
        throw new Error(`${name}: ${e.message}`);
      });
    }
    // nor does another instance of the same account
    const otherInstance = await createTestInstance(client, { prefix: 'other' });
    await expectError(client.send(new DescribeContactCommand({ InstanceId: otherInstance, ContactId: id })), 'ResourceNotFoundException');
    const { Contact } = await client.send(new DescribeContactCommand({ InstanceId: instanceId, ContactId: id }));
    assert.equal(Contact?.DisconnectTimestamp, undefined, 'still going');
    assert.deepEqual(Contact?.Attributes, { a: '1' });
    assert.deepEqual(Contact?.Tags ?? {}, {});
  });
});

// SearchUsers through the SDK: string conditions on each searchable field, AND/OR nesting,
// proficiency list conditions, hierarchy conditions (no hierarchies: nobody), tag filters and
// user attribute filters, the summary's shape, pages and the errors. One instance with three
// users for the whole file: searches change nothing.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  AssociateUserProficienciesCommand,
  CreatePredefinedAttributeCommand,
  CreateRoutingProfileCommand,
  SearchUsersCommand,
  type Condition,
  type ConnectClient,
  type SearchUsersRequest,
  type StringCondition,
  type UserSearchCriteria,
} from '@aws-sdk/client-connect';
import { agentEnv, createAgent, type AgentEnv } from './support/agents.js';
import { expectError } from './support/errors.js';
import { queueConfig, routingSetup } from './support/routing-profiles.js';
import { connectClient, serverPerFile } from './support/server.js';

let client: ConnectClient;
let env: AgentEnv;
let salesProfile: string;
/** user ids by first name */
const id: Record<string, string> = {};

serverPerFile(async (server) => {
  client = connectClient(server.url);
  const s = await routingSetup(client);
  env = await agentEnv(client, '', s.instanceId);
  const { RoutingProfileId } = await client.send(
    new CreateRoutingProfileCommand({
      InstanceId: s.instanceId,
      Name: 'Sales',
      Description: 'sales',
      DefaultOutboundQueueId: s.basicQueue,
      MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 1 }],
      QueueConfigs: [queueConfig(s.sales, 'CHAT')],
    }),
  );
  salesProfile = RoutingProfileId!;
  await client.send(new CreatePredefinedAttributeCommand({ InstanceId: s.instanceId, Name: 'Language', Values: { StringList: ['English', 'French'] } }));
  const user = async (first: string, last: string, more: Parameters<typeof createAgent>[1] = {}) => {
    id[first] = await createAgent(env, { first, last, Username: `${first}.${last}`.toLowerCase(), ...more });
  };
  await user('Ada', 'Lovelace', {
    Tags: { team: 'blue', site: 'paris' },
    IdentityInfo: { FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@example.com' },
    PhoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: true, AfterContactWorkTimeLimit: 30 },
  });
  await user('Alan', 'Turing', { Tags: { team: 'red' }, RoutingProfileId: salesProfile });
  await user('Grace', 'Hopper', { Tags: { team: 'blue' } });
  const speaks = (UserId: string, AttributeValue: string, Level: number) =>
    client.send(new AssociateUserProficienciesCommand({ InstanceId: env.instanceId, UserId, UserProficiencies: [{ AttributeName: 'Language', AttributeValue, Level }] }));
  await speaks(id.Grace, 'English', 4);
  await speaks(id.Ada, 'French', 2);
});

const search = (input: Omit<SearchUsersRequest, 'InstanceId'>) => client.send(new SearchUsersCommand({ InstanceId: env.instanceId, ...input }));

/** First names of the users found, sorted. */
async function found(SearchCriteria?: UserSearchCriteria, SearchFilter?: SearchUsersRequest['SearchFilter']): Promise<string[]> {
  const out = await search({ SearchCriteria, SearchFilter });
  assert.equal(out.ApproximateTotalCount, out.Users!.length);
  return out.Users!.map((u) => u.IdentityInfo!.FirstName!).sort();
}

const str = (FieldName: string, ComparisonType: StringCondition['ComparisonType'], Value: string): UserSearchCriteria => ({
  StringCondition: { FieldName, ComparisonType, Value },
});

describe('SearchUsers criteria', () => {
  test('no criteria: every user of the instance, in creation order', async () => {
    const out = await search({});
    assert.equal(out.ApproximateTotalCount, 3);
    assert.deepEqual(out.Users!.map((u) => u.Id), [id.Ada, id.Alan, id.Grace]);
  });

  test('StringCondition on each field, EXACT / CONTAINS / STARTS_WITH, without regard to case', async () => {
    assert.deepEqual(await found(str('Username', 'EXACT', 'ADA.LOVELACE')), ['Ada']);
    assert.deepEqual(await found(str('Username', 'EXACT', 'ada')), []);
    assert.deepEqual(await found(str('LastName', 'CONTAINS', 'ING')), ['Alan']);
    assert.deepEqual(await found(str('LastName', 'CONTAINS', 'o')), ['Ada', 'Grace']);
    assert.deepEqual(await found(str('FirstName', 'STARTS_WITH', 'a')), ['Ada', 'Alan']);
    assert.deepEqual(await found(str('FirstName', 'STARTS_WITH', 'race')), []);
    assert.deepEqual(await found(str('RoutingProfileId', 'EXACT', salesProfile)), ['Alan']);
    assert.deepEqual(await found(str('RoutingProfileId', 'EXACT', env.routingProfileId)), ['Ada', 'Grace']);
    assert.deepEqual(await found(str('ResourceId', 'EXACT', id.Grace)), ['Grace']);
    assert.deepEqual(await found(str('SecurityProfileId', 'EXACT', env.securityProfileId)), ['Ada', 'Alan', 'Grace']);
  });

  test('OrConditions and AndConditions, nested', async () => {
    assert.deepEqual(await found({ OrConditions: [str('FirstName', 'EXACT', 'Ada'), str('FirstName', 'EXACT', 'Grace')] }), ['Ada', 'Grace']);
    assert.deepEqual(await found({ AndConditions: [str('LastName', 'CONTAINS', 'o'), str('FirstName', 'STARTS_WITH', 'G')] }), ['Grace']);
    const nested = {
      AndConditions: [
        str('RoutingProfileId', 'EXACT', env.routingProfileId),
        { OrConditions: [str('Username', 'STARTS_WITH', 'alan'), str('Username', 'STARTS_WITH', 'ada')] },
      ],
    };
    assert.deepEqual(await found(nested), ['Ada']);
  });

  test('HierarchyGroupCondition: no hierarchies, so nobody', async () => {
    assert.deepEqual(await found({ HierarchyGroupCondition: { Value: randomUUID(), HierarchyGroupMatchType: 'EXACT' } }), []);
    assert.deepEqual(
      await found({ OrConditions: [{ HierarchyGroupCondition: { Value: randomUUID(), HierarchyGroupMatchType: 'WITH_CHILD_GROUPS' } }, str('FirstName', 'EXACT', 'Alan')] }),
      ['Alan'],
    );
  });

  test('ListCondition on PROFICIENCIES: one proficiency meets every condition', async () => {
    const list = (...Conditions: Condition[]): UserSearchCriteria => ({ ListCondition: { TargetListType: 'PROFICIENCIES', Conditions } });
    const name = { StringCondition: { FieldName: 'name', ComparisonType: 'EXACT' as const, Value: 'Language' } };
    assert.deepEqual(await found(list(name)), ['Ada', 'Grace']);
    assert.deepEqual(await found(list(name, { StringCondition: { FieldName: 'value', ComparisonType: 'EXACT', Value: 'english' } })), ['Grace']);
    assert.deepEqual(await found(list(name, { NumberCondition: { FieldName: 'limit', ComparisonType: 'GREATER_OR_EQUAL', MinValue: 3 } })), ['Grace']);
    assert.deepEqual(await found(list({ NumberCondition: { FieldName: 'limit', ComparisonType: 'RANGE', MinValue: 1, MaxValue: 2 } })), ['Ada']);
    assert.deepEqual(await found(list({ NumberCondition: { FieldName: 'limit', ComparisonType: 'LESSER', MaxValue: 2 } })), []);
    // French at level 4 is nobody: Ada's French is 2, Grace's 4 is English
    assert.deepEqual(
      await found(list({ StringCondition: { FieldName: 'value', ComparisonType: 'EXACT', Value: 'French' } }, { NumberCondition: { FieldName: 'limit', ComparisonType: 'EQUAL', MinValue: 4 } })),
      [],
    );
  });
});

describe('SearchUsers filters, summary and pages', () => {
  test('TagFilter: one condition, an AND, an OR of ANDs; with criteria', async () => {
    const tag = (TagKey: string, TagValue: string) => ({ TagKey, TagValue });
    assert.deepEqual(await found(undefined, { TagFilter: { TagCondition: tag('team', 'blue') } }), ['Ada', 'Grace']);
    assert.deepEqual(await found(undefined, { TagFilter: { AndConditions: [tag('team', 'blue'), tag('site', 'paris')] } }), ['Ada']);
    assert.deepEqual(await found(undefined, { TagFilter: { OrConditions: [[tag('team', 'red')], [tag('team', 'blue'), tag('site', 'paris')]] } }), ['Ada', 'Alan']);
    assert.deepEqual(await found(undefined, { TagFilter: { TagCondition: tag('team', 'green') } }), []);
    assert.deepEqual(await found(str('FirstName', 'STARTS_WITH', 'G'), { TagFilter: { TagCondition: tag('team', 'blue') } }), ['Grace']);
  });

  test('UserAttributeFilter: tag conditions and hierarchy conditions', async () => {
    assert.deepEqual(await found(undefined, { UserAttributeFilter: { TagCondition: { TagKey: 'team', TagValue: 'red' } } }), ['Alan']);
    assert.deepEqual(
      await found(undefined, { UserAttributeFilter: { OrConditions: [{ TagConditions: [{ TagKey: 'site', TagValue: 'paris' }] }, { TagConditions: [{ TagKey: 'team', TagValue: 'red' }] }] } }),
      ['Ada', 'Alan'],
    );
    assert.deepEqual(await found(undefined, { UserAttributeFilter: { AndCondition: { TagConditions: [{ TagKey: 'team', TagValue: 'blue' }] } } }), ['Ada', 'Grace']);
    assert.deepEqual(await found(undefined, { UserAttributeFilter: { HierarchyGroupCondition: { Value: randomUUID(), HierarchyGroupMatchType: 'EXACT' } } }), []);
  });

  test('a summary: identity without email, phone config with the after-contact-work limit in milliseconds', async () => {
    const out = await search({ SearchCriteria: str('ResourceId', 'EXACT', id.Ada) });
    const [ada] = out.Users!;
    assert.deepEqual(ada, {
      Arn: `arn:aws:connect:us-east-1:000000000000:instance/${env.instanceId}/agent/${id.Ada}`,
      Id: id.Ada,
      Username: 'ada.lovelace',
      IdentityInfo: { FirstName: 'Ada', LastName: 'Lovelace' },
      PhoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: true, AfterContactWorkTimeLimit: 30_000 },
      RoutingProfileId: env.routingProfileId,
      SecurityProfileIds: [env.securityProfileId],
      Tags: { team: 'blue', site: 'paris' },
    });
  });

  test('pages: MaxResults and NextToken, ApproximateTotalCount on every page', async () => {
    const first = await search({ MaxResults: 2 });
    assert.equal(first.Users!.length, 2);
    assert.equal(first.ApproximateTotalCount, 3);
    const second = await search({ MaxResults: 2, NextToken: first.NextToken });
    assert.equal(second.NextToken, undefined);
    assert.equal(second.ApproximateTotalCount, 3);
    assert.deepEqual([...first.Users!, ...second.Users!].map((u) => u.Id), [id.Ada, id.Alan, id.Grace]);
  });

  test('errors', async () => {
    const bad = (input: Omit<SearchUsersRequest, 'InstanceId'>, mentions?: string) => expectError(search(input), 'InvalidParameterException', mentions);
    await bad({ SearchCriteria: str('Email', 'EXACT', 'x') }, 'FieldName');
    await bad({ SearchCriteria: { StringCondition: { FieldName: 'Username', Value: 'x' } } }, 'ComparisonType');
    await bad({ SearchCriteria: { StringCondition: { FieldName: 'Username', ComparisonType: 'EXACT' } } }, 'Value');
    await bad({ SearchCriteria: { OrConditions: [str('Nope', 'EXACT', 'x')] } }, 'Nope');
    await bad({ SearchCriteria: { ListCondition: { Conditions: [] } } }, 'TargetListType');
    await bad(
      { SearchCriteria: { ListCondition: { TargetListType: 'PROFICIENCIES', Conditions: [{ NumberCondition: { FieldName: 'limit', ComparisonType: 'RANGE', MinValue: 1 } }] } } },
      'MaxValue',
    );
    await bad({ SearchFilter: { TagFilter: { TagCondition: { TagValue: 'blue' } } } }, 'TagKey');
    await bad(
      { SearchFilter: { UserAttributeFilter: { TagCondition: { TagKey: 'team', TagValue: 'red' }, HierarchyGroupCondition: { Value: 'x', HierarchyGroupMatchType: 'EXACT' } } } },
      'exactly one',
    );
    await bad({ MaxResults: 501 });
    await bad({ NextToken: 'not-a-token' }, 'NextToken');
    await expectError(
      search({ SearchFilter: { TagFilter: { TagCondition: { TagKey: 'team', TagValue: 'red' } }, UserAttributeFilter: { TagCondition: { TagKey: 'team', TagValue: 'red' } } } }),
      'AccessDeniedException',
      'TagFilter',
    );
    await expectError(client.send(new SearchUsersCommand({ InstanceId: randomUUID() })), 'ResourceNotFoundException', 'Instance');
  });
});

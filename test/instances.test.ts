// CreateInstance / DescribeInstance / ListInstances / DeleteInstance through the AWS SDK against
// the real server: happy paths, every validation rule, ClientToken idempotency, pagination and
// the isolation of accounts and regions (spec: contract.md, instance.md §1, wire-protocol §4, §7).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  ConnectClient,
  CreateInstanceCommand,
  DeleteInstanceCommand,
  DescribeInstanceCommand,
  ListInstancesCommand,
  ListQueuesCommand,
  paginateListInstances,
  type CreateInstanceCommandInput,
  type InstanceSummary,
} from '@aws-sdk/client-connect';
import { expectError } from './support/errors.js';
import { connectClient, serverPerFile, type TestServer } from './support/server.js';

/** A fresh, valid instance alias. */
const newAlias = (prefix = 'it'): string => `${prefix}${randomBytes(5).toString('hex')}`;

/** A fresh, valid directory id: d- and ten lower-case hex digits. */
const newDirectoryId = (): string => `d-${randomBytes(5).toString('hex')}`;

async function allInstances(client: ConnectClient): Promise<InstanceSummary[]> {
  const all: InstanceSummary[] = [];
  for await (const page of paginateListInstances({ client }, {})) all.push(...(page.InstanceSummaryList ?? []));
  return all;
}

function create(client: ConnectClient, input: Partial<CreateInstanceCommandInput>) {
  return client.send(new CreateInstanceCommand(input as CreateInstanceCommandInput));
}

let server: TestServer;
/** key `test`: account 000000000000, us-east-1 */
let client: ConnectClient;

serverPerFile((s) => {
  server = s;
  client = connectClient(s.url);
});

describe('CreateInstance, DescribeInstance, ListInstances', () => {
  test('CONNECT_MANAGED with an alias: Id and Arn, then every DescribeInstance field', async () => {
    const alias = newAlias();
    const before = Date.now();
    const out = await create(client, {
      IdentityManagementType: 'CONNECT_MANAGED',
      InstanceAlias: alias,
      InboundCallsEnabled: true,
      OutboundCallsEnabled: false,
      Tags: { team: 'support', env: 'test' },
    });
    const afterCall = Date.now();
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.ok(out.Id, 'an Id');
    assert.match(out.Id, /^[A-Za-z0-9-]{1,100}$/, 'an id fit for an ARN path segment');
    assert.equal(out.Arn, `arn:aws:connect:us-east-1:000000000000:instance/${out.Id}`);

    const { Instance } = await client.send(new DescribeInstanceCommand({ InstanceId: out.Id }));
    assert.ok(Instance);
    assert.equal(Instance.Id, out.Id);
    assert.equal(Instance.Arn, out.Arn);
    assert.equal(Instance.IdentityManagementType, 'CONNECT_MANAGED');
    assert.equal(Instance.InstanceAlias, alias);
    assert.equal(Instance.InstanceStatus, 'ACTIVE');
    assert.equal(Instance.InstanceAccessUrl, `https://${alias}.my.connect.aws`);
    assert.ok(Instance.CreatedTime instanceof Date, 'CreatedTime is a Date');
    const created = Instance.CreatedTime.getTime();
    assert.ok(created >= before - 2000 && created <= afterCall + 2000, `CreatedTime ${Instance.CreatedTime.toISOString()} is now`);
    assert.equal(Instance.InboundCallsEnabled, true);
    assert.equal(Instance.OutboundCallsEnabled, false);
    assert.deepEqual(Instance.Tags, { team: 'support', env: 'test' });
    assert.match(Instance.ServiceRole ?? '', /^arn:aws:iam::000000000000:role\//);
  });

  test('SAML with an alias, calls enabled the other way round', async () => {
    const alias = newAlias('saml');
    const out = await create(client, {
      IdentityManagementType: 'SAML',
      InstanceAlias: alias,
      InboundCallsEnabled: false,
      OutboundCallsEnabled: true,
    });
    assert.equal(out.Arn, `arn:aws:connect:us-east-1:000000000000:instance/${out.Id}`);
    const { Instance } = await client.send(new DescribeInstanceCommand({ InstanceId: out.Id }));
    assert.equal(Instance?.IdentityManagementType, 'SAML');
    assert.equal(Instance?.InstanceAlias, alias);
    assert.equal(Instance?.InstanceStatus, 'ACTIVE');
    assert.equal(Instance?.InstanceAccessUrl, `https://${alias}.my.connect.aws`);
    assert.equal(Instance?.InboundCallsEnabled, false);
    assert.equal(Instance?.OutboundCallsEnabled, true);
  });

  test('EXISTING_DIRECTORY with a DirectoryId', async () => {
    const out = await create(client, {
      IdentityManagementType: 'EXISTING_DIRECTORY',
      DirectoryId: newDirectoryId(),
      InboundCallsEnabled: true,
      OutboundCallsEnabled: true,
    });
    assert.equal(out.Arn, `arn:aws:connect:us-east-1:000000000000:instance/${out.Id}`);
    const { Instance } = await client.send(new DescribeInstanceCommand({ InstanceId: out.Id }));
    assert.equal(Instance?.Id, out.Id);
    assert.equal(Instance?.IdentityManagementType, 'EXISTING_DIRECTORY');
    assert.equal(Instance?.InstanceStatus, 'ACTIVE');
    assert.ok(Instance?.CreatedTime instanceof Date);
    assert.equal(Instance?.InboundCallsEnabled, true);
    assert.equal(Instance?.OutboundCallsEnabled, true);
  });

  test('the ARN carries the account and region of the caller', async () => {
    const other = connectClient(server.url, { accessKeyId: '123456789012', region: 'eu-west-2' });
    const out = await create(other, {
      IdentityManagementType: 'CONNECT_MANAGED',
      InstanceAlias: newAlias(),
      InboundCallsEnabled: true,
      OutboundCallsEnabled: true,
    });
    assert.equal(out.Arn, `arn:aws:connect:eu-west-2:123456789012:instance/${out.Id}`);
    const { Instance } = await other.send(new DescribeInstanceCommand({ InstanceId: out.Id }));
    assert.equal(Instance?.Arn, out.Arn);
  });

  test('an alias of exactly 45 characters with inner dashes is accepted', async () => {
    const alias = `a--b-${randomBytes(20).toString('hex')}`;
    assert.equal(alias.length, 45);
    const out = await create(client, {
      IdentityManagementType: 'CONNECT_MANAGED',
      InstanceAlias: alias,
      InboundCallsEnabled: true,
      OutboundCallsEnabled: true,
    });
    const { Instance } = await client.send(new DescribeInstanceCommand({ InstanceId: out.Id }));
    assert.equal(Instance?.InstanceAlias, alias);
  });

  test('ListInstances includes a new instance with its summary fields', async () => {
    const alias = newAlias('list');
    const out = await create(client, {
      IdentityManagementType: 'CONNECT_MANAGED',
      InstanceAlias: alias,
      InboundCallsEnabled: true,
      OutboundCallsEnabled: false,
    });
    const mine = (await allInstances(client)).filter((i) => i.Id === out.Id);
    assert.equal(mine.length, 1);
    const [s] = mine;
    assert.equal(s.Arn, out.Arn);
    assert.equal(s.InstanceAlias, alias);
    assert.equal(s.IdentityManagementType, 'CONNECT_MANAGED');
    assert.equal(s.InstanceStatus, 'ACTIVE');
    assert.equal(s.InboundCallsEnabled, true);
    assert.equal(s.OutboundCallsEnabled, false);
    assert.equal(s.InstanceAccessUrl, `https://${alias}.my.connect.aws`);
    assert.ok(s.CreatedTime instanceof Date);
  });
});

describe('DeleteInstance', () => {
  test('removes the instance and everything in it', async () => {
    const out = await create(client, {
      IdentityManagementType: 'CONNECT_MANAGED',
      InstanceAlias: newAlias('del'),
      InboundCallsEnabled: true,
      OutboundCallsEnabled: true,
    });
    const queues = await client.send(new ListQueuesCommand({ InstanceId: out.Id }));
    assert.ok((queues.QueueSummaryList ?? []).some((q) => q.Name === 'BasicQueue'), 'the new instance has BasicQueue');

    const del = await client.send(new DeleteInstanceCommand({ InstanceId: out.Id }));
    assert.equal(del.$metadata.httpStatusCode, 200);

    await expectError(client.send(new DescribeInstanceCommand({ InstanceId: out.Id })), 'ResourceNotFoundException');
    await expectError(client.send(new ListQueuesCommand({ InstanceId: out.Id })), 'ResourceNotFoundException');
    assert.ok(!(await allInstances(client)).some((i) => i.Id === out.Id), 'ListInstances no longer lists it');
    await expectError(client.send(new DeleteInstanceCommand({ InstanceId: out.Id })), 'ResourceNotFoundException');
  });

  test('a retry with the same ClientToken answers like the first delete', async () => {
    const out = await create(client, {
      IdentityManagementType: 'CONNECT_MANAGED',
      InstanceAlias: newAlias('del'),
      InboundCallsEnabled: true,
      OutboundCallsEnabled: true,
    });
    const ClientToken = `delete-${randomBytes(8).toString('hex')}`;
    await client.send(new DeleteInstanceCommand({ InstanceId: out.Id, ClientToken }));
    const retry = await client.send(new DeleteInstanceCommand({ InstanceId: out.Id, ClientToken }));
    assert.equal(retry.$metadata.httpStatusCode, 200);
    await expectError(client.send(new DescribeInstanceCommand({ InstanceId: out.Id })), 'ResourceNotFoundException');
  });

  test('an unknown instance id -> ResourceNotFoundException', async () => {
    await expectError(
      client.send(new DeleteInstanceCommand({ InstanceId: '00000000-0000-4000-8000-000000000000' })),
      'ResourceNotFoundException',
    );
    await expectError(
      client.send(new DescribeInstanceCommand({ InstanceId: '00000000-0000-4000-8000-000000000000' })),
      'ResourceNotFoundException',
    );
  });
});

describe('CreateInstance validation: every violation is an InvalidRequestException naming the member', () => {
  const valid = (): Partial<CreateInstanceCommandInput> => ({
    IdentityManagementType: 'CONNECT_MANAGED',
    InstanceAlias: newAlias('val'),
    InboundCallsEnabled: true,
    OutboundCallsEnabled: true,
  });
  const tags = (n: number): Record<string, string> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, `v${i}`]));

  const cases: { name: string; input: () => Partial<CreateInstanceCommandInput>; member: string }[] = [
    { name: 'IdentityManagementType missing', input: () => ({ ...valid(), IdentityManagementType: undefined }), member: 'IdentityManagementType' },
    { name: 'InboundCallsEnabled missing', input: () => ({ ...valid(), InboundCallsEnabled: undefined }), member: 'InboundCallsEnabled' },
    { name: 'OutboundCallsEnabled missing', input: () => ({ ...valid(), OutboundCallsEnabled: undefined }), member: 'OutboundCallsEnabled' },
    {
      name: 'IdentityManagementType not in the enum',
      input: () => ({ ...valid(), IdentityManagementType: 'LDAP' as CreateInstanceCommandInput['IdentityManagementType'] }),
      member: 'IdentityManagementType',
    },
    { name: 'alias starting with d-', input: () => ({ ...valid(), InstanceAlias: 'd-abc123' }), member: 'InstanceAlias' },
    { name: 'alias with a leading dash', input: () => ({ ...valid(), InstanceAlias: '-abc123' }), member: 'InstanceAlias' },
    { name: 'alias with a trailing dash', input: () => ({ ...valid(), InstanceAlias: 'abc123-' }), member: 'InstanceAlias' },
    { name: 'alias with an underscore', input: () => ({ ...valid(), InstanceAlias: 'abc_123' }), member: 'InstanceAlias' },
    { name: 'alias of 46 characters', input: () => ({ ...valid(), InstanceAlias: 'a'.repeat(46) }), member: 'InstanceAlias' },
    {
      name: 'DirectoryId too short for the pattern',
      input: () => ({ IdentityManagementType: 'EXISTING_DIRECTORY', DirectoryId: 'd-12345', InboundCallsEnabled: true, OutboundCallsEnabled: true }),
      member: 'DirectoryId',
    },
    {
      name: 'DirectoryId with upper-case hex',
      input: () => ({ IdentityManagementType: 'EXISTING_DIRECTORY', DirectoryId: 'd-ABCDEF0123', InboundCallsEnabled: true, OutboundCallsEnabled: true }),
      member: 'DirectoryId',
    },
    {
      name: 'DirectoryId without the d- prefix',
      input: () => ({ IdentityManagementType: 'EXISTING_DIRECTORY', DirectoryId: 'x-0123456789', InboundCallsEnabled: true, OutboundCallsEnabled: true }),
      member: 'DirectoryId',
    },
    { name: 'CONNECT_MANAGED without an alias', input: () => ({ ...valid(), InstanceAlias: undefined }), member: 'InstanceAlias' },
    {
      name: 'SAML without an alias',
      input: () => ({ ...valid(), IdentityManagementType: 'SAML', InstanceAlias: undefined }),
      member: 'InstanceAlias',
    },
    {
      name: 'EXISTING_DIRECTORY without a DirectoryId',
      input: () => ({ IdentityManagementType: 'EXISTING_DIRECTORY', InboundCallsEnabled: true, OutboundCallsEnabled: true }),
      member: 'DirectoryId',
    },
    { name: '51 tags', input: () => ({ ...valid(), Tags: tags(51) }), member: 'Tags' },
    { name: 'a tag key starting with aws:', input: () => ({ ...valid(), Tags: { 'aws:team': 'x' } }), member: 'Tags' },
    { name: 'a tag value of 257 characters', input: () => ({ ...valid(), Tags: { team: 'v'.repeat(257) } }), member: 'Tags' },
  ];

  for (const c of cases) {
    test(c.name, async () => {
      const input = c.input();
      const err = await expectError(create(client, input), 'InvalidRequestException', c.member);
      assert.equal(err.$metadata?.httpStatusCode, 400);
      if (input.InstanceAlias) {
        assert.ok(
          !(await allInstances(client)).some((i) => i.InstanceAlias === input.InstanceAlias),
          'a refused request creates no instance',
        );
      }
    });
  }

  test('exactly 50 tags are accepted', async () => {
    const out = await create(client, { ...valid(), Tags: tags(50) });
    const { Instance } = await client.send(new DescribeInstanceCommand({ InstanceId: out.Id }));
    assert.equal(Object.keys(Instance?.Tags ?? {}).length, 50);
  });

  test('a duplicate alias in the same account and region', async () => {
    const alias = newAlias('dup');
    const first = await create(client, { ...valid(), InstanceAlias: alias });
    const err = await expectError(create(client, { ...valid(), InstanceAlias: alias }), 'InvalidRequestException', /alias/i);
    assert.equal(err.$metadata?.httpStatusCode, 400);
    const withAlias = (await allInstances(client)).filter((i) => i.InstanceAlias === alias);
    assert.deepEqual(
      withAlias.map((i) => i.Id),
      [first.Id],
    );
  });

  test('the refused requests created nothing', async () => {
    const before = (await allInstances(client)).length;
    for (const c of cases) await create(client, c.input()).catch(() => undefined);
    assert.equal((await allInstances(client)).length, before);
  });
});

describe('CreateInstance ClientToken idempotency', () => {
  test('the same token and input returns the same instance and creates one', async () => {
    const alias = newAlias('idem');
    const input: CreateInstanceCommandInput = {
      ClientToken: `token-${randomBytes(8).toString('hex')}`,
      IdentityManagementType: 'CONNECT_MANAGED',
      InstanceAlias: alias,
      InboundCallsEnabled: true,
      OutboundCallsEnabled: true,
    };
    const count = (await allInstances(client)).length;
    const first = await create(client, input);
    const second = await create(client, input);
    assert.equal(second.Id, first.Id);
    assert.equal(second.Arn, first.Arn);
    const all = await allInstances(client);
    assert.equal(all.length, count + 1);
    assert.equal(all.filter((i) => i.InstanceAlias === alias).length, 1);
  });

  test('the same token with a different input -> InvalidRequestException (CreateInstance declares no IdempotencyException)', async () => {
    const token = `token-${randomBytes(8).toString('hex')}`;
    const alias = newAlias('idem');
    await create(client, {
      ClientToken: token,
      IdentityManagementType: 'CONNECT_MANAGED',
      InstanceAlias: alias,
      InboundCallsEnabled: true,
      OutboundCallsEnabled: true,
    });
    const otherAlias = newAlias('idem');
    const err = await expectError(
      create(client, {
        ClientToken: token,
        IdentityManagementType: 'CONNECT_MANAGED',
        InstanceAlias: otherAlias,
        InboundCallsEnabled: true,
        OutboundCallsEnabled: true,
      }),
      'InvalidRequestException',
      /ClientToken .* was already used for a different CreateInstance request/,
    );
    assert.equal(err.$metadata?.httpStatusCode, 400);
    assert.ok(!(await allInstances(client)).some((i) => i.InstanceAlias === otherAlias), 'the second request created nothing');
  });
});

describe('ListInstances pagination', () => {
  // A fresh account, so that the set of instances is exactly what this block creates.
  let paged: ConnectClient;
  const ids: string[] = [];

  before(async () => {
    paged = connectClient(server.url, { accessKeyId: '333333333333' });
    for (let i = 0; i < 7; i++) {
      const out = await create(paged, {
        IdentityManagementType: 'CONNECT_MANAGED',
        InstanceAlias: newAlias(`page${i}x`),
        InboundCallsEnabled: true,
        OutboundCallsEnabled: true,
      });
      ids.push(out.Id!);
    }
  });

  for (const max of [1, 2, 3]) {
    test(`MaxResults ${max}: following NextToken lists every instance once`, async () => {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const out = await paged.send(new ListInstancesCommand({ MaxResults: max, NextToken: token }));
        const items = out.InstanceSummaryList ?? [];
        assert.ok(items.length <= max, `a page holds at most ${max}, got ${items.length}`);
        seen.push(...items.map((i) => i.Id!));
        token = out.NextToken;
        pages++;
        assert.ok(pages <= ids.length + 1, 'pagination ends');
      } while (token);
      assert.equal(pages, Math.ceil(ids.length / max));
      assert.equal(seen.length, ids.length, 'no instance twice');
      assert.deepEqual([...seen].sort(), [...ids].sort());
    });
  }

  test('the SDK paginator with pageSize 2', async () => {
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateListInstances({ client: paged, pageSize: 2 }, {})) {
      pages++;
      seen.push(...(page.InstanceSummaryList ?? []).map((i) => i.Id!));
    }
    assert.equal(pages, 4);
    assert.deepEqual([...seen].sort(), [...ids].sort());
  });

  test('MaxResults 10 returns them all on one page without NextToken', async () => {
    const out = await paged.send(new ListInstancesCommand({ MaxResults: 10 }));
    assert.equal(out.InstanceSummaryList?.length, ids.length);
    assert.equal(out.NextToken, undefined);
  });

  test('a garbage NextToken -> InvalidRequestException', async () => {
    const err = await expectError(
      paged.send(new ListInstancesCommand({ NextToken: 'not-a-token-this-server-gave' })),
      'InvalidRequestException',
      'NextToken',
    );
    assert.equal(err.$metadata?.httpStatusCode, 400);
  });

  for (const max of [0, 11]) {
    test(`MaxResults ${max} is outside 1-10 -> InvalidRequestException`, async () => {
      const err = await expectError(paged.send(new ListInstancesCommand({ MaxResults: max })), 'InvalidRequestException', 'MaxResults');
      assert.equal(err.$metadata?.httpStatusCode, 400);
    });
  }
});

describe('accounts and regions are isolated', () => {
  let a: ConnectClient;
  let b: ConnectClient;
  let aWest: ConnectClient;
  const alias = newAlias('shared');
  let aId: string;
  let bId: string;
  let aWestId: string;

  before(async () => {
    a = connectClient(server.url, { accessKeyId: '111111111111' });
    b = connectClient(server.url, { accessKeyId: '222222222222' });
    aWest = connectClient(server.url, { accessKeyId: '111111111111', region: 'us-west-2' });
    const input = { IdentityManagementType: 'CONNECT_MANAGED' as const, InstanceAlias: alias, InboundCallsEnabled: true, OutboundCallsEnabled: true };
    aId = (await create(a, input)).Id!;
    bId = (await create(b, input)).Id!;
    aWestId = (await create(aWest, input)).Id!;
  });

  test('the same alias is free in each account and region', async () => {
    assert.notEqual(aId, bId);
    assert.notEqual(aId, aWestId);
    const { Instance: ia } = await a.send(new DescribeInstanceCommand({ InstanceId: aId }));
    const { Instance: ib } = await b.send(new DescribeInstanceCommand({ InstanceId: bId }));
    const { Instance: iw } = await aWest.send(new DescribeInstanceCommand({ InstanceId: aWestId }));
    assert.equal(ia?.InstanceAlias, alias);
    assert.equal(ib?.InstanceAlias, alias);
    assert.equal(iw?.InstanceAlias, alias);
    assert.equal(ia?.Arn, `arn:aws:connect:us-east-1:111111111111:instance/${aId}`);
    assert.equal(ib?.Arn, `arn:aws:connect:us-east-1:222222222222:instance/${bId}`);
    assert.equal(iw?.Arn, `arn:aws:connect:us-west-2:111111111111:instance/${aWestId}`);
  });

  test('ListInstances shows only the caller account and region', async () => {
    assert.deepEqual((await allInstances(a)).map((i) => i.Id), [aId]);
    assert.deepEqual((await allInstances(b)).map((i) => i.Id), [bId]);
    assert.deepEqual((await allInstances(aWest)).map((i) => i.Id), [aWestId]);
  });

  test("another account's or region's instance is not found", async () => {
    await expectError(b.send(new DescribeInstanceCommand({ InstanceId: aId })), 'ResourceNotFoundException');
    await expectError(a.send(new DescribeInstanceCommand({ InstanceId: bId })), 'ResourceNotFoundException');
    await expectError(aWest.send(new DescribeInstanceCommand({ InstanceId: aId })), 'ResourceNotFoundException');
    await expectError(a.send(new DescribeInstanceCommand({ InstanceId: aWestId })), 'ResourceNotFoundException');
    await expectError(client.send(new DescribeInstanceCommand({ InstanceId: aId })), 'ResourceNotFoundException');
    await expectError(b.send(new ListQueuesCommand({ InstanceId: aId })), 'ResourceNotFoundException');
  });

  test("another account's instance ARN is not found either", async () => {
    const arn = `arn:aws:connect:us-east-1:111111111111:instance/${aId}`;
    const { Instance } = await a.send(new DescribeInstanceCommand({ InstanceId: arn }));
    assert.equal(Instance?.Id, aId);
    await expectError(b.send(new DescribeInstanceCommand({ InstanceId: arn })), 'ResourceNotFoundException');
    await expectError(aWest.send(new DescribeInstanceCommand({ InstanceId: arn })), 'ResourceNotFoundException');
  });

  test("DeleteInstance cannot reach another account's instance", async () => {
    await expectError(b.send(new DeleteInstanceCommand({ InstanceId: aId })), 'ResourceNotFoundException');
    const { Instance } = await a.send(new DescribeInstanceCommand({ InstanceId: aId }));
    assert.equal(Instance?.InstanceStatus, 'ACTIVE');
  });

  test('a ClientToken of one account means nothing in another', async () => {
    const ClientToken = `shared-token-${randomBytes(8).toString('hex')}`;
    const input = { ClientToken, IdentityManagementType: 'CONNECT_MANAGED' as const, InboundCallsEnabled: true, OutboundCallsEnabled: true };
    const inA = await create(a, { ...input, InstanceAlias: newAlias('tok') });
    const inB = await create(b, { ...input, InstanceAlias: newAlias('tok') });
    assert.notEqual(inB.Id, inA.Id);
    assert.equal(inB.Arn, `arn:aws:connect:us-east-1:222222222222:instance/${inB.Id}`);
    await a.send(new DeleteInstanceCommand({ InstanceId: inA.Id }));
    await b.send(new DeleteInstanceCommand({ InstanceId: inB.Id }));
  });

  test('the default instance connect-local lives only in 000000000000 us-east-1', async () => {
    const defaults = (await allInstances(client)).filter((i) => i.InstanceAlias === 'connect-local');
    assert.equal(defaults.length, 1);
    const [def] = defaults;
    assert.equal(def.Arn, `arn:aws:connect:us-east-1:000000000000:instance/${def.Id}`);

    const explicit = connectClient(server.url, { accessKeyId: '000000000000' });
    assert.ok((await allInstances(explicit)).some((i) => i.Id === def.Id), 'the key 000000000000 is the same account as test');
    const otherKey = connectClient(server.url, { accessKeyId: 'AKIAEXAMPLEKEY' });
    assert.ok((await allInstances(otherKey)).some((i) => i.Id === def.Id), 'any non-12-digit key is account 000000000000');

    const defaultWest = connectClient(server.url, { region: 'us-west-2' });
    for (const c of [a, b, aWest, defaultWest]) {
      assert.ok(!(await allInstances(c)).some((i) => i.InstanceAlias === 'connect-local' || i.Id === def.Id));
      await expectError(c.send(new DescribeInstanceCommand({ InstanceId: def.Id })), 'ResourceNotFoundException');
    }
  });
});

// Compatibility with the real AWS CLI (v1, botocore) and with plain unsigned HTTP. The CLI tests
// skip themselves where `aws` is not installed.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startServer, tempDir, removeDir, type TestServer } from './support/server.js';

const run = promisify(execFile);

let server: TestServer;
/** an empty directory, so no ~/.aws config or credentials of the machine leak into the CLI */
let home: string;
let awsVersion: string | undefined;

before(async () => {
  server = await startServer({ inMemory: true });
  home = tempDir('connect-local-cli-');
  // CLI v1 fetches the content of any parameter that looks like an http(s) URL unless told not to
  writeFileSync(join(home, 'config'), '[default]\ncli_follow_urlparam = false\n');
  try {
    const { stdout, stderr } = await run('aws', ['--version'], { env: cliEnv(), timeout: 60_000 });
    awsVersion = (stdout || stderr).trim();
  } catch {
    awsVersion = undefined;
  }
});

after(async () => {
  await server?.stop();
  if (home) removeDir(home);
});

function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
  return {
    ...env,
    HOME: home ?? env.HOME,
    AWS_CONFIG_FILE: join(home ?? '.', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home ?? '.', 'no-credentials'),
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_PAGER: '',
    ...extra,
  };
}

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `aws connect <args> --endpoint-url <server> --output json`; never throws for a non-zero exit. */
async function aws(args: string[], opts: { env?: Record<string, string>; endpoint?: boolean } = {}): Promise<CliResult> {
  const full = ['connect', ...args, ...(opts.endpoint === false ? [] : ['--endpoint-url', server.url]), '--output', 'json'];
  try {
    const { stdout, stderr } = await run('aws', full, { env: cliEnv(opts.env), timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number | string; stdout?: string; stderr?: string };
    if (typeof err.code !== 'number') throw e; // could not run at all
    return { code: err.code, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

/** Runs a command that must succeed and parses its JSON output ({} for an empty one). */
async function awsJson<T = Record<string, unknown>>(args: string[], opts: { env?: Record<string, string>; endpoint?: boolean } = {}): Promise<T> {
  const r = await aws(args, opts);
  assert.equal(r.code, 0, `aws connect ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return (r.stdout.trim() ? JSON.parse(r.stdout) : {}) as T;
}

function skipWithoutCli(t: TestContext): boolean {
  if (awsVersion === undefined) {
    t.skip('the AWS CLI (`aws`) is not installed');
    return true;
  }
  return false;
}

interface InstanceSummary {
  Id: string;
  Arn: string;
  InstanceAlias?: string;
  InstanceStatus?: string;
  InboundCallsEnabled?: boolean;
  OutboundCallsEnabled?: boolean;
  CreatedTime?: unknown;
}

describe('AWS CLI v1', () => {
  test('list-instances finds connect-local', async (t) => {
    if (skipWithoutCli(t)) return;
    t.diagnostic(`using ${awsVersion}`);
    const out = await awsJson<{ InstanceSummaryList: InstanceSummary[] }>(['list-instances']);
    const inst = out.InstanceSummaryList.find((i) => i.InstanceAlias === 'connect-local');
    assert.ok(inst, `connect-local in ${JSON.stringify(out)}`);
    assert.match(inst.Arn, new RegExp(`^arn:aws:connect:us-east-1:000000000000:instance/${inst.Id}$`));
    assert.equal(inst.InstanceStatus, 'ACTIVE');
    // botocore parsed the timestamp; CLI v1 prints it as it came (epoch seconds) or as ISO text
    // when configured so: either way it is a real, recent date
    const created =
      typeof inst.CreatedTime === 'number' ? inst.CreatedTime * 1000 : Date.parse(String(inst.CreatedTime));
    assert.ok(Number.isFinite(created), `CreatedTime ${String(inst.CreatedTime)}`);
    assert.ok(Math.abs(Date.now() - created) < 24 * 3600 * 1000, `CreatedTime ${String(inst.CreatedTime)} is today`);
  });

  test('create-instance, then update-instance-attribute / describe-instance-attribute', async (t) => {
    if (skipWithoutCli(t)) return;
    const alias = `cli-${randomUUID().slice(0, 8)}`;
    const created = await awsJson<{ Id: string; Arn: string }>([
      'create-instance',
      '--identity-management-type',
      'CONNECT_MANAGED',
      '--instance-alias',
      alias,
      '--inbound-calls-enabled',
      '--no-outbound-calls-enabled',
    ]);
    assert.ok(created.Id);
    assert.equal(created.Arn, `arn:aws:connect:us-east-1:000000000000:instance/${created.Id}`);

    const described = await awsJson<{ Instance: InstanceSummary }>(['describe-instance', '--instance-id', created.Id]);
    assert.equal(described.Instance.InstanceAlias, alias);
    assert.equal(described.Instance.InboundCallsEnabled, true);
    assert.equal(described.Instance.OutboundCallsEnabled, false);

    const listed = await awsJson<{ InstanceSummaryList: InstanceSummary[] }>(['list-instances']);
    assert.ok(listed.InstanceSummaryList.some((i) => i.Id === created.Id), 'the new instance is listed');

    const attr = (type: string) =>
      awsJson<{ Attribute: { AttributeType: string; Value: string } }>(['describe-instance-attribute', '--instance-id', created.Id, '--attribute-type', type]);
    assert.deepEqual((await attr('CONTACTFLOW_LOGS')).Attribute, { AttributeType: 'CONTACTFLOW_LOGS', Value: 'false' });
    assert.deepEqual((await attr('CONTACT_LENS')).Attribute, { AttributeType: 'CONTACT_LENS', Value: 'true' });

    const updated = await aws(['update-instance-attribute', '--instance-id', created.Id, '--attribute-type', 'CONTACTFLOW_LOGS', '--value', 'TRUE']);
    assert.equal(updated.code, 0, updated.stderr);
    assert.deepEqual((await attr('CONTACTFLOW_LOGS')).Attribute, { AttributeType: 'CONTACTFLOW_LOGS', Value: 'true' });

    await awsJson(['update-instance-attribute', '--instance-id', created.Id, '--attribute-type', 'OUTBOUND_CALLS', '--value', 'true']);
    const after = await awsJson<{ Instance: InstanceSummary }>(['describe-instance', '--instance-id', created.Id]);
    assert.equal(after.Instance.OutboundCallsEnabled, true);

    // the CLI's own paginator over list-instance-attributes
    const all = await awsJson<{ Attributes: { AttributeType: string; Value: string }[] }>(['list-instance-attributes', '--instance-id', created.Id, '--page-size', '2']);
    const types = all.Attributes.map((a) => a.AttributeType);
    assert.equal(new Set(types).size, types.length, 'no attribute twice');
    assert.ok(types.includes('MULTI_PARTY_CHAT_CONFERENCE'));
    assert.equal(all.Attributes.find((a) => a.AttributeType === 'CONTACTFLOW_LOGS')?.Value, 'true');

    // a bad value: the CLI shows the modelled error
    const bad = await aws(['update-instance-attribute', '--instance-id', created.Id, '--attribute-type', 'CONTACTFLOW_LOGS', '--value', 'yes']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /InvalidParameterException/);
  });

  test('create-integration-association / list-integration-associations', async (t) => {
    if (skipWithoutCli(t)) return;
    const { Id: instanceId } = await awsJson<{ Id: string }>([
      'create-instance',
      '--identity-management-type',
      'CONNECT_MANAGED',
      '--instance-alias',
      `cli-ia-${randomUUID().slice(0, 8)}`,
      '--inbound-calls-enabled',
      '--outbound-calls-enabled',
    ]);
    const eventArn = `arn:aws:app-integrations:us-east-1:000000000000:event-integration/${randomUUID()}`;
    const ev = await awsJson<{ IntegrationAssociationId: string; IntegrationAssociationArn: string }>([
      'create-integration-association',
      '--instance-id',
      instanceId,
      '--integration-type',
      'EVENT',
      '--integration-arn',
      eventArn,
      '--source-application-url',
      'https://example.my.salesforce.com',
      '--source-application-name',
      'Salesforce App',
      '--source-type',
      'SALESFORCE',
      '--tags',
      'team=support',
    ]);
    assert.ok(ev.IntegrationAssociationId);
    assert.equal(ev.IntegrationAssociationArn, `arn:aws:connect:us-east-1:000000000000:instance/${instanceId}/integration-association/${ev.IntegrationAssociationId}`);

    const poolArn = 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_AbCdEf123';
    const pool = await awsJson<{ IntegrationAssociationId: string }>([
      'create-integration-association',
      '--instance-id',
      instanceId,
      '--integration-type',
      'COGNITO_USER_POOL',
      '--integration-arn',
      poolArn,
    ]);

    const listed = await awsJson<{ IntegrationAssociationSummaryList: Record<string, string>[] }>(['list-integration-associations', '--instance-id', instanceId]);
    assert.equal(listed.IntegrationAssociationSummaryList.length, 2);
    const evSummary = listed.IntegrationAssociationSummaryList.find((s) => s.IntegrationAssociationId === ev.IntegrationAssociationId);
    assert.deepEqual(evSummary, {
      IntegrationAssociationId: ev.IntegrationAssociationId,
      IntegrationAssociationArn: ev.IntegrationAssociationArn,
      InstanceId: instanceId,
      IntegrationType: 'EVENT',
      IntegrationArn: eventArn,
      SourceApplicationUrl: 'https://example.my.salesforce.com',
      SourceApplicationName: 'Salesforce App',
      SourceType: 'SALESFORCE',
    });

    const filtered = await awsJson<{ IntegrationAssociationSummaryList: Record<string, string>[] }>([
      'list-integration-associations',
      '--instance-id',
      instanceId,
      '--integration-type',
      'COGNITO_USER_POOL',
    ]);
    assert.deepEqual(
      filtered.IntegrationAssociationSummaryList.map((s) => [s.IntegrationAssociationId, s.IntegrationArn]),
      [[pool.IntegrationAssociationId, poolArn]],
    );

    const tags = await awsJson<{ tags: Record<string, string> }>(['list-tags-for-resource', '--resource-arn', ev.IntegrationAssociationArn]);
    assert.deepEqual(tags.tags, { team: 'support' });

    // a duplicate: the CLI sees the 409 as DuplicateResourceException
    const dup = await aws(['create-integration-association', '--instance-id', instanceId, '--integration-type', 'COGNITO_USER_POOL', '--integration-arn', poolArn]);
    assert.notEqual(dup.code, 0);
    assert.match(dup.stderr, /DuplicateResourceException/);
  });

  test('describe-instance with an unknown id fails with ResourceNotFoundException', async (t) => {
    if (skipWithoutCli(t)) return;
    const r = await aws(['describe-instance', '--instance-id', randomUUID()]);
    assert.notEqual(r.code, 0, 'the CLI exits non-zero');
    assert.match(r.stderr, /ResourceNotFoundException/, r.stderr);
    assert.equal(r.stdout.trim(), '');
  });

  test('AWS_ENDPOINT_URL_CONNECT instead of --endpoint-url; --no-sign-request is the default account', async (t) => {
    if (skipWithoutCli(t)) return;
    const viaEnv = await awsJson<{ InstanceSummaryList: InstanceSummary[] }>(['list-instances'], {
      endpoint: false,
      env: { AWS_ENDPOINT_URL_CONNECT: server.url },
    });
    assert.ok(viaEnv.InstanceSummaryList.some((i) => i.InstanceAlias === 'connect-local'));
    const unsigned = await awsJson<{ InstanceSummaryList: InstanceSummary[] }>(['list-instances', '--no-sign-request']);
    const inst = unsigned.InstanceSummaryList.find((i) => i.InstanceAlias === 'connect-local');
    assert.ok(inst);
    assert.match(inst.Arn, /^arn:aws:connect:us-east-1:000000000000:instance\//);
  });

  test('a 12-digit access key is its own account', async (t) => {
    if (skipWithoutCli(t)) return;
    const env = { AWS_ACCESS_KEY_ID: '111122223333', AWS_DEFAULT_REGION: 'eu-central-1' };
    const created = await awsJson<{ Id: string; Arn: string }>(
      ['create-instance', '--identity-management-type', 'CONNECT_MANAGED', '--instance-alias', `cli-acct-${randomUUID().slice(0, 8)}`, '--inbound-calls-enabled', '--outbound-calls-enabled'],
      { env },
    );
    assert.equal(created.Arn, `arn:aws:connect:eu-central-1:111122223333:instance/${created.Id}`);
    const mine = await awsJson<{ InstanceSummaryList: InstanceSummary[] }>(['list-instances'], { env });
    assert.ok(mine.InstanceSummaryList.some((i) => i.Id === created.Id));
    const theirs = await awsJson<{ InstanceSummaryList: InstanceSummary[] }>(['list-instances']);
    assert.ok(!theirs.InstanceSummaryList.some((i) => i.Id === created.Id), 'invisible to the default account');
    const r = await aws(['describe-instance', '--instance-id', created.Id]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /ResourceNotFoundException/);
  });
});

describe('raw HTTP', () => {
  test('an unsigned GET /instance answers 200 and lists connect-local in 000000000000 / us-east-1', async () => {
    const res = await fetch(`${server.url}/instance`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    assert.ok(res.headers.get('x-amzn-requestid'), 'x-amzn-RequestId header');
    const body = (await res.json()) as { InstanceSummaryList: InstanceSummary[] };
    const inst = body.InstanceSummaryList.find((i) => i.InstanceAlias === 'connect-local');
    assert.ok(inst, `connect-local in ${JSON.stringify(body)}`);
    assert.equal(inst.Arn, `arn:aws:connect:us-east-1:000000000000:instance/${inst.Id}`);
    assert.equal(typeof inst.CreatedTime, 'number', 'timestamps are epoch seconds on the wire');
  });

  test('an unsigned request for an unknown instance is a 404 with x-amzn-ErrorType and a JSON Message', async () => {
    const res = await fetch(`${server.url}/instance/${randomUUID()}`);
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('x-amzn-errortype'), 'ResourceNotFoundException');
    const body = (await res.json()) as { Message?: string };
    assert.equal(typeof body.Message, 'string');
    assert.ok(body.Message!.length > 0);
  });
});

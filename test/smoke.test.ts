import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeInstanceCommand } from '@aws-sdk/client-connect';
import { connectClient, defaultInstanceId, startServer } from './support/server.js';

test('a fresh server holds the default instance and answers the SDK', async () => {
  const server = await startServer({ inMemory: true });
  try {
    const client = connectClient(server.url);
    const id = await defaultInstanceId(client);
    const { Instance } = await client.send(new DescribeInstanceCommand({ InstanceId: id }));
    assert.equal(Instance?.InstanceAlias, 'connect-local');
    assert.equal(Instance?.InstanceStatus, 'ACTIVE');
    assert.ok(Instance?.CreatedTime instanceof Date);
  } finally {
    await server.stop();
  }
});

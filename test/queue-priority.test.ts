// QueuePriority is a 64-bit value (1 .. 2^63 − 1): kept exact from the request body through
// the store and the queue order to DescribeContact's answer. Raw HTTP, since the SDK itself
// reads numbers as doubles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateUserCommand, ListAgentStatusesCommand, ListRoutingProfilesCommand, ListSecurityProfilesCommand, PutUserStatusCommand } from '@aws-sdk/client-connect';
import { chatServerPerFile, local, startChat } from './support/chat.js';

const ctx = chatServerPerFile();

async function raw(method: string, path: string, body?: string): Promise<{ status: number; text: string }> {
  const res = await fetch(ctx.server.url + path, { method, headers: body ? { 'content-type': 'application/json' } : {}, body });
  return { status: res.status, text: await res.text() };
}

const setPriority = (contactId: string, digits: string) =>
  raw('POST', `/contacts/${ctx.instanceId}/${contactId}/routing-data`, `{"QueuePriority":${digits}}`);

test('priorities beyond 2^53 are stored, answered and ordered exactly', async () => {
  // as doubles all three are 9223372036854775808: only exact digits tell them apart
  const digits = ['9223372036854775807', '9223372036854775806', '9223372036854775805'];
  const chats = [];
  for (const d of digits) {
    const chat = await startChat(ctx.client, ctx.instanceId);
    assert.equal((await setPriority(chat.ContactId, d)).status, 200);
    chats.push(chat);
  }
  const described = await raw('GET', `/contacts/${ctx.instanceId}/${chats[0].ContactId}`);
  assert.match(described.text, new RegExp(`"QueuePriority":${digits[0]}[,}]`));

  // an agent taking two chats gets the two smallest priorities, though they were queued last
  const [{ RoutingProfileSummaryList }, { SecurityProfileSummaryList }, { AgentStatusSummaryList }] = await Promise.all([
    ctx.client.send(new ListRoutingProfilesCommand({ InstanceId: ctx.instanceId })),
    ctx.client.send(new ListSecurityProfilesCommand({ InstanceId: ctx.instanceId })),
    ctx.client.send(new ListAgentStatusesCommand({ InstanceId: ctx.instanceId })),
  ]);
  const user = await ctx.client.send(
    new CreateUserCommand({
      InstanceId: ctx.instanceId,
      Username: 'exact',
      Password: 'Passw0rd!',
      RoutingProfileId: RoutingProfileSummaryList![0].Id,
      SecurityProfileIds: [SecurityProfileSummaryList![0].Id!],
      PhoneConfig: { PhoneType: 'SOFT_PHONE' },
    }),
  );
  await ctx.client.send(
    new PutUserStatusCommand({ InstanceId: ctx.instanceId, UserId: user.UserId, AgentStatusId: AgentStatusSummaryList!.find((s) => s.Name === 'Available')!.Id }),
  );
  const accept = (contactId: string) => local(ctx.server.url, `/_local/instances/${ctx.instanceId}/agents/${user.UserId}/accept`, { ContactId: contactId });
  assert.equal((await accept(chats[0].ContactId)).status, 400, 'the largest priority waits');
  assert.equal((await accept(chats[1].ContactId)).status, 200);
  assert.equal((await accept(chats[2].ContactId)).status, 200);
});

test('priorities outside 1 .. 2^63 − 1 are refused with InvalidParameterException', async () => {
  const { ContactId } = await startChat(ctx.client, ctx.instanceId);
  for (const digits of ['0', '9223372036854775808', '-1']) {
    const r = await setPriority(ContactId, digits);
    assert.equal(r.status, 400, digits);
    assert.match(r.text, /QueuePriority/);
  }
});

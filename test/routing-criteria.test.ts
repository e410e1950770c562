// Routing criteria through UpdateContactRoutingData (spec routing.md §3): the active step
// decides which agents may take a contact; a step's expiry on the emulator clock hands over
// to the next; Match, Range and NotAttributeCondition; what DescribeContact shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssociateUserProficienciesCommand,
  CreatePredefinedAttributeCommand,
  DescribeContactCommand,
  ListUserProficienciesCommand,
  UpdateContactRoutingDataCommand,
  UpdateUserProficienciesCommand,
  type Expression,
  type RoutingCriteriaInputStep,
} from '@aws-sdk/client-connect';
import { advance, chatServerPerFile, startChat } from './support/chat.js';
import { agentEnv, createAgent, goAvailable, goOffline, notOffered, takes, type AgentEnv } from './support/agents.js';
import { expectError } from './support/errors.js';
import { createTestInstance } from './support/server.js';

const ctx = chatServerPerFile();

/** A fresh instance with the predefined attribute Language (French, German) and agents. */
async function fresh(): Promise<AgentEnv> {
  const instanceId = await createTestInstance(ctx.client, { prefix: 'criteria' });
  await ctx.client.send(new CreatePredefinedAttributeCommand({ InstanceId: instanceId, Name: 'Language', Values: { StringList: ['French', 'German'] } }));
  return agentEnv(ctx.client, ctx.server.url, instanceId);
}

async function agentSpeaking(env: AgentEnv, language?: string, level = 4): Promise<string> {
  const id = await createAgent(env);
  if (language) {
    await ctx.client.send(
      new AssociateUserProficienciesCommand({ InstanceId: env.instanceId, UserId: id, UserProficiencies: [{ AttributeName: 'Language', AttributeValue: language, Level: level }] }),
    );
  }
  return id;
}

const speaks = (language: string, level = 3): Expression => ({
  AttributeCondition: { Name: 'Language', Value: language, ProficiencyLevel: level, ComparisonOperator: 'NumberGreaterOrEqualTo' },
});

async function chatWithCriteria(env: AgentEnv, Steps: RoutingCriteriaInputStep[]): Promise<string> {
  const { ContactId } = await startChat(ctx.client, env.instanceId);
  await ctx.client.send(new UpdateContactRoutingDataCommand({ InstanceId: env.instanceId, ContactId, RoutingCriteria: { Steps } }));
  return ContactId;
}

const describe = async (env: AgentEnv, contactId: string) =>
  (await ctx.client.send(new DescribeContactCommand({ InstanceId: env.instanceId, ContactId: contactId }))).Contact!;

test('a step needing a proficiency nobody available has keeps the contact waiting until it expires; the next step routes it', async () => {
  const env = await fresh();
  const french = await agentSpeaking(env, 'French');
  const plain = await agentSpeaking(env);
  const contactId = await chatWithCriteria(env, [{ Expiry: { DurationInSeconds: 60 }, Expression: speaks('German') }, { Expression: speaks('French') }]);
  await goAvailable(env, plain);
  await goAvailable(env, french);
  await notOffered(env, french, [contactId]);
  await notOffered(env, plain, [contactId]);

  const waiting = (await describe(env, contactId)).RoutingCriteria!;
  assert.deepEqual(waiting.Steps!.map((s) => s.Status), ['ACTIVE', 'INACTIVE']);
  assert.equal(waiting.Steps![0].Expiry!.ExpiryTimestamp!.getTime(), waiting.ActivationTimestamp!.getTime() + 60_000);
  assert.equal(waiting.Steps![1].Expiry, undefined);
  assert.equal(waiting.Index, 0);

  await advance(ctx.server.url, 59.999);
  await notOffered(env, french, [contactId]);
  await advance(ctx.server.url, 0.001);
  await notOffered(env, plain, [contactId]);
  await takes(env, french, [contactId]);
  const joined = (await describe(env, contactId)).RoutingCriteria!;
  assert.deepEqual(joined.Steps!.map((s) => s.Status), ['EXPIRED', 'JOINED']);
});

test('after the last step expires any agent of the queue may take the contact', async () => {
  const env = await fresh();
  const plain = await agentSpeaking(env);
  // criteria set before an agent is available, as a flow sets them before the queue
  const contactId = await chatWithCriteria(env, [{ Expiry: { DurationInSeconds: 30 }, Expression: speaks('German') }]);
  await goAvailable(env, plain);
  await notOffered(env, plain, [contactId]);
  await advance(ctx.server.url, 30);
  await takes(env, plain, [contactId]);
});

/** Two agents, French at 2 (a, available first) and at 5 (b); one contact with `step`: who gets it. */
async function whoTakes(step: Expression): Promise<{ env: AgentEnv; a: string; b: string; contactId: string }> {
  const env = await fresh();
  const [a, b] = [await agentSpeaking(env, 'French', 2), await agentSpeaking(env, 'French', 5)];
  const contactId = await chatWithCriteria(env, [{ Expression: step }]);
  await goAvailable(env, a);
  await goAvailable(env, b);
  return { env, a, b, contactId };
}

test('Match routes only to the named agents', async () => {
  const { env, a, b, contactId } = await whoTakes({ AttributeCondition: { ComparisonOperator: 'Match', MatchCriteria: { AgentsCriteria: { AgentIds: ['someone-else'] } } } });
  await notOffered(env, a, [contactId]);
  await notOffered(env, b, [contactId]);
  const named = await whoTakes({ AttributeCondition: { ComparisonOperator: 'Match', MatchCriteria: { AgentsCriteria: { AgentIds: [] } } } }).catch((e: Error) => e);
  assert.ok(named instanceof Error && named.name === 'InvalidParameterException', 'Match names at least one agent');
  const second = await fresh();
  const [x, y] = [await agentSpeaking(second), await agentSpeaking(second)];
  const only = await chatWithCriteria(second, [{ Expression: { AttributeCondition: { ComparisonOperator: 'Match', MatchCriteria: { AgentsCriteria: { AgentIds: [y] } } } } }]);
  await goAvailable(second, x);
  await goAvailable(second, y);
  await notOffered(second, x, [only]);
  await takes(second, y, [only]);
});

test('NotAttributeCondition excludes the agents that match it', async () => {
  const { env, a, b, contactId } = await whoTakes({
    NotAttributeCondition: { Name: 'Language', Value: 'French', ProficiencyLevel: 5, ComparisonOperator: 'NumberGreaterOrEqualTo' },
  });
  await notOffered(env, b, [contactId]);
  await takes(env, a, [contactId]);
});

test('Range bounds the level from both sides', async () => {
  const { env, a, b, contactId } = await whoTakes({
    AttributeCondition: { Name: 'Language', Value: 'French', Range: { MinProficiencyLevel: 4, MaxProficiencyLevel: 5 }, ComparisonOperator: 'Range' },
  });
  await notOffered(env, a, [contactId]);
  await takes(env, b, [contactId]);
});

test('a new proficiency lets a waiting contact go to the agent at once; new criteria replace the old with the next Index', async () => {
  const env = await fresh();
  const agent = await agentSpeaking(env, 'French', 1);
  const contactId = await chatWithCriteria(env, [{ Expression: { AndExpression: [speaks('French', 3), speaks('German', 1)] } }]);
  await goAvailable(env, agent);
  await notOffered(env, agent, [contactId]);
  // the second criteria replace the first: French at 1 is enough now, and the agent has it
  await ctx.client.send(
    new UpdateContactRoutingDataCommand({ InstanceId: env.instanceId, ContactId: contactId, RoutingCriteria: { Steps: [{ Expression: { OrExpression: [speaks('French', 1), speaks('German', 5)] } }] } }),
  );
  assert.equal((await describe(env, contactId)).RoutingCriteria!.Index, 1);
  await takes(env, agent, [contactId]);

  // proficiencies: a waiting contact goes to the agent once it has the skill (the first agent,
  // who would take it before its criteria are set, goes offline after its chat)
  await goOffline(env, agent);
  const second = await chatWithCriteria(env, [{ Expression: speaks('German', 2) }]);
  const learner = await agentSpeaking(env, 'German', 1);
  await goAvailable(env, learner);
  await notOffered(env, learner, [second]);
  await ctx.client.send(
    new UpdateUserProficienciesCommand({ InstanceId: env.instanceId, UserId: learner, UserProficiencies: [{ AttributeName: 'Language', AttributeValue: 'German', Level: 2 }] }),
  );
  await takes(env, learner, [second]);
  const { UserProficiencyList } = await ctx.client.send(new ListUserProficienciesCommand({ InstanceId: env.instanceId, UserId: learner }));
  assert.deepEqual(UserProficiencyList, [{ AttributeName: 'Language', AttributeValue: 'German', Level: 2 }]);
});

test('criteria and proficiencies are checked: operators, required fields, steps, predefined values', async () => {
  const env = await fresh();
  const { ContactId } = await startChat(ctx.client, env.instanceId);
  const update = (Steps: RoutingCriteriaInputStep[]) =>
    ctx.client.send(new UpdateContactRoutingDataCommand({ InstanceId: env.instanceId, ContactId, RoutingCriteria: { Steps } }));
  await expectError(update([{ Expression: { AttributeCondition: { Name: 'Language', Value: 'French', ComparisonOperator: 'Bigger' } } }]), 'InvalidParameterException', 'ComparisonOperator');
  await expectError(update([{ Expression: { AttributeCondition: { Name: 'Language', Value: 'French', ComparisonOperator: 'NumberGreaterOrEqualTo' } } }]), 'InvalidParameterException', 'ProficiencyLevel');
  await expectError(update([]), 'InvalidParameterException', 'Steps');
  await expectError(update(Array.from({ length: 6 }, () => ({ Expression: speaks('French') }))), 'InvalidParameterException', 'Steps');
  await expectError(update([{ Expression: { ...speaks('French'), OrExpression: [speaks('German')] } }]), 'InvalidParameterException', 'exactly one');
  const agent = await createAgent(env);
  await expectError(
    ctx.client.send(
      new AssociateUserProficienciesCommand({ InstanceId: env.instanceId, UserId: agent, UserProficiencies: [{ AttributeName: 'Language', AttributeValue: 'Klingon', Level: 3 }] }),
    ),
    'InvalidRequestException',
    'predefined attribute',
  );
  await expectError(
    ctx.client.send(
      new UpdateUserProficienciesCommand({ InstanceId: env.instanceId, UserId: agent, UserProficiencies: [{ AttributeName: 'Language', AttributeValue: 'French', Level: 3 }] }),
    ),
    'InvalidRequestException',
    'not a proficiency',
  );
});

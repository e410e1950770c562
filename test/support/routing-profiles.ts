// Routing profiles for tests: a fresh instance with queues to put in them, a profile made in
// one line, queue configs in one line, and a profile's pairs read back in full.
import { randomUUID } from 'node:crypto';
import {
  CreateQueueCommand,
  CreateRoutingProfileCommand,
  DescribeRoutingProfileCommand,
  ListHoursOfOperationsCommand,
  ListQueuesCommand,
  ListRoutingProfileQueuesCommand,
  ListRoutingProfilesCommand,
  type Channel,
  type ConnectClient,
  type CreateRoutingProfileCommandInput,
  type RoutingProfile,
  type RoutingProfileQueueConfig,
  type RoutingProfileQueueConfigSummary,
} from '@aws-sdk/client-connect';
import { createTestInstance } from './server.js';

export interface RoutingSetup {
  instanceId: string;
  basicQueue: string;
  basicProfile: string;
  /** three new standard queues, named Sales, Support and Billing */
  sales: string;
  support: string;
  billing: string;
}

/** A fresh instance: the ids of its BasicQueue and Basic Routing Profile, and three new queues. */
export async function routingSetup(client: ConnectClient): Promise<RoutingSetup> {
  const instanceId = await createTestInstance(client, { prefix: 'rp' });
  const { HoursOfOperationSummaryList } = await client.send(new ListHoursOfOperationsCommand({ InstanceId: instanceId }));
  const hoursId = HoursOfOperationSummaryList![0].Id!;
  const queue = async (Name: string) => (await client.send(new CreateQueueCommand({ InstanceId: instanceId, Name, HoursOfOperationId: hoursId }))).QueueId!;
  const { QueueSummaryList } = await client.send(new ListQueuesCommand({ InstanceId: instanceId }));
  const basicQueue = QueueSummaryList!.find((q) => q.Name === 'BasicQueue')!.Id!;
  const { RoutingProfileSummaryList } = await client.send(new ListRoutingProfilesCommand({ InstanceId: instanceId }));
  const basicProfile = RoutingProfileSummaryList!.find((r) => r.Name === 'Basic Routing Profile')!.Id!;
  return { instanceId, basicQueue, basicProfile, sales: await queue('Sales'), support: await queue('Support'), billing: await queue('Billing') };
}

/** CreateRoutingProfile on the setup's instance: a fresh name, BasicQueue for outbound, 3 chats at once, unless `input` says otherwise. */
export const createProfile = (client: ConnectClient, s: RoutingSetup, input: Partial<CreateRoutingProfileCommandInput> = {}) =>
  client.send(
    new CreateRoutingProfileCommand({
      InstanceId: s.instanceId,
      Name: `rp-${randomUUID().slice(0, 8)}`,
      Description: 'a profile',
      DefaultOutboundQueueId: s.basicQueue,
      MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 3 }],
      ...input,
    }),
  );

export const queueConfig = (QueueId: string, Channel: Channel, Priority = 1, Delay = 0): RoutingProfileQueueConfig => ({
  QueueReference: { QueueId, Channel },
  Priority,
  Delay,
});

/** Every page of ListRoutingProfileQueues. */
export async function profileQueues(client: ConnectClient, InstanceId: string, RoutingProfileId: string): Promise<RoutingProfileQueueConfigSummary[]> {
  const out: RoutingProfileQueueConfigSummary[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(new ListRoutingProfileQueuesCommand({ InstanceId, RoutingProfileId, NextToken }));
    out.push(...(page.RoutingProfileQueueConfigSummaryList ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}

/** Pairs as sortable text: `QueueName/Channel/Priority/Delay`. */
export const pairs = (list: RoutingProfileQueueConfigSummary[]): string[] => list.map((c) => `${c.QueueName}/${c.Channel}/${c.Priority}/${c.Delay}`).sort();

export const describeProfile = async (client: ConnectClient, InstanceId: string, RoutingProfileId: string): Promise<RoutingProfile> =>
  (await client.send(new DescribeRoutingProfileCommand({ InstanceId, RoutingProfileId }))).RoutingProfile!;

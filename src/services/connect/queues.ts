// Queues: CreateQueue, the UpdateQueue* operations, DescribeQueue and ListQueues (standard
// queues and the agent queue of each user).
import type * as C from '../../generated/connect.types.js';
import {
  QUEUE,
  createQueue,
  getQueue,
  renameQueue,
  setQueueHours,
  setQueueMaxContacts,
  setQueueOutboundCallerConfig,
  setQueueStatus,
  type StoredQueue,
} from '../../engine/queues.js';
import { asOutput } from '../../engine/resources.js';
import type { HandlerTable } from '../handler.js';
import { anyOf, instanceIdFor, listOfInstance } from './instance-resources.js';

export const queueHandlers: HandlerTable<C.Operations> = {
  async CreateQueue({ InstanceId, ...params }, ctx) {
    const queue = await createQueue(ctx.work, ctx, await instanceIdFor(ctx, InstanceId), params);
    return { QueueId: queue.QueueId, QueueArn: queue.QueueArn };
  },

  async DescribeQueue(input, ctx) {
    const { data } = await getQueue(ctx.work, ctx, await instanceIdFor(ctx, input.InstanceId), input.QueueId);
    // the output writer keeps only the members of Queue
    return { Queue: asOutput<C.Queue>(data) };
  },

  async ListQueues(input, ctx) {
    const page = await listOfInstance<StoredQueue, C.QueueSummary>(
      ctx,
      input,
      QUEUE,
      // agent queues have no name
      ({ data: q }) => ({ Id: q.QueueId, Arn: q.QueueArn, Name: q.Name, QueueType: q.QueueType, LastModifiedTime: q.LastModifiedTime, LastModifiedRegion: q.LastModifiedRegion }),
      anyOf('QueueType', input.QueueTypes),
    );
    return { QueueSummaryList: page.items, NextToken: page.NextToken };
  },

  async UpdateQueueName(input, ctx) {
    await renameQueue(ctx.work, ctx, await instanceIdFor(ctx, input.InstanceId), input.QueueId, input);
    return {};
  },

  async UpdateQueueStatus(input, ctx) {
    await setQueueStatus(ctx.work, ctx, await instanceIdFor(ctx, input.InstanceId), input.QueueId, input.Status);
    return {};
  },

  async UpdateQueueMaxContacts(input, ctx) {
    await setQueueMaxContacts(ctx.work, ctx, await instanceIdFor(ctx, input.InstanceId), input.QueueId, input.MaxContacts);
    return {};
  },

  async UpdateQueueHoursOfOperation(input, ctx) {
    await setQueueHours(ctx.work, ctx, await instanceIdFor(ctx, input.InstanceId), input.QueueId, input.HoursOfOperationId);
    return {};
  },

  async UpdateQueueOutboundCallerConfig(input, ctx) {
    await setQueueOutboundCallerConfig(ctx.work, ctx, await instanceIdFor(ctx, input.InstanceId), input.QueueId, input.OutboundCallerConfig);
    return {};
  },
};

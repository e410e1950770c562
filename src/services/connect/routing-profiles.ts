// Routing profiles: CreateRoutingProfile, the queue associations and their priority and delay,
// concurrency, name, default outbound queue, availability timer; Describe and the lists.
import type * as C from '../../generated/connect.types.js';
import { asOutput } from '../../engine/resources.js';
import {
  ROUTING_PROFILE,
  associateRoutingProfileQueues,
  createRoutingProfile,
  describeRoutingProfile,
  disassociateRoutingProfileQueues,
  getRoutingProfile,
  profileManualQueues,
  profileQueues,
  renameRoutingProfile,
  setAgentAvailabilityTimer,
  setDefaultOutboundQueue,
  setRoutingProfileConcurrency,
  updateRoutingProfileQueues,
  type StoredRoutingProfile,
} from '../../engine/routing-profiles.js';
import type { Work } from '../../engine/work.js';
import type { Partition } from '../../store/store.js';
import type { HandlerTable, RequestContext } from '../handler.js';
import { pageOfArray } from '../pagination.js';
import { instanceIdFor, listOfInstance } from './instance-resources.js';

interface ProfileListInput {
  InstanceId: string;
  RoutingProfileId: string;
  NextToken?: string;
  MaxResults?: number;
}

/** One page of a list computed from the profile (its routed or its manual queues), with the profile's last change. */
async function pageOfProfile<T>(
  ctx: RequestContext,
  input: ProfileListInput,
  listOf: (w: Work, p: Partition, instanceId: string, rp: StoredRoutingProfile) => Promise<T[]>,
) {
  const instanceId = await instanceIdFor(ctx, input.InstanceId);
  const { data: rp } = await getRoutingProfile(ctx.work, ctx, instanceId, input.RoutingProfileId);
  const all = await listOf(ctx.work, ctx, instanceId, rp);
  const page = pageOfArray(ctx, `${instanceId}/${rp.RoutingProfileId}`, all, input.NextToken, input.MaxResults);
  return { ...page, LastModifiedTime: asOutput<Date>(rp.LastModifiedTime!), LastModifiedRegion: rp.LastModifiedRegion };
}

export const routingProfileHandlers: HandlerTable<C.Operations> = {
  async CreateRoutingProfile({ InstanceId, ...params }, ctx) {
    const rp = await createRoutingProfile(ctx.work, ctx, await instanceIdFor(ctx, InstanceId), params);
    return { RoutingProfileId: rp.RoutingProfileId, RoutingProfileArn: rp.RoutingProfileArn };
  },

  async DescribeRoutingProfile(input, ctx) {
    const rp = await describeRoutingProfile(ctx.work, ctx, await instanceIdFor(ctx, input.InstanceId), input.RoutingProfileId);
    // the output writer keeps only the members of RoutingProfile
    return { RoutingProfile: asOutput<C.RoutingProfile>(rp) };
  },

  async ListRoutingProfiles(input, ctx) {
    const page = await listOfInstance<StoredRoutingProfile, C.RoutingProfileSummary>(ctx, input, ROUTING_PROFILE, ({ data: r }) => ({
      Id: r.RoutingProfileId,
      Arn: r.RoutingProfileArn,
      Name: r.Name,
      LastModifiedTime: r.LastModifiedTime,
      LastModifiedRegion: r.LastModifiedRegion,
    }));
    return { RoutingProfileSummaryList: page.items, NextToken: page.NextToken };
  },

  async ListRoutingProfileQueues(input, ctx) {
    const { items, ...page } = await pageOfProfile(ctx, input, profileQueues);
    return { RoutingProfileQueueConfigSummaryList: asOutput<C.RoutingProfileQueueConfigSummary[]>(items), ...page };
  },

  async ListRoutingProfileManualAssignmentQueues(input, ctx) {
    const { items, ...page } = await pageOfProfile(ctx, input, profileManualQueues);
    return { RoutingProfileManualAssignmentQueueConfigSummaryList: asOutput<C.RoutingProfileManualAssignmentQueueConfigSummary[]>(items), ...page };
  },

  async AssociateRoutingProfileQueues(input, ctx) {
    await associateRoutingProfileQueues(ctx.work, ctx, await instanceIdFor(ctx, input.InstanceId), input.RoutingProfileId, input);
    return {};
  },

  async DisassociateRoutingProfileQueues(input, ctx) {
    await disassociateRoutingProfileQueues(ctx.work, ctx, await instanceIdFor(ctx, input.InstanceId), input.RoutingProfileId, input);
    return {};
  },

  async UpdateRoutingProfileQueues(input, ctx) {
    await updateRoutingProfileQueues(ctx.work, ctx, await instanceIdFor(ctx, input.InstanceId), input.RoutingProfileId, input.QueueConfigs);
    return {};
  },

  async UpdateRoutingProfileConcurrency(input, ctx) {
    await setRoutingProfileConcurrency(ctx.work, ctx, await instanceIdFor(ctx, input.InstanceId), input.RoutingProfileId, input.MediaConcurrencies);
    return {};
  },

  async UpdateRoutingProfileName(input, ctx) {
    await renameRoutingProfile(ctx.work, ctx, await instanceIdFor(ctx, input.InstanceId), input.RoutingProfileId, input);
    return {};
  },

  async UpdateRoutingProfileDefaultOutboundQueue(input, ctx) {
    await setDefaultOutboundQueue(ctx.work, ctx, await instanceIdFor(ctx, input.InstanceId), input.RoutingProfileId, input.DefaultOutboundQueueId);
    return {};
  },

  async UpdateRoutingProfileAgentAvailabilityTimer(input, ctx) {
    await setAgentAvailabilityTimer(ctx.work, ctx, await instanceIdFor(ctx, input.InstanceId), input.RoutingProfileId, input.AgentAvailabilityTimer);
    return {};
  },
};

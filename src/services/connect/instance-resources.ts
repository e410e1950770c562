// Describe and list the resources every instance holds: queues, routing profiles, contact
// flows, agent statuses, hours of operation, security profiles. Stored data may hold more
// than a Describe answers (a queue's type, a profile's queue configs): the output writer
// keeps only the members of the output shape.
import type * as C from '../../generated/connect.types.js';
import type {
  AgentStatusData,
  ContactFlowData,
  HoursOfOperationData,
  QueueData,
  RoutingProfileData,
  SecurityProfileData,
} from '../../engine/instance-defaults.js';
import { getInstance } from '../../engine/instances.js';
import { asOutput, type InstanceChildKind, type Persisted } from '../../engine/resources.js';
import { notFound } from '../../protocol/errors.js';
import type { StoredRecord } from '../../store/store.js';
import type { HandlerTable, RequestContext } from '../handler.js';
import { pageOfRecords } from '../pagination.js';

async function describe<T>(ctx: RequestContext, instance: string, kind: InstanceChildKind, id: string, what: string): Promise<T> {
  const { id: instanceId } = await getInstance(ctx.tx, ctx, instance);
  const rec = await ctx.tx.get<T>(ctx, kind, instanceId, id);
  if (!rec) throw notFound(what, id);
  return rec.data;
}

interface ListInput {
  InstanceId: string;
  NextToken?: string;
  MaxResults?: number;
}

async function list<T, S>(
  ctx: RequestContext,
  input: ListInput,
  kind: InstanceChildKind,
  summary: (r: StoredRecord<T>) => Persisted<S>,
  where?: Record<string, string[]>,
): Promise<{ items: S[]; NextToken?: string }> {
  const { id: instanceId } = await getInstance(ctx.tx, ctx, input.InstanceId);
  const page = await pageOfRecords<T>(ctx, { kind, scope: instanceId, where }, input.NextToken, input.MaxResults);
  return { items: page.items.map((r) => asOutput<S>(summary(r))), NextToken: page.NextToken };
}

/** a filter on one field from a list-typed query member; none when the list is empty */
const anyOf = (field: string, values: string[] | undefined) => (values?.length ? { [field]: values } : undefined);

export const instanceResourceHandlers: HandlerTable<C.Operations> = {
  async DescribeQueue(input, ctx) {
    const queue = await describe<QueueData>(ctx, input.InstanceId, 'queue', input.QueueId, 'Queue');
    return { Queue: asOutput<C.Queue>(queue) };
  },

  async ListQueues(input, ctx) {
    const page = await list<QueueData, C.QueueSummary>(
      ctx,
      input,
      'queue',
      ({ data: q }) => ({ Id: q.QueueId, Arn: q.QueueArn, Name: q.Name, QueueType: q.QueueType, LastModifiedTime: q.LastModifiedTime, LastModifiedRegion: q.LastModifiedRegion }),
      anyOf('QueueType', input.QueueTypes),
    );
    return { QueueSummaryList: page.items, NextToken: page.NextToken };
  },

  async DescribeRoutingProfile(input, ctx) {
    const rp = await describe<RoutingProfileData>(ctx, input.InstanceId, 'routing-profile', input.RoutingProfileId, 'Routing profile');
    return { RoutingProfile: asOutput<C.RoutingProfile>(rp) };
  },

  async ListRoutingProfiles(input, ctx) {
    const page = await list<RoutingProfileData, C.RoutingProfileSummary>(ctx, input, 'routing-profile', ({ data: r }) => ({
      Id: r.RoutingProfileId,
      Arn: r.RoutingProfileArn,
      Name: r.Name,
      LastModifiedTime: r.LastModifiedTime,
      LastModifiedRegion: r.LastModifiedRegion,
    }));
    return { RoutingProfileSummaryList: page.items, NextToken: page.NextToken };
  },

  async DescribeContactFlow(input, ctx) {
    const flow = await describe<ContactFlowData>(ctx, input.InstanceId, 'contact-flow', input.ContactFlowId, 'Contact flow');
    return { ContactFlow: asOutput<C.ContactFlow>(flow) };
  },

  async ListContactFlows(input, ctx) {
    const page = await list<ContactFlowData, C.ContactFlowSummary>(
      ctx,
      input,
      'contact-flow',
      ({ data: f }) => ({ Id: f.Id, Arn: f.Arn, Name: f.Name, ContactFlowType: f.Type, ContactFlowState: f.State, ContactFlowStatus: f.Status }),
      anyOf('Type', input.ContactFlowTypes),
    );
    return { ContactFlowSummaryList: page.items, NextToken: page.NextToken };
  },

  async DescribeAgentStatus(input, ctx) {
    const status = await describe<AgentStatusData>(ctx, input.InstanceId, 'agent-status', input.AgentStatusId, 'Agent status');
    return { AgentStatus: asOutput<C.AgentStatus>(status) };
  },

  async ListAgentStatuses(input, ctx) {
    const page = await list<AgentStatusData, C.AgentStatusSummary>(
      ctx,
      input,
      'agent-status',
      ({ data: s }) => ({ Id: s.AgentStatusId, Arn: s.AgentStatusARN, Name: s.Name, Type: s.Type, LastModifiedTime: s.LastModifiedTime, LastModifiedRegion: s.LastModifiedRegion }),
      anyOf('Type', input.AgentStatusTypes),
    );
    return { AgentStatusSummaryList: page.items, NextToken: page.NextToken };
  },

  async DescribeHoursOfOperation(input, ctx) {
    const hours = await describe<HoursOfOperationData>(ctx, input.InstanceId, 'hours-of-operation', input.HoursOfOperationId, 'Hours of operation');
    return { HoursOfOperation: asOutput<C.HoursOfOperation>(hours) };
  },

  async ListHoursOfOperations(input, ctx) {
    const page = await list<HoursOfOperationData, C.HoursOfOperationSummary>(ctx, input, 'hours-of-operation', ({ data: h }) => ({
      Id: h.HoursOfOperationId,
      Arn: h.HoursOfOperationArn,
      Name: h.Name,
      LastModifiedTime: h.LastModifiedTime,
      LastModifiedRegion: h.LastModifiedRegion,
    }));
    return { HoursOfOperationSummaryList: page.items, NextToken: page.NextToken };
  },

  async DescribeSecurityProfile(input, ctx) {
    const profile = await describe<SecurityProfileData>(ctx, input.InstanceId, 'security-profile', input.SecurityProfileId, 'Security profile');
    return { SecurityProfile: asOutput<C.SecurityProfile>(profile) };
  },

  async ListSecurityProfiles(input, ctx) {
    const page = await list<SecurityProfileData, C.SecurityProfileSummary>(ctx, input, 'security-profile', ({ data: s }) => ({
      Id: s.Id,
      Arn: s.Arn,
      Name: s.SecurityProfileName,
      LastModifiedTime: s.LastModifiedTime,
      LastModifiedRegion: s.LastModifiedRegion,
    }));
    return { SecurityProfileSummaryList: page.items, NextToken: page.NextToken };
  },
};

// Describe and list the resources every instance holds that nothing else manages yet: hours of
// operation (created, changed and deleted in engine/hours-of-operation.ts), security profiles (queues, routing profiles, agent statuses and contact flows have
// files of their own). Stored data may hold more than a Describe answers: the output
// writer keeps only the members of the output shape.
import type * as C from '../../generated/connect.types.js';
import type { HoursOfOperationData, SecurityProfileData } from '../../engine/instance-defaults.js';
import { createHours, deleteHours, updateHours } from '../../engine/hours-of-operation.js';
import { getRecord } from '../../engine/instance-records.js';
import { getInstance } from '../../engine/instances.js';
import { asOutput, type InstanceChildKind, type Persisted } from '../../engine/resources.js';
import type { StoredRecord } from '../../store/store.js';
import type { HandlerTable, RequestContext } from '../handler.js';
import { pageOfRecords } from '../pagination.js';

/** The id of the instance named by an id or ARN (ResourceNotFoundException when there is none). */
export const instanceIdFor = async (ctx: RequestContext, instance: string): Promise<string> => (await getInstance(ctx.tx, ctx, instance)).id;

async function describe<T>(ctx: RequestContext, instance: string, kind: InstanceChildKind, id: string, what: string): Promise<T> {
  return (await getRecord<T>(ctx.tx, ctx, kind, await instanceIdFor(ctx, instance), id, what)).data;
}

interface ListInput {
  InstanceId: string;
  NextToken?: string;
  MaxResults?: number;
}

/** One page of the records of `kind` in the instance, as summaries. */
export async function listOfInstance<T, S>(
  ctx: RequestContext,
  input: ListInput,
  kind: string,
  summary: (r: StoredRecord<T>) => Persisted<S>,
  where?: Record<string, string[]>,
): Promise<{ items: S[]; NextToken?: string }> {
  const instanceId = await instanceIdFor(ctx, input.InstanceId);
  const page = await pageOfRecords<T>(ctx, { kind, scope: instanceId, where }, input.NextToken, input.MaxResults);
  return { items: page.items.map((r) => asOutput<S>(summary(r))), NextToken: page.NextToken };
}

/** a filter on one field from a list-typed query member; none when the list is empty */
export const anyOf = (field: string, values: string[] | undefined) => (values?.length ? { [field]: values } : undefined);

export const instanceResourceHandlers: HandlerTable<C.Operations> = {
  async CreateHoursOfOperation({ InstanceId, ...input }, ctx) {
    const hours = await createHours(ctx.work, ctx, await instanceIdFor(ctx, InstanceId), input);
    return { HoursOfOperationId: hours.HoursOfOperationId, HoursOfOperationArn: hours.HoursOfOperationArn };
  },

  async UpdateHoursOfOperation({ InstanceId, ...input }, ctx) {
    await updateHours(ctx.work, ctx, await instanceIdFor(ctx, InstanceId), input);
    return {};
  },

  async DeleteHoursOfOperation(input, ctx) {
    await deleteHours(ctx.work, ctx, await instanceIdFor(ctx, input.InstanceId), input.HoursOfOperationId);
    return {};
  },

  async DescribeHoursOfOperation(input, ctx) {
    const hours = await describe<HoursOfOperationData>(ctx, input.InstanceId, 'hours-of-operation', input.HoursOfOperationId, 'Hours of operation');
    return { HoursOfOperation: asOutput<C.HoursOfOperation>(hours) };
  },

  async ListHoursOfOperations(input, ctx) {
    const page = await listOfInstance<HoursOfOperationData, C.HoursOfOperationSummary>(ctx, input, 'hours-of-operation', ({ data: h }) => ({
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
    const page = await listOfInstance<SecurityProfileData, C.SecurityProfileSummary>(ctx, input, 'security-profile', ({ data: s }) => ({
      Id: s.Id,
      Arn: s.Arn,
      Name: s.SecurityProfileName,
      LastModifiedTime: s.LastModifiedTime,
      LastModifiedRegion: s.LastModifiedRegion,
    }));
    return { SecurityProfileSummaryList: page.items, NextToken: page.NextToken };
  },
};

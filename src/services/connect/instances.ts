// CreateInstance, DescribeInstance, ListInstances, DeleteInstance.
import type * as C from '../../generated/connect.types.js';
import { asOutput, INSTANCE } from '../../engine/resources.js';
import { createInstance, deleteInstance, getInstance, instanceView, type InstanceData } from '../../engine/instances.js';
import type { HandlerTable } from '../handler.js';
import { pageOfRecords } from '../pagination.js';

export const instanceHandlers: HandlerTable<C.Operations> = {
  async CreateInstance(input, ctx) {
    const data = await createInstance(ctx.tx, ctx, input, ctx.now);
    return { Id: data.Id, Arn: data.Arn };
  },

  async DescribeInstance(input, ctx) {
    const { data } = await getInstance(ctx.tx, ctx, input.InstanceId);
    return { Instance: asOutput<C.Instance>(instanceView(data)) };
  },

  async ListInstances(input, ctx) {
    const page = await pageOfRecords<InstanceData>(ctx, { kind: INSTANCE, scope: '' }, input.NextToken, input.MaxResults);
    return {
      // the output writer keeps only the members of InstanceSummary
      InstanceSummaryList: page.items.map((r) => asOutput<C.InstanceSummary>(instanceView(r.data))),
      NextToken: page.NextToken,
    };
  },

  async DeleteInstance(input, ctx) {
    await deleteInstance(ctx.tx, ctx, input.InstanceId);
    return {};
  },
};

// DescribeInstanceAttribute, UpdateInstanceAttribute, ListInstanceAttributes.
import type { Operations } from '../../generated/connect.types.js';
import { ATTRIBUTE_TYPES, getInstance, setAttribute } from '../../engine/instances.js';
import type { HandlerTable } from '../handler.js';
import { pageOfArray } from '../pagination.js';

export const instanceAttributeHandlers: HandlerTable<Operations> = {
  async DescribeInstanceAttribute(input, ctx) {
    const { data } = await getInstance(ctx.tx, ctx, input.InstanceId);
    return { Attribute: { AttributeType: input.AttributeType, Value: data.Attributes[input.AttributeType] ?? 'false' } };
  },

  async UpdateInstanceAttribute(input, ctx) {
    const instance = await getInstance(ctx.tx, ctx, input.InstanceId);
    await setAttribute(ctx.tx, ctx, instance, input.AttributeType, input.Value);
    return {};
  },

  async ListInstanceAttributes(input, ctx) {
    const { id, data } = await getInstance(ctx.tx, ctx, input.InstanceId);
    const all = ATTRIBUTE_TYPES.map((AttributeType) => ({ AttributeType, Value: data.Attributes[AttributeType] ?? 'false' }));
    const page = pageOfArray(ctx, id, all, input.NextToken, input.MaxResults);
    return { Attributes: page.items, NextToken: page.NextToken };
  },
};

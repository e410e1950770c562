// Predefined attributes: Create, Describe, List, Update, Delete. Addressed by name.
import type * as C from '../../generated/connect.types.js';
import {
  PREDEFINED_ATTRIBUTE,
  createPredefinedAttribute,
  deletePredefinedAttribute,
  getPredefinedAttribute,
  updatePredefinedAttribute,
  type PredefinedAttributeData,
} from '../../engine/predefined-attributes.js';
import { asOutput } from '../../engine/resources.js';
import type { HandlerTable } from '../handler.js';
import { instanceIdFor, listOfInstance } from './instance-resources.js';

export const predefinedAttributeHandlers: HandlerTable<C.Operations> = {
  async CreatePredefinedAttribute({ InstanceId, Name, ...params }, ctx) {
    await createPredefinedAttribute(ctx.work, ctx, await instanceIdFor(ctx, InstanceId), Name, params);
    return {};
  },

  async DescribePredefinedAttribute(input, ctx) {
    const { data } = await getPredefinedAttribute(ctx.work, ctx, await instanceIdFor(ctx, input.InstanceId), input.Name);
    return { PredefinedAttribute: asOutput<C.PredefinedAttribute>(data) };
  },

  async ListPredefinedAttributes(input, ctx) {
    const page = await listOfInstance<PredefinedAttributeData, C.PredefinedAttributeSummary>(ctx, input, PREDEFINED_ATTRIBUTE, ({ data: a }) => ({
      Name: a.Name,
      LastModifiedTime: a.LastModifiedTime,
      LastModifiedRegion: a.LastModifiedRegion,
    }));
    return { PredefinedAttributeSummaryList: page.items, NextToken: page.NextToken };
  },

  async UpdatePredefinedAttribute({ InstanceId, Name, ...change }, ctx) {
    await updatePredefinedAttribute(ctx.work, ctx, await instanceIdFor(ctx, InstanceId), Name, change);
    return {};
  },

  async DeletePredefinedAttribute(input, ctx) {
    await deletePredefinedAttribute(ctx.work, ctx, await instanceIdFor(ctx, input.InstanceId), input.Name);
    return {};
  },
};

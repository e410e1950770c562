// Contact flows: CreateContactFlow, the UpdateContactFlow* operations, DescribeContactFlow
// (published content, or `{id}:$SAVED`), ListContactFlows and DeleteContactFlow.
import type * as C from '../../generated/connect.types.js';
import {
  CONTACT_FLOW,
  createFlow,
  deleteFlow,
  describeFlow,
  renameFlow,
  updateFlowContent,
  updateFlowMetadata,
  type StoredFlow,
} from '../../engine/contact-flows.js';
import { asOutput } from '../../engine/resources.js';
import type { HandlerTable } from '../handler.js';
import { anyOf, instanceIdFor, listOfInstance } from './instance-resources.js';

export const contactFlowHandlers: HandlerTable<C.Operations> = {
  async CreateContactFlow({ InstanceId, ...params }, ctx) {
    const flow = await createFlow(ctx.work, ctx, await instanceIdFor(ctx, InstanceId), params);
    return { ContactFlowId: flow.Id, ContactFlowArn: flow.Arn };
  },

  async DescribeContactFlow(input, ctx) {
    const flow = await describeFlow(ctx.work, ctx, await instanceIdFor(ctx, input.InstanceId), input.ContactFlowId);
    // the output writer keeps only the members of ContactFlow (not SavedContent)
    return { ContactFlow: asOutput<C.ContactFlow>(flow) };
  },

  async ListContactFlows(input, ctx) {
    const page = await listOfInstance<StoredFlow, C.ContactFlowSummary>(
      ctx,
      input,
      CONTACT_FLOW,
      ({ data: f }) => ({ Id: f.Id, Arn: f.Arn, Name: f.Name, ContactFlowType: f.Type, ContactFlowState: f.State, ContactFlowStatus: f.Status }),
      anyOf('Type', input.ContactFlowTypes),
    );
    return { ContactFlowSummaryList: page.items, NextToken: page.NextToken };
  },

  async UpdateContactFlowContent(input, ctx) {
    await updateFlowContent(ctx.work, ctx, await instanceIdFor(ctx, input.InstanceId), input.ContactFlowId, input.Content);
    return {};
  },

  async UpdateContactFlowMetadata(input, ctx) {
    await updateFlowMetadata(ctx.work, ctx, await instanceIdFor(ctx, input.InstanceId), input.ContactFlowId, input);
    return {};
  },

  async UpdateContactFlowName(input, ctx) {
    await renameFlow(ctx.work, ctx, await instanceIdFor(ctx, input.InstanceId), input.ContactFlowId, input);
    return {};
  },

  async DeleteContactFlow(input, ctx) {
    await deleteFlow(ctx.work, ctx, await instanceIdFor(ctx, input.InstanceId), input.ContactFlowId);
    return {};
  },
};

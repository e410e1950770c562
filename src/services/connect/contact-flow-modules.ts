// Contact flow modules: CreateContactFlowModule, DescribeContactFlowModule,
// ListContactFlowModules, UpdateContactFlowModuleContent, UpdateContactFlowModuleMetadata and
// DeleteContactFlowModule.
import type * as C from '../../generated/connect.types.js';
import {
  CONTACT_FLOW_MODULE,
  createModule,
  deleteModule,
  loadModule,
  updateModuleContent,
  updateModuleMetadata,
  type StoredModule,
} from '../../engine/contact-flow-modules.js';
import { asOutput } from '../../engine/resources.js';
import type { HandlerTable } from '../handler.js';
import { anyOf, instanceIdFor, listOfInstance } from './instance-resources.js';

export const contactFlowModuleHandlers: HandlerTable<C.Operations> = {
  async CreateContactFlowModule({ InstanceId, ...params }, ctx) {
    const m = await createModule(ctx.work, ctx, await instanceIdFor(ctx, InstanceId), params);
    return { Id: m.Id, Arn: m.Arn };
  },

  async DescribeContactFlowModule(input, ctx) {
    const rec = await loadModule(ctx.work, ctx, await instanceIdFor(ctx, input.InstanceId), input.ContactFlowModuleId);
    return { ContactFlowModule: asOutput<C.ContactFlowModule>(rec.data) };
  },

  async ListContactFlowModules(input, ctx) {
    const page = await listOfInstance<StoredModule, C.ContactFlowModuleSummary>(
      ctx,
      input,
      CONTACT_FLOW_MODULE,
      ({ data: m }) => ({ Id: m.Id, Arn: m.Arn, Name: m.Name, State: m.State }),
      anyOf('State', input.ContactFlowModuleState ? [input.ContactFlowModuleState] : undefined),
    );
    return { ContactFlowModulesSummaryList: page.items, NextToken: page.NextToken };
  },

  async UpdateContactFlowModuleContent(input, ctx) {
    await updateModuleContent(ctx.work, ctx, await instanceIdFor(ctx, input.InstanceId), input.ContactFlowModuleId, input);
    return {};
  },

  async UpdateContactFlowModuleMetadata(input, ctx) {
    await updateModuleMetadata(ctx.work, ctx, await instanceIdFor(ctx, input.InstanceId), input.ContactFlowModuleId, input);
    return {};
  },

  async DeleteContactFlowModule(input, ctx) {
    await deleteModule(ctx.work, ctx, await instanceIdFor(ctx, input.InstanceId), input.ContactFlowModuleId);
    return {};
  },
};

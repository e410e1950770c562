// Agent statuses: CreateAgentStatus (CUSTOM ones), UpdateAgentStatus, DescribeAgentStatus and
// ListAgentStatuses. There is no delete: statuses are disabled instead.
import type * as C from '../../generated/connect.types.js';
import { AGENT_STATUS, createAgentStatus, getAgentStatus, updateAgentStatus } from '../../engine/agent-statuses.js';
import type { AgentStatusData } from '../../engine/instance-defaults.js';
import { asOutput } from '../../engine/resources.js';
import type { HandlerTable } from '../handler.js';
import { anyOf, instanceIdFor, listOfInstance } from './instance-resources.js';

export const agentStatusHandlers: HandlerTable<C.Operations> = {
  async CreateAgentStatus({ InstanceId, ...params }, ctx) {
    const status = await createAgentStatus(ctx.work, ctx, await instanceIdFor(ctx, InstanceId), params);
    return { AgentStatusId: status.AgentStatusId, AgentStatusARN: status.AgentStatusARN };
  },

  async UpdateAgentStatus({ InstanceId, AgentStatusId, ...change }, ctx) {
    await updateAgentStatus(ctx.work, ctx, await instanceIdFor(ctx, InstanceId), AgentStatusId, change);
    return {};
  },

  async DescribeAgentStatus(input, ctx) {
    const { data } = await getAgentStatus(ctx.work, ctx, await instanceIdFor(ctx, input.InstanceId), input.AgentStatusId);
    return { AgentStatus: asOutput<C.AgentStatus>(data) };
  },

  async ListAgentStatuses(input, ctx) {
    const page = await listOfInstance<AgentStatusData, C.AgentStatusSummary>(
      ctx,
      input,
      AGENT_STATUS,
      ({ data: s }) => ({ Id: s.AgentStatusId, Arn: s.AgentStatusARN, Name: s.Name, Type: s.Type, LastModifiedTime: s.LastModifiedTime, LastModifiedRegion: s.LastModifiedRegion }),
      anyOf('Type', input.AgentStatusTypes),
    );
    return { AgentStatusSummaryList: page.items, NextToken: page.NextToken };
  },
};

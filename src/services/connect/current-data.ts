// Real-time data: GetCurrentUserData (each agent's status, slots and contacts) and
// GetCurrentMetricData (counts per queue, channel and routing profile). Behaviour in
// engine/current-data.ts.
import type * as C from '../../generated/connect.types.js';
import { currentMetrics, selectAgents, userData } from '../../engine/current-data.js';
import { getInstance } from '../../engine/instances.js';
import type { HandlerTable } from '../handler.js';
import { pageOfArray } from '../pagination.js';

export const currentDataHandlers: HandlerTable<C.Operations> = {
  async GetCurrentUserData(input, ctx) {
    const { id } = await getInstance(ctx.tx, ctx, input.InstanceId);
    const agents = await selectAgents(ctx.work, ctx, id, input.Filters);
    const page = pageOfArray(ctx, id, agents, input.NextToken, input.MaxResults);
    const UserDataList: C.UserData[] = [];
    for (const a of page.items) UserDataList.push(await userData(ctx.work, ctx, a));
    return { UserDataList, NextToken: page.NextToken, ApproximateTotalCount: agents.length };
  },

  async GetCurrentMetricData(input, ctx) {
    const { id } = await getInstance(ctx.tx, ctx, input.InstanceId);
    const rows = await currentMetrics(ctx.work, ctx, id, input);
    const page = pageOfArray(ctx, id, rows, input.NextToken, input.MaxResults);
    return { MetricResults: page.items, NextToken: page.NextToken, DataSnapshotTime: new Date(ctx.now), ApproximateTotalCount: rows.length };
  },
};

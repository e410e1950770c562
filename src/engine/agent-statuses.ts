// Agent statuses (spec routing.md §6): every instance has Available (ROUTABLE) and Offline
// (OFFLINE); the ones admins add are CUSTOM, which routes nothing. Statuses are renamed,
// reordered and disabled, never deleted: agents' histories keep pointing at them.
import type * as C from '../generated/connect.types.js';
import { BadRequest, ServiceError } from '../protocol/errors.js';
import type { Partition, StoredRecord } from '../store/store.js';
import type { AgentStatusData } from './instance-defaults.js';
import { checkNameFree, getRecord, saveStamped } from './instance-records.js';
import { childArn, newId } from './resources.js';
import type { Work } from './work.js';

export const AGENT_STATUS = 'agent-status';
/** AWS quota: agent statuses per instance, the built-in two included (DisplayOrder stops at the same number) */
export const MAX_AGENT_STATUSES = 50;

export type CreateAgentStatusParams = Omit<C.CreateAgentStatusRequest, 'InstanceId'>;
export type AgentStatusChange = Omit<C.UpdateAgentStatusRequest, 'InstanceId' | 'AgentStatusId'>;

export const getAgentStatus = (w: Work, p: Partition, instanceId: string, id: string): Promise<StoredRecord<AgentStatusData>> =>
  getRecord<AgentStatusData>(w.tx, p, AGENT_STATUS, instanceId, id, 'Agent status');

export async function createAgentStatus(w: Work, p: Partition, instanceId: string, params: CreateAgentStatusParams): Promise<AgentStatusData> {
  await checkNameFree(w.tx, p, AGENT_STATUS, instanceId, 'An agent status', params.Name);
  const existing = await w.tx.list(p, { kind: AGENT_STATUS, scope: instanceId, limit: MAX_AGENT_STATUSES });
  if (existing.length >= MAX_AGENT_STATUSES) {
    throw new ServiceError('LimitExceededException', `The instance already has ${MAX_AGENT_STATUSES} agent statuses, the most it can have`);
  }
  const id = newId();
  const arn = childArn(p, instanceId, AGENT_STATUS, id);
  const data: AgentStatusData = {
    AgentStatusId: id,
    AgentStatusARN: arn,
    Name: params.Name,
    Description: params.Description,
    Type: 'CUSTOM',
    DisplayOrder: params.DisplayOrder,
    State: params.State,
    Tags: params.Tags ?? {},
  };
  return saveStamped(w, p, AGENT_STATUS, instanceId, { id, arn, data });
}

/**
 * Name, description (empty clears it), state and display order; ResetOrderNumber takes the
 * status out of the display order. Available and Offline can be renamed but not disabled:
 * agents always need a status to route and one to sign off with.
 */
export async function updateAgentStatus(w: Work, p: Partition, instanceId: string, id: string, change: AgentStatusChange): Promise<AgentStatusData> {
  const { Name, Description, State, DisplayOrder, ResetOrderNumber } = change;
  if (Name === undefined && Description === undefined && State === undefined && DisplayOrder === undefined && !ResetOrderNumber) {
    throw new BadRequest('Nothing to update: give Name, Description, State, DisplayOrder or ResetOrderNumber');
  }
  if (ResetOrderNumber && DisplayOrder !== undefined) throw new BadRequest('DisplayOrder and ResetOrderNumber cannot be given together');
  const rec = await getAgentStatus(w, p, instanceId, id);
  const status = rec.data;
  if (State === 'DISABLED' && status.Type !== 'CUSTOM') {
    throw new BadRequest(`State: the ${status.Type} status ${JSON.stringify(status.Name)} is built in and cannot be disabled`);
  }
  if (Name !== undefined) {
    await checkNameFree(w.tx, p, AGENT_STATUS, instanceId, 'An agent status', Name, id);
    status.Name = Name;
  }
  if (Description === '') delete status.Description;
  else if (Description !== undefined) status.Description = Description;
  if (State !== undefined) status.State = State;
  if (DisplayOrder !== undefined) status.DisplayOrder = DisplayOrder;
  if (ResetOrderNumber) delete status.DisplayOrder;
  return saveStamped(w, p, AGENT_STATUS, instanceId, rec);
}

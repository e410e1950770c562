// What a new Amazon Connect instance holds before anyone touches it (spec: instance.md §2):
// BasicQueue, the Basic Routing Profile, Basic Hours, the four default security profiles,
// the agent statuses Available and Offline, and the default and sample contact flows.
import type * as C from '../generated/connect.types.js';
import type { Partition, ResourceRecord } from '../store/store.js';
import { childArn, newId, type InstanceChildKind, type Persisted } from './resources.js';

export type QueueData = Persisted<C.Queue> & { QueueType: C.QueueType };
export type RoutingProfileData = Persisted<C.RoutingProfile> & {
  /** the queues it serves per channel, with priority and delay (ListRoutingProfileQueues) */
  QueueConfigs: { QueueId: string; Channel: C.Channel; Priority: number; Delay: number }[];
};
export type ContactFlowData = Persisted<C.ContactFlow>;
export type AgentStatusData = Persisted<C.AgentStatus>;
export type HoursOfOperationData = Persisted<C.HoursOfOperation>;
export type SecurityProfileData = Persisted<C.SecurityProfile>;

interface DefaultFlow {
  name: string;
  type: C.ContactFlowType;
  description: string;
  /** what the flow does, in the flow language's action types */
  actions: string[];
}

/** Names and types from the spec (AWS admin guide, public instance dumps). */
const DEFAULT_FLOWS: DefaultFlow[] = [
  { name: 'Default queue transfer', type: 'QUEUE_TRANSFER', description: 'Default flow used when transferring to a queue', actions: ['TransferContactToQueue'] },
  { name: 'Default agent hold', type: 'AGENT_HOLD', description: 'Default flow played to the agent on hold', actions: ['MessageParticipant'] },
  { name: 'Default customer hold', type: 'CUSTOMER_HOLD', description: 'Default flow played to the customer on hold', actions: ['MessageParticipant'] },
  { name: 'Default agent transfer', type: 'AGENT_TRANSFER', description: 'Default flow used when transferring to an agent', actions: ['TransferContactToQueue'] },
  { name: 'Default agent whisper', type: 'AGENT_WHISPER', description: 'Default whisper played to the agent', actions: ['MessageParticipant'] },
  { name: 'Default customer queue', type: 'CUSTOMER_QUEUE', description: 'Default flow played to a customer waiting in queue', actions: ['MessageParticipant'] },
  { name: 'Default customer whisper', type: 'CUSTOMER_WHISPER', description: 'Default whisper played to the customer', actions: ['MessageParticipant'] },
  { name: 'Default outbound', type: 'OUTBOUND_WHISPER', description: 'Default whisper for outbound contacts', actions: ['MessageParticipant'] },
  {
    name: 'Sample inbound flow (first contact experience)',
    type: 'CONTACT_FLOW',
    description: 'Sample flow that sets the working queue to BasicQueue and transfers the contact to it',
    actions: ['UpdateContactTargetQueue', 'TransferContactToQueue'],
  },
  ...[
    'Sample AB test',
    'Sample disconnect flow',
    'Sample Lambda integration',
    'Sample note for screenpop',
    'Sample queue configurations flow',
    'Sample queue customer',
    'Sample recording behavior',
    'Sample secure input with no agent',
    'Sample secure input with agent',
    'Sample queued callback',
  ].map((name) => ({
    name,
    type: 'CONTACT_FLOW' as const,
    description: `${name}: a sample flow of a new instance`,
    actions: ['UpdateContactTargetQueue', 'TransferContactToQueue'],
  })),
  {
    name: 'Sample interruptible queue flow with callback',
    type: 'CUSTOMER_QUEUE',
    description: 'Sample customer queue flow that offers a callback',
    actions: ['MessageParticipant'],
  },
];

/** A flow in Amazon Connect's flow language: the given actions in a row, then disconnect. */
function flowContent(actions: string[], basicQueueArn: string): string {
  const ids = actions.map(() => newId());
  const endId = newId();
  const all = actions.map((type, i) => ({
    Identifier: ids[i],
    Type: type,
    Parameters:
      type === 'UpdateContactTargetQueue'
        ? { QueueId: basicQueueArn }
        : type === 'MessageParticipant'
          ? { Text: 'Thank you for waiting.' }
          : {},
    Transitions: { NextAction: ids[i + 1] ?? endId, Errors: [{ NextAction: endId, ErrorType: 'NoMatchingError' }] },
  }));
  all.push({ Identifier: endId, Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} as never });
  return JSON.stringify({ Version: '2019-10-30', StartAction: ids[0] ?? endId, Metadata: {}, Actions: all });
}

const WEEK: C.HoursOfOperationDays[] = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'];

/** Every resource a fresh instance holds, as store records. */
export function defaultResources(p: Partition, instanceId: string, now: number): ResourceRecord[] {
  const records: ResourceRecord[] = [];
  const base = { LastModifiedTime: now, LastModifiedRegion: p.region };
  const add = <T>(kind: InstanceChildKind, id: string, name: string, data: T): T => {
    records.push({ kind, scope: instanceId, id, name, arn: childArn(p, instanceId, kind, id), data });
    return data;
  };
  const arn = (kind: InstanceChildKind, id: string) => childArn(p, instanceId, kind, id);

  const hoursId = newId();
  add<HoursOfOperationData>('hours-of-operation', hoursId, 'Basic Hours', {
    HoursOfOperationId: hoursId,
    HoursOfOperationArn: arn('hours-of-operation', hoursId),
    Name: 'Basic Hours',
    Description: 'Basic Hours',
    TimeZone: 'UTC',
    Config: WEEK.map((Day) => ({ Day, StartTime: { Hours: 0, Minutes: 0 }, EndTime: { Hours: 0, Minutes: 0 } })),
    Tags: {},
    ...base,
  });

  const queueId = newId();
  add<QueueData>('queue', queueId, 'BasicQueue', {
    QueueId: queueId,
    QueueArn: arn('queue', queueId),
    Name: 'BasicQueue',
    Description: 'A simple, basic queue.',
    HoursOfOperationId: hoursId,
    Status: 'ENABLED',
    QueueType: 'STANDARD',
    OutboundCallerConfig: {},
    Tags: {},
    ...base,
  });

  const rpId = newId();
  const channels: C.Channel[] = ['VOICE', 'CHAT', 'TASK', 'EMAIL'];
  add<RoutingProfileData>('routing-profile', rpId, 'Basic Routing Profile', {
    InstanceId: instanceId,
    RoutingProfileId: rpId,
    RoutingProfileArn: arn('routing-profile', rpId),
    Name: 'Basic Routing Profile',
    Description: 'Basic routing profile',
    MediaConcurrencies: channels.map((Channel) => ({
      Channel,
      Concurrency: Channel === 'CHAT' ? 2 : 1,
      CrossChannelBehavior: { BehaviorType: 'ROUTE_CURRENT_CHANNEL_ONLY' },
    })),
    DefaultOutboundQueueId: queueId,
    NumberOfAssociatedQueues: 1,
    NumberOfAssociatedManualAssignmentQueues: 0,
    NumberOfAssociatedUsers: 0,
    AgentAvailabilityTimer: 'TIME_SINCE_LAST_ACTIVITY',
    IsDefault: true,
    AssociatedQueueIds: [queueId],
    QueueConfigs: channels.map((Channel) => ({ QueueId: queueId, Channel, Priority: 1, Delay: 0 })),
    Tags: {},
    ...base,
  });

  for (const name of ['Admin', 'Agent', 'CallCenterManager', 'QualityAnalyst']) {
    const id = newId();
    add<SecurityProfileData>('security-profile', id, name, {
      Id: id,
      OrganizationResourceId: instanceId,
      Arn: arn('security-profile', id),
      SecurityProfileName: name,
      Description: `Default ${name} security profile`,
      Tags: {},
      ...base,
    });
  }

  const statuses: [string, C.AgentStatusType][] = [
    ['Available', 'ROUTABLE'],
    ['Offline', 'OFFLINE'],
  ];
  statuses.forEach(([name, type], i) => {
    const id = newId();
    add<AgentStatusData>('agent-status', id, name, {
      AgentStatusId: id,
      AgentStatusARN: arn('agent-status', id),
      Name: name,
      Description: name,
      Type: type,
      DisplayOrder: i + 1,
      State: 'ENABLED',
      Tags: {},
      ...base,
    });
  });

  for (const f of DEFAULT_FLOWS) {
    const id = newId();
    add<ContactFlowData>('contact-flow', id, f.name, {
      Id: id,
      Arn: arn('contact-flow', id),
      Name: f.name,
      Type: f.type,
      State: 'ACTIVE',
      Status: 'PUBLISHED',
      Description: f.description,
      Content: flowContent(f.actions, arn('queue', queueId)),
      Tags: {},
      ...base,
    });
  }
  return records;
}

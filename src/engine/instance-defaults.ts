// What a new Amazon Connect instance holds before anyone touches it (spec: instance.md §2):
// BasicQueue, the Basic Routing Profile, Basic Hours, the four default security profiles,
// the agent statuses Available and Offline, and the default and sample contact flows
// (their content in default-flows.ts).
import type * as C from '../generated/connect.types.js';
import type { Partition, ResourceRecord } from '../store/store.js';
import { DEFAULT_FLOWS } from './default-flows.js';
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

  // ids first: flows name each other by ARN
  const flowIds = new Map(DEFAULT_FLOWS.map((f) => [f.name, newId()]));
  const flowArn = (name: string) => arn('contact-flow', flowIds.get(name)!);
  for (const f of DEFAULT_FLOWS) {
    const id = flowIds.get(f.name)!;
    add<ContactFlowData>('contact-flow', id, f.name, {
      Id: id,
      Arn: arn('contact-flow', id),
      Name: f.name,
      Type: f.type,
      State: 'ACTIVE',
      Status: 'PUBLISHED',
      Description: f.description,
      Content: f.content(arn('queue', queueId), flowArn),
      Tags: {},
      ...base,
    });
  }
  return records;
}

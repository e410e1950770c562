// Real-time data: what GetCurrentUserData says of each agent (status, slots, the contacts it
// holds) and what GetCurrentMetricData counts per queue, channel and routing profile (agents
// online, available, on contact; contacts waiting and the oldest one's age). Everything is
// read from the routing state as the router keeps it: the agents' Routing and the queues'
// ordered sets; nothing is stored here.
import type * as C from '../generated/connect.types.js';
import { BadRequest, notFound } from '../protocol/errors.js';
import type { Partition, StoredRecord } from '../store/store.js';
import { CHANNELS, freeCapacity, isRoutable } from './agents.js';
import { findContact, type ContactData } from './contacts.js';
import type { AgentStatusData, QueueData } from './instance-defaults.js';
import { queueSet } from './router.js';
import { ROUTING_PROFILE, type StoredRoutingProfile } from './routing-profiles.js';
import { USER, type HeldContact, type UserData } from './users.js';
import type { Work } from './work.js';

const ALL = Number.MAX_SAFE_INTEGER;
/** how many members of a queue's ordered set are read at a time */
const PAGE = 100;

/** An agent with what its routing state refers to, read once per request. */
export interface Agent {
  user: StoredRecord<UserData>;
  status?: StoredRecord<AgentStatusData>;
  profile?: StoredRecord<StoredRoutingProfile>;
  routable: boolean;
}

/** Per-request caches of the records many agents and rows share. */
class Lookup {
  private readonly records = new Map<string, Promise<StoredRecord<unknown> | undefined>>();
  constructor(
    readonly w: Work,
    readonly p: Partition,
    readonly instanceId: string,
  ) {}

  get<T>(kind: string, id: string): Promise<StoredRecord<T> | undefined> {
    const key = `${kind}/${id}`;
    if (!this.records.has(key)) this.records.set(key, this.w.tx.get(this.p, kind, this.instanceId, id));
    return this.records.get(key) as Promise<StoredRecord<T> | undefined>;
  }

  /** Ids (or ARNs) of resources of a kind, as ids; an unknown one is ResourceNotFoundException. */
  async ids(kind: string, what: string, refs: string[]): Promise<string[]> {
    const out: string[] = [];
    for (const ref of refs) {
      const rec = ref.startsWith('arn:') ? await this.w.tx.getByArn(this.p, ref) : await this.get(kind, ref);
      if (!rec || rec.kind !== kind || rec.scope !== this.instanceId) throw notFound(what, ref);
      if (!out.includes(rec.id)) out.push(rec.id);
    }
    return out;
  }

  async agents(): Promise<Agent[]> {
    const users = await this.w.tx.list<UserData>(this.p, { kind: USER, scope: this.instanceId, limit: ALL });
    const out: Agent[] = [];
    for (const user of users) {
      out.push({
        user,
        status: await this.get<AgentStatusData>('agent-status', user.data.Routing.StatusId),
        profile: await this.get<StoredRoutingProfile>(ROUTING_PROFILE, user.data.RoutingProfileId!),
        routable: await isRoutable(this.w, this.p, user),
      });
    }
    return out;
  }
}

/** The state of a held contact as the agent sees it: offered (ringing) or connected. */
const stateOf = (h: HeldContact): C.ContactState => (h.Offered ? 'CONNECTING' : 'CONNECTED');

const isOnline = (a: Agent): boolean => a.status !== undefined && a.status.data.Type !== 'OFFLINE';

/** Whether the agent serves (queue, channel): through its routing profile, or as the owner of the agent queue. */
function serves(a: Agent, queueId: string, channel: C.Channel): boolean {
  const profile = a.profile?.data;
  if (!profile) return false;
  if (queueId === a.user.id) return (profile.MediaConcurrencies ?? []).some((m) => m.Channel === channel);
  return profile.QueueConfigs.some((q) => q.QueueId === queueId && q.Channel === channel);
}

// ---------------------------------------------------------------------------------------------
// GetCurrentUserData

/**
 * The agents the filters select, in creation order. At most one of Agents, RoutingProfiles,
 * Queues and UserHierarchyGroups (model docs), with or without ContactFilter; at least one.
 */
export async function selectAgents(w: Work, p: Partition, instanceId: string, f: C.UserDataFilters): Promise<Agent[]> {
  const kinds = (['Agents', 'RoutingProfiles', 'Queues', 'UserHierarchyGroups'] as const).filter((k) => f[k]?.length);
  const states = f.ContactFilter?.ContactStates ?? [];
  if (kinds.length > 1) {
    throw new BadRequest(`Filters: give only one of Queues, RoutingProfiles, Agents and UserHierarchyGroups, not ${kinds.join(' and ')}`, 'constraint');
  }
  if (!kinds.length && !states.length) {
    throw new BadRequest('Filters: give one of Queues, RoutingProfiles, Agents, UserHierarchyGroups or ContactFilter.ContactStates', 'constraint');
  }
  const look = new Lookup(w, p, instanceId);
  let match: (a: Agent) => boolean = () => true;
  if (f.Agents?.length) {
    const ids = await look.ids(USER, 'User', f.Agents);
    match = (a) => ids.includes(a.user.id);
  } else if (f.RoutingProfiles?.length) {
    const ids = await look.ids(ROUTING_PROFILE, 'Routing profile', f.RoutingProfiles);
    match = (a) => ids.includes(a.user.data.RoutingProfileId!);
  } else if (f.Queues?.length) {
    const ids = await look.ids('queue', 'Queue', f.Queues);
    match = (a) => ids.some((q) => CHANNELS.some((c) => serves(a, q, c)));
  } else if (f.UserHierarchyGroups?.length) {
    // the emulator has no user hierarchies: no agent belongs to a group
    match = () => false;
  }
  const agents = (await look.agents()).filter(match);
  return states.length ? agents.filter((a) => a.user.data.Routing.Contacts.some((h) => states.includes(stateOf(h)))) : agents;
}

/** The per-channel slot counts of an agent: its profile's concurrency, what it holds, what is free. */
function slots(a: Agent): Pick<C.UserData, 'MaxSlotsByChannel' | 'ActiveSlotsByChannel' | 'AvailableSlotsByChannel'> {
  const max: Partial<Record<C.Channel, number>> = {};
  const active: Partial<Record<C.Channel, number>> = {};
  const available: Partial<Record<C.Channel, number>> = {};
  const held = a.user.data.Routing.Contacts;
  for (const m of a.profile?.data.MediaConcurrencies ?? []) {
    max[m.Channel] = m.Concurrency;
    active[m.Channel] = held.filter((h) => h.Channel === m.Channel).length;
    available[m.Channel] = a.routable ? freeCapacity(a.profile!.data, held, m.Channel) : 0;
  }
  return { MaxSlotsByChannel: max, ActiveSlotsByChannel: active, AvailableSlotsByChannel: available };
}

const SYSTEM_STATE_NAMES = { MISSED: 'Missed', REJECTED: 'Rejected' } as const;

/** One agent as GetCurrentUserData shows it. */
export async function userData(w: Work, p: Partition, a: Agent): Promise<C.UserData> {
  const r = a.user.data.Routing;
  const look = new Lookup(w, p, a.user.scope);
  const next = r.NextStatusId ? await look.get<AgentStatusData>('agent-status', r.NextStatusId) : undefined;
  const contacts: C.AgentContactReference[] = [];
  for (const h of r.Contacts) {
    const c: ContactData | undefined = (await findContact(w, p, a.user.scope, h.ContactId))?.data;
    const queueId = c?.QueueInfo?.Id;
    const queue = queueId ? await look.get<QueueData>('queue', queueId) : undefined;
    const connectedAt = h.Offered ? undefined : (c?.AgentInfo?.ConnectedToAgentTimestamp ?? h.Since);
    contacts.push({
      ContactId: h.ContactId,
      Channel: h.Channel,
      InitiationMethod: c?.InitiationMethod,
      AgentContactState: stateOf(h),
      StateStartTimestamp: new Date(connectedAt ?? h.Since),
      ConnectedToAgentTimestamp: connectedAt === undefined ? undefined : new Date(connectedAt),
      Queue: queueId ? { Id: queueId, Arn: queue?.data.QueueArn } : undefined,
    });
  }
  return {
    User: { Id: a.user.id, Arn: a.user.data.Arn },
    RoutingProfile: { Id: a.user.data.RoutingProfileId, Arn: a.profile?.data.RoutingProfileArn },
    Status: {
      // a missed or declined offer shows as its own state; the routing state keeps no start time
      // of its own for it, so the time the chosen status began stands in
      StatusStartTimestamp: new Date(r.SystemState ? (r.SystemStateStart ?? r.StatusStart) : r.StatusStart),
      StatusArn: a.status?.data.AgentStatusARN,
      StatusName: r.SystemState ? SYSTEM_STATE_NAMES[r.SystemState] : a.status?.data.Name,
    },
    NextStatus: next?.data.Name,
    ...slots(a),
    Contacts: contacts,
  };
}

// ---------------------------------------------------------------------------------------------
// GetCurrentMetricData

/** The unit AWS pairs with each metric (model docs of CurrentMetrics). */
const UNITS: Record<C.CurrentMetricName, C.Unit> = {
  AGENTS_ONLINE: 'COUNT',
  AGENTS_AVAILABLE: 'COUNT',
  AGENTS_ON_CALL: 'COUNT',
  AGENTS_NON_PRODUCTIVE: 'COUNT',
  AGENTS_AFTER_CONTACT_WORK: 'COUNT',
  AGENTS_ERROR: 'COUNT',
  AGENTS_STAFFED: 'COUNT',
  CONTACTS_IN_QUEUE: 'COUNT',
  OLDEST_CONTACT_AGE: 'SECONDS',
  CONTACTS_SCHEDULED: 'COUNT',
  AGENTS_ON_CONTACT: 'COUNT',
  SLOTS_ACTIVE: 'COUNT',
  SLOTS_AVAILABLE: 'COUNT',
  ESTIMATED_WAIT_TIME: 'SECONDS',
};
const QUEUE_METRICS: C.CurrentMetricName[] = ['CONTACTS_IN_QUEUE', 'OLDEST_CONTACT_AGE', 'CONTACTS_SCHEDULED'];
const GROUPINGS: C.Grouping[] = ['QUEUE', 'CHANNEL', 'ROUTING_PROFILE'];
const UNSUPPORTED_FILTERS = ['RoutingStepExpressions', 'AgentStatuses', 'Subtypes', 'ValidationTestTypes'] as const;

export type MetricQuery = Pick<C.GetCurrentMetricDataRequest, 'Filters' | 'Groupings' | 'CurrentMetrics' | 'SortCriteria'>;

function checkQuery(q: MetricQuery): void {
  const bad = (m: string): never => {
    throw new BadRequest(m, 'constraint');
  };
  if (!q.CurrentMetrics.length) bad('CurrentMetrics: give at least one metric');
  for (const m of q.CurrentMetrics) {
    if (m.MetricId !== undefined) bad('CurrentMetrics: MetricId is not supported by connect-local; name the metric with Name and Unit');
    if (!m.Name) bad('CurrentMetrics: every metric needs a Name');
    if (m.Unit !== UNITS[m.Name!]) bad(`CurrentMetrics: the Unit of ${m.Name} is ${UNITS[m.Name!]}, not ${m.Unit ?? 'missing'}`);
  }
  const f = q.Filters;
  if (f.Queues?.length && f.RoutingProfiles?.length) bad('Filters: filter by Queues or by RoutingProfiles, not both');
  if (!f.Queues?.length && !f.RoutingProfiles?.length) bad('Filters: give Queues or RoutingProfiles');
  for (const k of UNSUPPORTED_FILTERS) if (f[k]?.length) bad(`Filters: ${k} is not supported by connect-local`);
  const groupings = q.Groupings ?? [];
  for (const g of groupings) if (!GROUPINGS.includes(g)) bad(`Groupings: ${g} is not supported by connect-local (QUEUE, CHANNEL, ROUTING_PROFILE are)`);
  if (new Set(groupings).size < groupings.length) bad('Groupings: a grouping is given twice');
  if (groupings.includes('ROUTING_PROFILE') && !f.RoutingProfiles?.length) {
    const queueMetric = q.CurrentMetrics.find((m) => QUEUE_METRICS.includes(m.Name!));
    if (queueMetric) bad(`Filters: grouped by ROUTING_PROFILE, ${queueMetric.Name} needs a RoutingProfiles filter`);
  }
  const sort = q.SortCriteria?.[0]?.SortByMetric;
  if (sort === 'SLOTS_ACTIVE' || sort === 'SLOTS_AVAILABLE') bad(`SortCriteria: sorting by ${sort} is not supported`);
}

interface Pair {
  queueId: string;
  channel: C.Channel;
}

/** One result row: its dimensions, the (queue, channel) pairs it covers and the profiles its agents must have. */
interface Row {
  dims: C.Dimensions;
  pairs: Pair[];
  profiles?: string[];
}

/** What is waiting in one (queue, channel): how many, and since when the oldest. */
async function waiting(w: Work, p: Partition, instanceId: string, pair: Pair): Promise<{ count: number; oldest: number }> {
  let count = 0;
  let oldest = Infinity;
  for (let after: { key: string; member: string } | undefined; ; ) {
    const page = await w.tx.rankRange(p, queueSet(pair.queueId, pair.channel), PAGE, after);
    for (const { member } of page) {
      const contact = await findContact(w, p, instanceId, member);
      count++;
      oldest = Math.min(oldest, contact?.data.QueueInfo?.EnqueueTimestamp ?? Infinity);
    }
    if (page.length < PAGE) return { count, oldest };
    after = page[page.length - 1];
  }
}

/**
 * GetCurrentMetricData's rows before paging: one per group (a summary row without groupings),
 * each with every requested metric in the order asked, sorted by SortCriteria (by default
 * AGENTS_ONLINE, descending).
 */
export async function currentMetrics(w: Work, p: Partition, instanceId: string, q: MetricQuery): Promise<C.CurrentMetricResult[]> {
  checkQuery(q);
  const look = new Lookup(w, p, instanceId);
  const f = q.Filters;
  const channels = f.Channels?.length ? CHANNELS.filter((c) => f.Channels!.includes(c)) : CHANNELS;
  const agents = await look.agents();
  const profileIds = f.RoutingProfiles?.length ? await look.ids(ROUTING_PROFILE, 'Routing profile', f.RoutingProfiles) : undefined;
  const profiles: StoredRecord<StoredRoutingProfile>[] = [];
  if (profileIds) for (const id of profileIds) profiles.push((await look.get<StoredRoutingProfile>(ROUTING_PROFILE, id))!);
  else profiles.push(...(await w.tx.list<StoredRoutingProfile>(p, { kind: ROUTING_PROFILE, scope: instanceId, limit: ALL })));

  // the (queue, channel) pairs the filters cover
  const pairs: Pair[] = [];
  const add = (queueId: string, channel: C.Channel) => {
    if (channels.includes(channel) && !pairs.some((x) => x.queueId === queueId && x.channel === channel)) pairs.push({ queueId, channel });
  };
  if (f.Queues?.length) for (const queueId of await look.ids('queue', 'Queue', f.Queues)) for (const c of channels) add(queueId, c);
  else for (const rp of profiles) for (const qc of rp.data.QueueConfigs) add(qc.QueueId, qc.Channel);
  if (!pairs.length) return [];

  // the profiles serving a pair: through their queue configs, or as the profile of the agent queue's owner
  const servedBy = (pair: Pair): StoredRecord<StoredRoutingProfile>[] => {
    const owner = agents.find((a) => a.user.id === pair.queueId);
    return profiles.filter((rp) =>
      owner
        ? rp.id === owner.user.data.RoutingProfileId && (rp.data.MediaConcurrencies ?? []).some((m) => m.Channel === pair.channel)
        : rp.data.QueueConfigs.some((qc) => qc.QueueId === pair.queueId && qc.Channel === pair.channel),
    );
  };

  const groupings = q.Groupings ?? [];
  const rows = new Map<string, Row>();
  const place = async (pair: Pair, rp?: StoredRecord<StoredRoutingProfile>) => {
    const dims: C.Dimensions = {};
    if (groupings.includes('QUEUE')) dims.Queue = { Id: pair.queueId, Arn: (await look.get<QueueData>('queue', pair.queueId))?.data.QueueArn };
    if (groupings.includes('CHANNEL')) dims.Channel = pair.channel;
    if (rp) dims.RoutingProfile = { Id: rp.id, Arn: rp.data.RoutingProfileArn };
    const key = JSON.stringify([dims.Queue?.Id, dims.Channel, dims.RoutingProfile?.Id]);
    const row = rows.get(key) ?? { dims, pairs: [], profiles: rp ? [rp.id] : profileIds };
    row.pairs.push(pair);
    rows.set(key, row);
  };
  for (const pair of pairs) {
    if (groupings.includes('ROUTING_PROFILE')) for (const rp of servedBy(pair)) await place(pair, rp);
    else await place(pair);
  }

  const waits = new Map<string, Promise<{ count: number; oldest: number }>>();
  const waitingIn = (pair: Pair) => {
    const key = `${pair.queueId}/${pair.channel}`;
    if (!waits.has(key)) waits.set(key, waiting(w, p, instanceId, pair));
    return waits.get(key)!;
  };

  const value = async (name: C.CurrentMetricName, row: Row): Promise<number> => {
    // the agents of the row, each with the channels through which it serves the row
    const members = agents
      .filter((a) => !row.profiles || row.profiles.includes(a.user.data.RoutingProfileId!))
      .map((a) => ({ a, chans: CHANNELS.filter((c) => row.pairs.some((x) => x.channel === c && serves(a, x.queueId, c))) }))
      .filter((m) => m.chans.length);
    const held = (a: Agent, chans: C.Channel[]) => a.user.data.Routing.Contacts.filter((h) => chans.includes(h.Channel));
    const free = (a: Agent, chans: C.Channel[]) => (a.routable ? chans.reduce((n, c) => n + freeCapacity(a.profile!.data, a.user.data.Routing.Contacts, c), 0) : 0);
    const count = (pred: (a: Agent, chans: C.Channel[]) => boolean) => members.filter((m) => pred(m.a, m.chans)).length;
    switch (name) {
      case 'AGENTS_ONLINE':
      case 'AGENTS_STAFFED':
        return count(isOnline);
      case 'AGENTS_AVAILABLE':
        return count((a, chans) => free(a, chans) > 0);
      case 'AGENTS_ON_CONTACT':
      case 'AGENTS_ON_CALL':
        return count((a, chans) => held(a, chans).some((h) => !h.Offered));
      case 'AGENTS_NON_PRODUCTIVE':
        return count((a) => isOnline(a) && a.status!.data.Type === 'CUSTOM');
      case 'SLOTS_ACTIVE':
        return members.reduce((n, m) => n + held(m.a, m.chans).length, 0);
      case 'SLOTS_AVAILABLE':
        return members.reduce((n, m) => n + free(m.a, m.chans), 0);
      case 'CONTACTS_IN_QUEUE':
      case 'OLDEST_CONTACT_AGE': {
        let n = 0;
        let oldest = Infinity;
        for (const pair of row.pairs) {
          const x = await waitingIn(pair);
          n += x.count;
          oldest = Math.min(oldest, x.oldest);
        }
        if (name === 'CONTACTS_IN_QUEUE') return n;
        if (oldest === Infinity) return 0;
        // AWS: in seconds when grouped, but in milliseconds (under the same Unit) without groupings
        return groupings.length ? Math.floor((w.now - oldest) / 1000) : w.now - oldest;
      }
      default:
        // after-contact work, errors, scheduled contacts and wait estimates: nothing the emulator models
        return 0;
    }
  };

  const sort = q.SortCriteria?.[0];
  const sortBy = sort?.SortByMetric ?? 'AGENTS_ONLINE';
  const sign = (sort?.SortOrder ?? 'DESCENDING') === 'DESCENDING' ? -1 : 1;
  const out: { key: number; result: C.CurrentMetricResult }[] = [];
  for (const row of rows.values()) {
    const Collections: C.CurrentMetricData[] = [];
    for (const m of q.CurrentMetrics) Collections.push({ Metric: { Name: m.Name, Unit: m.Unit }, Value: await value(m.Name!, row) });
    out.push({ key: await value(sortBy, row), result: { Dimensions: row.dims, Collections } });
  }
  // a stable sort: equal rows keep the order of the filters
  return out.sort((x, y) => sign * (x.key - y.key)).map((x) => x.result);
}

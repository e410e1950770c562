// The console's calls: the same AWS API any SDK uses (restJson1, unsigned, so the default
// account in us-east-1) and the /_local/ control plane. Nothing here the API could not do.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (!res.ok) {
    const code = res.headers.get('x-amzn-errortype')?.split(':')[0] ?? String(res.status);
    throw new ApiError(res.status, code, String(json.Message ?? json.message ?? res.statusText));
  }
  return json as T;
}

const enc = encodeURIComponent;

export interface Instance {
  Id: string;
  Arn: string;
  InstanceAlias?: string;
  InstanceStatus?: string;
  CreatedTime?: number;
  InboundCallsEnabled?: boolean;
  OutboundCallsEnabled?: boolean;
}
export interface Queue {
  Id: string;
  Arn: string;
  Name?: string;
  QueueType?: string;
}
export interface Flow {
  Id: string;
  Arn: string;
  Name?: string;
  ContactFlowType?: string;
  ContactFlowState?: string;
  ContactFlowStatus?: string;
}
export interface ClockState {
  now: number;
  mode: 'real' | 'manual';
}
export interface Item {
  Id?: string;
  Type?: string;
  ContentType?: string;
  Content?: string;
  ParticipantRole?: string;
  DisplayName?: string;
  AbsoluteTime?: string;
}

/** Follows NextToken to the end of a List operation. */
async function listAll<T>(path: string, key: string, max = 100): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const q = new URLSearchParams({ maxResults: String(max) });
    if (token) q.set('nextToken', token);
    const page = await call<Record<string, unknown>>('GET', `${path}?${q}`);
    all.push(...((page[key] as T[] | undefined) ?? []));
    token = page.NextToken as string | undefined;
  } while (token);
  return all;
}

export const listInstances = () => listAll<Instance>('/instance', 'InstanceSummaryList', 10);
export const listQueues = (instanceId: string) => listAll<Queue>(`/queues-summary/${enc(instanceId)}`, 'QueueSummaryList');
export const listFlows = (instanceId: string) => listAll<Flow>(`/contact-flows-summary/${enc(instanceId)}`, 'ContactFlowSummaryList');

export const getClock = () => call<ClockState>('GET', '/_local/clock');
export const advanceClock = (seconds: number) => call<ClockState>('POST', '/_local/clock/advance', { seconds });

export interface StartedChat {
  ContactId: string;
  ParticipantId: string;
  ParticipantToken: string;
}
export const startChat = (instanceId: string, flowId: string, displayName: string) =>
  call<StartedChat>('PUT', '/contact/chat', {
    InstanceId: instanceId,
    ContactFlowId: flowId,
    ParticipantDetails: { DisplayName: displayName },
    ClientToken: crypto.randomUUID(),
  });

export interface Connection {
  Websocket?: { Url?: string; ConnectionExpiry?: string };
  ConnectionCredentials?: { ConnectionToken?: string; Expiry?: string };
}
export const createConnection = (participantToken: string) =>
  call<Connection>('POST', '/participant/connection', { Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'], ConnectParticipant: true }, { 'x-amz-bearer': participantToken });

export const sendMessage = (connectionToken: string, content: string) =>
  call<{ Id: string; AbsoluteTime: string }>('POST', '/participant/message', { ContentType: 'text/plain', Content: content, ClientToken: crypto.randomUUID() }, { 'x-amz-bearer': connectionToken });

export const getTranscript = async (connectionToken: string): Promise<Item[]> => {
  const items: Item[] = [];
  let token: string | undefined;
  do {
    const page = await call<{ Transcript?: Item[]; NextToken?: string }>(
      'POST',
      '/participant/transcript',
      { ScanDirection: 'FORWARD', SortOrder: 'ASCENDING', MaxResults: 100, ...(token ? { NextToken: token } : {}) },
      { 'x-amz-bearer': connectionToken },
    );
    items.push(...(page.Transcript ?? []));
    token = page.NextToken;
  } while (token);
  return items;
};

export const disconnect = (connectionToken: string) =>
  call<object>('POST', '/participant/disconnect', { ClientToken: crypto.randomUUID() }, { 'x-amz-bearer': connectionToken });

// Dynamic values of the flow language (spec flows.md §2): `$.Attributes.x`, `$.Queue.Name`,
// `$.External.y`, bracket keys (`$.Attributes.['my key']`), resolved against the contact and
// its running flow. A parameter is static, one whole path, or text with paths inside it; a path
// that resolves to nothing is undefined as a single value and "" inside text.
import type { ActionContext } from './flow-runner.js';
import type { QueueData } from './instance-defaults.js';
import { instanceArn } from './resources.js';
import { USER, type UserData } from './users.js';

/** A path inside text (§2's token grammar, with brackets with or without a dot before them). */
const TOKEN = /\$\.[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\.?\['[^']*'\])*/g;
const WHOLE = new RegExp(`^${TOKEN.source}$`);
const SEGMENT = /\.?([A-Za-z_][\w-]*)|\.?\['([^']*)'\]/g;

export const isPath = (v: unknown): v is string => typeof v === 'string' && WHOLE.test(v.trim());

/** `$.A.B['c d']` as its keys: ['A', 'B', 'c d']. */
export function pathKeys(path: string): string[] {
  const keys: string[] = [];
  for (const m of path.trim().slice(1).matchAll(SEGMENT)) keys.push(m[1] ?? m[2]);
  return keys;
}

/** A value the flow compares or sends: text as is, numbers and flags written out, objects as JSON. */
function asText(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

function walk(v: unknown, keys: string[]): unknown {
  for (const k of keys) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, k)) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/** The raw value a path names (an object for `$.External` itself, say), or undefined. */
export async function lookup(x: ActionContext, path: string): Promise<unknown> {
  const [root, ...rest] = pathKeys(path);
  const c = x.contact.data;
  switch (root) {
    case 'Attributes':
      return walk(c.Attributes ?? {}, rest);
    case 'ContactId':
      return c.Id;
    case 'InitialContactId':
    case 'PreviousContactId':
    case 'Channel':
    case 'InitiationMethod':
    case 'CustomerId':
    case 'Name':
    case 'Description':
      return rest.length ? undefined : c[root];
    case 'InstanceARN':
      return instanceArn(x.p, x.contact.scope);
    case 'LanguageCode':
      return x.state.LanguageCode ?? 'en-US';
    case 'TextToSpeechVoiceId':
      return x.state.TextToSpeechVoiceId ?? 'Joanna';
    case 'References':
      return walk(x.state.References ?? {}, rest);
    case 'Tags':
      return walk(c.Tags ?? {}, rest);
    case 'FlowAttributes':
      return walk(x.run.FlowAttributes, rest);
    case 'External':
      return walk(x.state.External ?? {}, rest);
    case 'Metrics':
      return walk(x.state.Metrics ?? {}, rest);
    case 'Customer':
      return walk(x.state.Customer ?? {}, rest);
    case 'Queue':
      return walk(await queueView(x), rest);
    case 'Agent':
      return walk(await agentView(x), rest);
    default:
      // Lex, StoredCustomerInput, endpoints of a web chat and integrations connect-local has not
      return undefined;
  }
}

/** `$.Queue`: the working queue (or the one the contact waits in). */
async function queueView(x: ActionContext): Promise<Record<string, unknown>> {
  const id = x.state.TargetQueueId ?? x.contact.data.QueueInfo?.Id;
  const queue = id ? await x.w.tx.get<QueueData>(x.p, 'queue', x.contact.scope, id) : undefined;
  if (!queue) return {};
  return { Name: queue.data.Name, ARN: queue.data.QueueArn, OutboundCallerId: { Address: queue.data.OutboundCallerConfig?.OutboundCallerIdNumberId } };
}

/** `$.Agent`: the agent the contact is with. */
async function agentView(x: ActionContext): Promise<Record<string, unknown>> {
  const id = x.contact.data.AgentInfo?.Id;
  const user = id ? await x.w.tx.get<UserData>(x.p, USER, x.contact.scope, id) : undefined;
  if (!user) return {};
  return { UserName: user.data.Username, FirstName: user.data.IdentityInfo?.FirstName, LastName: user.data.IdentityInfo?.LastName, ARN: user.data.Arn };
}

/** A static-or-single-path parameter: the path's value, or the static value as text. */
export async function resolveValue(x: ActionContext, v: unknown): Promise<string | undefined> {
  if (isPath(v)) return asText(await lookup(x, v));
  return asText(v);
}

/** A static-or-dynamic parameter: every path inside the text replaced by its value ("" for none). */
export async function interpolate(x: ActionContext, v: unknown): Promise<string> {
  const text = asText(v) ?? '';
  if (!text.includes('$.')) return text;
  let out = '';
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    out += text.slice(last, m.index) + (asText(await lookup(x, m[0])) ?? '');
    last = m.index! + m[0].length;
  }
  return out + text.slice(last);
}

/** Every string inside a parameter value interpolated (the flow log shows parameters as resolved). */
export async function interpolateDeep(x: ActionContext, v: unknown): Promise<unknown> {
  if (typeof v === 'string') return isPath(v) ? ((await lookup(x, v)) ?? null) : interpolate(x, v);
  if (Array.isArray(v)) return Promise.all(v.map((e) => interpolateDeep(x, e)));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, e] of Object.entries(v)) out[k] = await interpolateDeep(x, e);
    return out;
  }
  return v;
}

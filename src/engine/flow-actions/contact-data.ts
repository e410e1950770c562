// Flow actions that change what the contact carries (spec flows.md §3.2, §3.5): attributes,
// flow attributes, contact data, tags, event hooks and settings, and the voice-only actions
// that take their documented branch on a chat.
import { BadRequest } from '../../protocol/errors.js';
import { checkAttributes } from '../chat-content.js';
import { publishedFlow } from '../contact-flows.js';
import { findContact, saveContact } from '../contacts.js';
import type { ActionHandler, ActionResult } from '../flow-runner.js';
import { interpolate, resolveValue } from '../flow-values.js';

const NEXT: ActionResult = { kind: 'next' };
const noMatch = (why: string): ActionResult => ({ kind: 'error', type: 'NoMatchingError', why });

/** Every value of a key -> value parameter, each static or dynamic. */
async function resolvedMap(x: Parameters<ActionHandler>[0], v: unknown): Promise<Record<string, string> | undefined> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, e] of Object.entries(v)) out[k] = await interpolate(x, e);
  return out;
}

const UpdateContactAttributes: ActionHandler = async (x) => {
  const set = await resolvedMap(x, x.params.Attributes);
  if (!set) return noMatch('Attributes is not a map');
  let target = x.contact;
  if (x.params.TargetContact === 'Related') {
    const related = x.contact.data.RelatedContactId;
    const found = related ? await findContact(x.w, x.p, x.contact.scope, related) : undefined;
    if (!found) return noMatch('the contact has no related contact');
    target = found;
  }
  const attributes = { ...target.data.Attributes, ...set };
  try {
    checkAttributes(attributes);
  } catch (e) {
    // all or nothing: a bad key or too much in all takes the error branch
    if (e instanceof BadRequest) return noMatch(e.message);
    throw e;
  }
  target.data.Attributes = attributes;
  await saveContact(x.w, x.p, target, 'CONTACT_DATA_UPDATED', ['Attributes']);
  return NEXT;
};

const UpdateFlowAttributes: ActionHandler = async (x) => {
  const set = await resolvedMap(x, x.params.FlowAttributes);
  if (!set) return noMatch('FlowAttributes is not a map');
  const all = { ...x.run.FlowAttributes, ...set };
  const bytes = Object.entries(all).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  if (bytes > 32768 || Object.keys(set).some((k) => /[$.]/.test(k))) return noMatch('flow attributes: keys without $ or ., at most 32 KB in all');
  x.run.FlowAttributes = all;
  return NEXT;
};

const UpdateContactData: ActionHandler = async (x) => {
  const c = x.contact.data;
  const p = x.params;
  const text = (v: unknown) => interpolate(x, v);
  if (p.Name !== undefined) c.Name = (await text(p.Name)).slice(0, 512);
  if (p.Description !== undefined) c.Description = (await text(p.Description)).slice(0, 4096);
  if (p.CustomerId !== undefined) c.CustomerId = await text(p.CustomerId);
  if (p.LanguageCode !== undefined) x.state.LanguageCode = await text(p.LanguageCode);
  if (p.References && typeof p.References === 'object') {
    const refs = { ...x.state.References };
    for (const [k, r] of Object.entries(p.References as Record<string, { Value?: unknown; Type?: unknown }>)) {
      refs[k] = { Value: await text(r?.Value), Type: String(r?.Type ?? 'STRING') };
    }
    x.state.References = refs;
  }
  await saveContact(x.w, x.p, x.contact, 'CONTACT_DATA_UPDATED', ['Name', 'Description', 'CustomerId', 'References'].filter((k) => p[k] !== undefined));
  return NEXT;
};

const TagContact: ActionHandler = async (x) => {
  const tags = await resolvedMap(x, x.params.Tags);
  if (!tags) return noMatch('Tags is not a map');
  const all = { ...x.contact.data.Tags, ...tags };
  // at most 6 user tags, none in the aws: namespace (flows.md §3.2)
  if (Object.keys(tags).some((k) => k.toLowerCase().startsWith('aws:')) || Object.keys(all).length > 6) return noMatch('at most 6 tags, none starting aws:');
  x.contact.data.Tags = all;
  await saveContact(x.w, x.p, x.contact, 'CONTACT_DATA_UPDATED', ['Tags']);
  return NEXT;
};

const UnTagContact: ActionHandler = async (x) => {
  const keys = x.params.TagKeys;
  if (!Array.isArray(keys)) return noMatch('TagKeys is not a list');
  const tags = { ...x.contact.data.Tags };
  for (const k of keys) delete tags[String(k)];
  x.contact.data.Tags = tags;
  await saveContact(x.w, x.p, x.contact, 'CONTACT_DATA_UPDATED', ['Tags']);
  return NEXT;
};

/** Which flow types an event hook may name. */
const HOOK_TYPES: Record<string, string[]> = {
  CustomerQueue: ['CUSTOMER_QUEUE'],
  CustomerRemaining: ['CONTACT_FLOW'],
  CustomerWhisper: ['CUSTOMER_WHISPER'],
  AgentWhisper: ['AGENT_WHISPER'],
  CustomerHold: ['CUSTOMER_HOLD'],
  AgentHold: ['AGENT_HOLD'],
};

const UpdateContactEventHooks: ActionHandler = async (x) => {
  const hooks = x.params.EventHooks as Record<string, unknown>;
  const [name, ref] = Object.entries(hooks ?? {})[0] ?? [];
  const id = name ? await resolveValue(x, ref) : undefined;
  if (!name || !id) return noMatch('EventHooks names no flow');
  // UI hooks (DefaultAgentUI, DisconnectAgentUI) name views, not flows: kept as given
  if (name.endsWith('AgentUI')) {
    x.state.Hooks[name] = id;
    return NEXT;
  }
  const flow = await publishedFlow(x.w, x.p, x.contact.scope, id, HOOK_TYPES[name]);
  if (!flow) return noMatch(`${id} is not a published flow for the ${name} hook`);
  x.state.Hooks[name] = flow.id;
  return NEXT;
};

const UpdateFlowLoggingBehavior: ActionHandler = async (x) => {
  x.state.Logging = x.params.FlowLoggingBehavior === 'Enabled';
  return NEXT;
};

const UpdateContactTextToSpeechVoice: ActionHandler = async (x) => {
  if (x.params.TextToSpeechVoice !== undefined) x.state.TextToSpeechVoiceId = await interpolate(x, x.params.TextToSpeechVoice);
  return NEXT;
};

const accepted: ActionHandler = async () => NEXT;
const voiceOnly: ActionHandler = async (x) => noMatch(`${x.action.Type} works on voice contacts only`);

export const contactDataActions: Record<string, ActionHandler> = {
  UpdateContactAttributes,
  UpdateFlowAttributes,
  UpdateContactData,
  TagContact,
  UnTagContact,
  UntagContact: UnTagContact,
  UpdateContactEventHooks,
  UpdateFlowLoggingBehavior,
  UpdateContactTextToSpeechVoice,
  // kept with no effect on a chat (flows.md §3.5)
  UpdateContactRecordingBehavior: accepted,
  UpdateContactRecordingAndAnalyticsBehavior: accepted,
  UpdateContactMediaProcessing: accepted,
  UpdateContactCallbackNumber: async () => ({ kind: 'error', type: 'InvalidCallbackNumber' }),
  UpdateContactMediaStreamingBehavior: voiceOnly,
  TransferParticipantToThirdParty: voiceOnly,
  CheckVoiceId: voiceOnly,
  StartVoiceIdStream: voiceOnly,
  CompleteOutboundCall: voiceOnly,
  UpdatePreviousContactParticipantState: voiceOnly,
  CheckOutboundCallStatus: voiceOnly,
  // tasks are not emulated yet
  CreateTask: async () => noMatch('tasks are not emulated by connect-local'),
};

// Contact flows as resources (spec flows.md §1, §1.2): creation, the content published or only
// saved, name, description and state, deletion. The record's `Content` is always the published
// content (what a contact runs, and what engine/flows.ts reads); content saved but not
// published is kept apart in `SavedContent`. A flow never published has no `Content` and the
// status SAVED.
import type * as C from '../generated/connect.types.js';
import { BadRequest, ServiceError, notFound } from '../protocol/errors.js';
import type { Partition, StoredRecord } from '../store/store.js';
import { flowProblems, parseFlow } from './flow-validation.js';
import type { ContactFlowData } from './instance-defaults.js';
import { checkNameFree, renaming, saveStamped } from './instance-records.js';
import { childArn, childIdOf, newId } from './resources.js';
import type { Work } from './work.js';

export const CONTACT_FLOW = 'contact-flow' as const;
const MAX_CONTENT = 256000;
/** the alias that names a flow's saved content (DescribeContactFlow, UpdateContactFlowContent) */
const SAVED_ALIAS = ':$SAVED';

export type StoredFlow = ContactFlowData & {
  /** content saved after (or instead of) the published one, not yet published */
  SavedContent?: string;
};

export type CreateFlowParams = Omit<C.CreateContactFlowRequest, 'InstanceId'>;

/** A flow reference as the API takes it: an id or this instance's flow ARN, with `:$SAVED` or not. */
interface FlowRef {
  id: string;
  saved: boolean;
}

function parseRef(p: Partition, instanceId: string, ref: string): FlowRef {
  let id = childIdOf(p, instanceId, CONTACT_FLOW, ref);
  const saved = id.endsWith(SAVED_ALIAS);
  if (saved) id = id.slice(0, -SAVED_ALIAS.length);
  return { id, saved };
}

/** The flow an id or this instance's flow ARN names (with `:$SAVED` or not), or ResourceNotFoundException. */
export async function loadFlow(w: Work, p: Partition, instanceId: string, ref: string): Promise<{ rec: StoredRecord<StoredFlow>; saved: boolean }> {
  const { id, saved } = parseRef(p, instanceId, ref);
  const rec = id && !/[/:]/.test(id) ? await w.tx.get<StoredFlow>(p, CONTACT_FLOW, instanceId, id) : undefined;
  if (!rec) throw notFound('Contact flow', ref);
  return { rec, saved };
}

/**
 * The flow a new contact starts in: an inbound (CONTACT_FLOW) flow, published and not archived
 * (flows.md §1.2: a contact runs the published content; anything else is refused).
 */
export async function runnableFlow(w: Work, p: Partition, instanceId: string, idOrArn: string): Promise<StoredRecord<StoredFlow>> {
  const { rec: flow, saved } = await loadFlow(w, p, instanceId, idOrArn);
  // a contact runs published content only: a saved version is not a flow to start in
  if (saved) throw notFound('Contact flow', idOrArn);
  const { Type, Content, State } = flow.data;
  if (Type !== 'CONTACT_FLOW') throw new BadRequest(`ContactFlowId: ${idOrArn} is a ${Type} flow; a chat starts in a CONTACT_FLOW (inbound) flow`);
  if (Content === undefined || State === 'ARCHIVED') throw new BadRequest(`ContactFlowId: flow ${idOrArn} is not published`);
  return flow;
}

/** A flow a running flow names (TransferToFlow, an event hook): published, active, of one of `types`; else undefined. */
export async function publishedFlow(w: Work, p: Partition, instanceId: string, ref: string, types?: string[]): Promise<StoredRecord<StoredFlow> | undefined> {
  const found = await loadFlow(w, p, instanceId, ref).catch(() => undefined);
  const flow = found && !found.saved ? found.rec : undefined;
  if (!flow || flow.data.Content === undefined || flow.data.State === 'ARCHIVED') return undefined;
  if (types && !types.includes(flow.data.Type ?? '')) return undefined;
  return flow;
}

/** The content's length within the model's documented 1..256000, else InvalidParameterException. */
export function checkSize(content: string, what = 'flow'): void {
  if (content.length < 1 || content.length > MAX_CONTENT) {
    throw new BadRequest(`Content: the ${what} content must be 1 to ${MAX_CONTENT} characters long, not ${content.length}`, 'constraint');
  }
}

const invalidFlow = (problems: string[]): ServiceError =>
  new ServiceError('InvalidContactFlowException', 'The contact flow is not valid.', { problems: problems.map((message) => ({ message })) });

/** Publishing: every problem of §1.1 refuses the content. */
function checkPublishable(content: string, type: string): void {
  checkSize(content);
  const problems = flowProblems(content, type);
  if (problems.length) throw invalidFlow(problems);
}

/** Saving without publishing: no validation, but the content must at least be a JSON object (flows.md §1.1 REC). */
function checkSavable(content: string): void {
  checkSize(content);
  if (!parseFlow(content)) throw invalidFlow(['Content is not a JSON object. Path: $']);
}

export async function createFlow(w: Work, p: Partition, instanceId: string, params: CreateFlowParams): Promise<StoredFlow> {
  const status = params.Status ?? 'PUBLISHED';
  if (status === 'PUBLISHED') checkPublishable(params.Content, params.Type);
  else checkSavable(params.Content);
  await checkNameFree(w.tx, p, CONTACT_FLOW, instanceId, 'A contact flow', params.Name);
  const id = newId();
  const arn = childArn(p, instanceId, CONTACT_FLOW, id);
  const data: StoredFlow = {
    Id: id,
    Arn: arn,
    Name: params.Name,
    Type: params.Type,
    State: 'ACTIVE',
    Status: status,
    Description: params.Description,
    ...(status === 'PUBLISHED' ? { Content: params.Content } : { SavedContent: params.Content }),
    Tags: params.Tags ?? {},
  };
  return saveStamped(w, p, CONTACT_FLOW, instanceId, { id, arn, data });
}

/**
 * DescribeContactFlow: the published content under the flow's id (ContactFlowNotPublishedException
 * when it never was), the saved content under `{id}:$SAVED` (the published one when nothing
 * newer was saved).
 */
export async function describeFlow(w: Work, p: Partition, instanceId: string, ref: string): Promise<StoredFlow> {
  const { rec, saved } = await loadFlow(w, p, instanceId, ref);
  const flow = { ...rec.data };
  if (saved) {
    if (flow.SavedContent !== undefined) {
      flow.Content = flow.SavedContent;
      flow.Status = 'SAVED';
    }
    return flow;
  }
  if (flow.Content === undefined) throw new ServiceError('ContactFlowNotPublishedException', `The contact flow ${rec.id} has not been published`);
  return flow;
}

/**
 * UpdateContactFlowContent: on a published flow the content is validated and published (any
 * saved draft is replaced by it); under `{id}:$SAVED`, or on a flow never published, it is
 * saved without validation.
 */
export async function updateFlowContent(w: Work, p: Partition, instanceId: string, ref: string, content: string): Promise<void> {
  const { rec, saved } = await loadFlow(w, p, instanceId, ref);
  const flow = rec.data;
  if (saved || flow.Content === undefined) {
    checkSavable(content);
    flow.SavedContent = content;
  } else {
    checkPublishable(content, flow.Type ?? 'CONTACT_FLOW');
    flow.Content = content;
    delete flow.SavedContent;
  }
  await saveStamped(w, p, CONTACT_FLOW, instanceId, rec);
}

/** Loads the flow (no `:$SAVED`), lets `apply` change it, stamps and saves it. */
async function changeFlow(w: Work, p: Partition, instanceId: string, ref: string, apply: (f: StoredFlow) => void | Promise<void>): Promise<void> {
  const { rec, saved } = await loadFlow(w, p, instanceId, ref);
  if (saved) throw new BadRequest(`ContactFlowId: ${ref} names the saved content; name the flow itself`);
  await apply(rec.data);
  await saveStamped(w, p, CONTACT_FLOW, instanceId, rec);
}

export function renameFlow(w: Work, p: Partition, instanceId: string, ref: string, change: { Name?: string; Description?: string }): Promise<void> {
  const id = parseRef(p, instanceId, ref).id;
  return changeFlow(w, p, instanceId, ref, renaming(w, p, CONTACT_FLOW, instanceId, 'A contact flow', id, change));
}

/** UpdateContactFlowMetadata: name, description and state, at least one of them. */
export function updateFlowMetadata(
  w: Work,
  p: Partition,
  instanceId: string,
  ref: string,
  change: { Name?: string; Description?: string; ContactFlowState?: C.ContactFlowState },
): Promise<void> {
  if (change.Name === undefined && change.Description === undefined && change.ContactFlowState === undefined) {
    throw new BadRequest('At least one of Name, Description and ContactFlowState must be given');
  }
  const id = parseRef(p, instanceId, ref).id;
  return changeFlow(w, p, instanceId, ref, async (f) => {
    if (change.Name !== undefined) {
      await checkNameFree(w.tx, p, CONTACT_FLOW, instanceId, 'A contact flow', change.Name, id);
      f.Name = change.Name;
    }
    if (change.Description !== undefined) f.Description = change.Description;
    if (change.ContactFlowState !== undefined) f.State = change.ContactFlowState;
  });
}

/** DeleteContactFlow: any flow, the default and sample flows included (nothing in the spec keeps them). */
export async function deleteFlow(w: Work, p: Partition, instanceId: string, ref: string): Promise<void> {
  const { rec, saved } = await loadFlow(w, p, instanceId, ref);
  if (saved) throw new BadRequest(`ContactFlowId: ${ref} names the saved content; name the flow itself`);
  await w.tx.delete(p, CONTACT_FLOW, instanceId, rec.id);
}

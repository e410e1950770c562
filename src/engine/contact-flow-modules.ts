// Contact flow modules as resources (spec flows.md §3.3 InvokeFlowModule): a module is a piece
// of flow that flows invoke and that gives the contact back at EndFlowModuleExecution. Created
// published (the model has no status to save a draft), validated like a flow of no particular
// type, renamed, archived and deleted; a flow runs the published content of an active module.
import type * as C from '../generated/connect.types.js';
import { BadRequest, ServiceError, notFound } from '../protocol/errors.js';
import type { Partition, StoredRecord } from '../store/store.js';
import { flowProblems } from './flow-validation.js';
import { checkNameFree, saveStamped } from './instance-records.js';
import { checkSize } from './contact-flows.js';
import { childArn, childIdOf, newId } from './resources.js';
import type { Work } from './work.js';

export const CONTACT_FLOW_MODULE = 'contact-flow-module' as const;
/** what flowProblems is told a module's type is: no flow type, so no action is refused for its type */
export const MODULE_TYPE = 'MODULE';

export interface StoredModule {
  Id: string;
  Arn: string;
  Name: string;
  Description?: string;
  Content: string;
  State: C.ContactFlowModuleState;
  Status: C.ContactFlowModuleStatus;
  Tags: C.TagMap;
  Settings?: string;
  LastModifiedTime?: number;
  LastModifiedRegion?: string;
}

export type CreateModuleParams = Omit<C.CreateContactFlowModuleRequest, 'InstanceId'>;

/** The module an id or this instance's module ARN names, or ResourceNotFoundException. */
export async function loadModule(w: Work, p: Partition, instanceId: string, ref: string): Promise<StoredRecord<StoredModule>> {
  const id = childIdOf(p, instanceId, CONTACT_FLOW_MODULE, ref);
  const rec = id && !/[/:]/.test(id) ? await w.tx.get<StoredModule>(p, CONTACT_FLOW_MODULE, instanceId, id) : undefined;
  if (!rec) throw notFound('Contact flow module', ref);
  return rec;
}

/** A module a running flow invokes: active; else undefined. */
export async function runnableModule(w: Work, p: Partition, instanceId: string, ref: string): Promise<StoredRecord<StoredModule> | undefined> {
  const rec = await loadModule(w, p, instanceId, ref).catch(() => undefined);
  return rec && rec.data.State === 'ACTIVE' ? rec : undefined;
}

/** The content within 1..256000 characters and valid as a module; else the model's errors. */
function checkContent(content: string): void {
  checkSize(content, 'module');
  const problems = flowProblems(content, MODULE_TYPE);
  if (problems.length) {
    throw new ServiceError('InvalidContactFlowModuleException', 'The contact flow module is not valid.', { Problems: problems.map((message) => ({ message })) });
  }
}

export async function createModule(w: Work, p: Partition, instanceId: string, params: CreateModuleParams): Promise<StoredModule> {
  checkContent(params.Content);
  await checkNameFree(w.tx, p, CONTACT_FLOW_MODULE, instanceId, 'A contact flow module', params.Name);
  const id = newId();
  const arn = childArn(p, instanceId, CONTACT_FLOW_MODULE, id);
  const data: StoredModule = {
    Id: id,
    Arn: arn,
    Name: params.Name,
    Description: params.Description,
    Content: params.Content,
    State: 'ACTIVE',
    Status: 'PUBLISHED',
    Tags: params.Tags ?? {},
    Settings: params.Settings,
  };
  return saveStamped(w, p, CONTACT_FLOW_MODULE, instanceId, { id, arn, data });
}

async function changeModule(w: Work, p: Partition, instanceId: string, ref: string, apply: (m: StoredModule, id: string) => void | Promise<void>): Promise<void> {
  const rec = await loadModule(w, p, instanceId, ref);
  await apply(rec.data, rec.id);
  await saveStamped(w, p, CONTACT_FLOW_MODULE, instanceId, rec);
}

/** UpdateContactFlowModuleContent: new content (validated and published), new settings, or both. */
export function updateModuleContent(w: Work, p: Partition, instanceId: string, ref: string, change: { Content?: string; Settings?: string }): Promise<void> {
  if (change.Content === undefined && change.Settings === undefined) throw new BadRequest('At least one of Content and Settings must be given');
  if (change.Content !== undefined) checkContent(change.Content);
  return changeModule(w, p, instanceId, ref, (m) => {
    if (change.Content !== undefined) m.Content = change.Content;
    if (change.Settings !== undefined) m.Settings = change.Settings;
  });
}

/** UpdateContactFlowModuleMetadata: name, description and state, at least one of them. */
export function updateModuleMetadata(
  w: Work,
  p: Partition,
  instanceId: string,
  ref: string,
  change: { Name?: string; Description?: string; State?: C.ContactFlowModuleState },
): Promise<void> {
  if (change.Name === undefined && change.Description === undefined && change.State === undefined) {
    throw new BadRequest('At least one of Name, Description and State must be given');
  }
  return changeModule(w, p, instanceId, ref, async (m, id) => {
    if (change.Name !== undefined) {
      await checkNameFree(w.tx, p, CONTACT_FLOW_MODULE, instanceId, 'A contact flow module', change.Name, id);
      m.Name = change.Name;
    }
    if (change.Description !== undefined) m.Description = change.Description;
    if (change.State !== undefined) m.State = change.State;
  });
}

export async function deleteModule(w: Work, p: Partition, instanceId: string, ref: string): Promise<void> {
  const rec = await loadModule(w, p, instanceId, ref);
  await w.tx.delete(p, CONTACT_FLOW_MODULE, instanceId, rec.id);
}

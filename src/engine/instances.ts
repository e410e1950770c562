// Instances and their attributes: creation with everything a new instance holds, lookup by
// id or ARN, deletion with all that belongs to it.
import { randomBytes } from 'node:crypto';
import { connectModel } from '../generated/connect.model.js';
import type * as C from '../generated/connect.types.js';
import { BadRequest, notFound } from '../protocol/errors.js';
import type { Partition, StoreTx, StoredRecord } from '../store/store.js';
import { EVENTS_PARTITION } from './contact-events.js';
import { defaultResources } from './instance-defaults.js';
import { INSTANCE, instanceArn, instanceIdOf, newId, type Persisted } from './resources.js';

export type InstanceData = Persisted<Omit<C.Instance, 'InboundCallsEnabled' | 'OutboundCallsEnabled' | 'InstanceAccessUrl'>> & {
  DirectoryId?: string;
  /** every InstanceAttributeType with its value, "true" or "false" */
  Attributes: Partial<Record<C.InstanceAttributeType, string>>;
};

const attributeShape = connectModel.shapes.InstanceAttributeType;
/** In the model's order; the model is the list of what exists. */
export const ATTRIBUTE_TYPES = (attributeShape.type === 'string' ? attributeShape.enum! : []) as C.InstanceAttributeType[];

/** Defaults of a new instance (spec instance.md §3); types not named here start "false". */
function defaultAttribute(type: C.InstanceAttributeType, inbound: boolean, outbound: boolean): boolean {
  switch (type) {
    case 'INBOUND_CALLS':
      return inbound;
    case 'OUTBOUND_CALLS':
    case 'EARLY_MEDIA':
      return outbound;
    case 'CONTACT_LENS':
    case 'AUTO_RESOLVE_BEST_VOICES':
      return true;
    default:
      return false;
  }
}

export interface CreateInstanceParams {
  IdentityManagementType: C.DirectoryType;
  InstanceAlias?: string;
  DirectoryId?: string;
  InboundCallsEnabled: boolean;
  OutboundCallsEnabled: boolean;
  Tags?: C.TagMap;
}

export async function createInstance(
  tx: StoreTx,
  p: Partition,
  params: CreateInstanceParams,
  now: number,
): Promise<InstanceData> {
  const { IdentityManagementType: type, InstanceAlias: alias, DirectoryId: directoryId } = params;
  if (type === 'EXISTING_DIRECTORY') {
    if (!directoryId) throw new BadRequest('DirectoryId is required when IdentityManagementType is EXISTING_DIRECTORY');
    if (alias) throw new BadRequest('InstanceAlias cannot be set when IdentityManagementType is EXISTING_DIRECTORY: the directory names the instance');
  } else {
    if (directoryId) throw new BadRequest(`DirectoryId is only valid when IdentityManagementType is EXISTING_DIRECTORY, not ${type}`);
    if (!alias) throw new BadRequest(`InstanceAlias is required when IdentityManagementType is ${type}`);
  }
  const name = (alias ?? directoryId!).toLowerCase();
  if (await tx.getByName(p, INSTANCE, '', name)) {
    throw new BadRequest(`An instance with the alias ${alias ?? directoryId} already exists in this account and region`);
  }
  const id = newId();
  const attributes: InstanceData['Attributes'] = {};
  for (const t of ATTRIBUTE_TYPES) {
    attributes[t] = String(defaultAttribute(t, params.InboundCallsEnabled, params.OutboundCallsEnabled));
  }
  const data: InstanceData = {
    Id: id,
    Arn: instanceArn(p, id),
    IdentityManagementType: type,
    InstanceAlias: alias,
    DirectoryId: directoryId,
    CreatedTime: now,
    ServiceRole: `arn:aws:iam::${p.account}:role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect_${randomBytes(10).toString('hex').toUpperCase()}`,
    InstanceStatus: 'ACTIVE',
    Attributes: attributes,
    Tags: params.Tags,
  };
  await tx.put(p, { kind: INSTANCE, scope: '', id, name, arn: data.Arn, data });
  for (const r of defaultResources(p, id, now)) await tx.put(p, r);
  return data;
}

/** The instance named by an id or ARN, or ResourceNotFoundException. */
export async function getInstance(tx: StoreTx, p: Partition, idOrArn: string): Promise<StoredRecord<InstanceData>> {
  const id = instanceIdOf(p, idOrArn);
  const rec = id === undefined ? undefined : await tx.get<InstanceData>(p, INSTANCE, '', id);
  if (!rec) throw notFound('Instance', idOrArn);
  return rec;
}

export async function deleteInstance(tx: StoreTx, p: Partition, idOrArn: string): Promise<void> {
  const rec = await getInstance(tx, p, idOrArn);
  await tx.deleteScope(p, rec.id);
  // its contact events are logged apart, in one order with every other instance's
  await tx.deleteScope(EVENTS_PARTITION, rec.id);
  await tx.delete(p, INSTANCE, '', rec.id);
}

/** Instance attribute values are boolean flags: "true"/"false" in any case, kept lower-case. */
export function normalizeAttributeValue(type: C.InstanceAttributeType, value: string): string {
  const v = value.toLowerCase();
  if (v !== 'true' && v !== 'false') {
    throw new BadRequest(`Value: ${JSON.stringify(value)} is not valid for ${type}; use "true" or "false"`, 'constraint');
  }
  return v;
}

export async function setAttribute(
  tx: StoreTx,
  p: Partition,
  instance: StoredRecord<InstanceData>,
  type: C.InstanceAttributeType,
  value: string,
): Promise<void> {
  const data = instance.data;
  data.Attributes[type] = normalizeAttributeValue(type, value);
  await tx.put(p, { kind: INSTANCE, scope: '', id: instance.id, name: instance.name, arn: instance.arn, data });
}

/** DescribeInstance's view: the call flags and access URL follow from attributes and alias. */
export function instanceView(d: InstanceData): Persisted<C.Instance> {
  return {
    ...d,
    InboundCallsEnabled: d.Attributes.INBOUND_CALLS === 'true',
    OutboundCallsEnabled: d.Attributes.OUTBOUND_CALLS === 'true',
    InstanceAccessUrl: `https://${d.InstanceAlias ?? d.DirectoryId}.my.connect.aws`,
  };
}

// What the resources an instance holds have in common: each is a record under its id in the
// instance, most have a name no other of their kind there has, and every write is stamped with
// the emulator clock and region (Describe's LastModifiedTime and LastModifiedRegion).
import { BadRequest, duplicate, notFound } from '../protocol/errors.js';
import type { Partition, StoreTx, StoredRecord } from '../store/store.js';
import type { Work } from './work.js';

/** The members of a resource's data that renaming and stamping write. */
interface Named {
  Name?: string;
  Description?: string;
  LastModifiedTime?: number;
  LastModifiedRegion?: string;
}

/** The record `id` of `kind` in the instance, or ResourceNotFoundException ("`what` not found: `id`"). */
export async function getRecord<T>(tx: StoreTx, p: Partition, kind: string, instanceId: string, id: string, what: string): Promise<StoredRecord<T>> {
  const rec = await tx.get<T>(p, kind, instanceId, id);
  if (!rec) throw notFound(what, id);
  return rec;
}

/** DuplicateResourceException when a record of `kind` other than `self` has the name; `aWhat` names one ("A queue"). */
export async function checkNameFree(tx: StoreTx, p: Partition, kind: string, instanceId: string, aWhat: string, name: string, self?: string): Promise<void> {
  const holder = await tx.getByName(p, kind, instanceId, name);
  if (holder && holder.id !== self) throw duplicate(`${aWhat} named ${JSON.stringify(name)} already exists in this instance (${holder.id})`);
}

/** Stamps the record with the emulator clock and region and saves it under its id, name and ARN. */
export async function saveStamped<T extends Named>(w: Work, p: Partition, kind: string, instanceId: string, rec: { id: string; arn?: string; data: T }): Promise<T> {
  rec.data.LastModifiedTime = w.now;
  rec.data.LastModifiedRegion = p.region;
  await w.tx.put(p, { kind, scope: instanceId, id: rec.id, name: rec.data.Name, arn: rec.arn, data: rec.data });
  return rec.data;
}

/**
 * What UpdateQueueName and UpdateRoutingProfileName do to the record `id`: a new name (free in
 * the instance), a new description, or both; neither is refused at once, before any lookup.
 */
export function renaming(
  w: Work,
  p: Partition,
  kind: string,
  instanceId: string,
  aWhat: string,
  id: string,
  change: { Name?: string; Description?: string },
): (data: Named) => Promise<void> {
  if (change.Name === undefined && change.Description === undefined) throw new BadRequest('At least one of Name and Description must be given');
  return async (data) => {
    if (change.Name !== undefined) {
      await checkNameFree(w.tx, p, kind, instanceId, aWhat, change.Name, id);
      data.Name = change.Name;
    }
    if (change.Description !== undefined) data.Description = change.Description;
  };
}
